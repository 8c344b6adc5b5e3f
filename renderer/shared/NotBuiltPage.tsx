import { useTranslation } from 'react-i18next';
import { PageShell } from './PageShell';
import { setLanguage } from './i18n';

/**
 * A page whose feature does not exist yet. It says so, and what it is planned to do, rather than showing
 * an empty state that would claim the feature works and simply has nothing to show.
 */
export function NotBuiltPage({ ns }: { ns: 'replay' }) {
  const { t } = useTranslation(ns);
  return (
    <PageShell titleKey={`${ns}:title`} onLanguageChange={(lng) => void setLanguage(lng)}>
      <section className="card not-built" data-testid="not-built" aria-labelledby="not-built-heading">
        <h2 id="not-built-heading">{t('common:notBuilt')}</h2>
        <p data-testid="not-built-body">{t('notBuilt')}</p>
      </section>
    </PageShell>
  );
}
