import { useTranslation } from 'react-i18next';
import { PageShell } from './PageShell';
import { setLanguage } from './i18n';

/** The shell of a page that has no content yet: title, language switcher and its empty state. */
export function SimplePage({ ns }: { ns: 'dashboard' | 'replay' | 'viewer' }) {
  const { t } = useTranslation(ns);
  return (
    <PageShell titleKey={`${ns}:title`} onLanguageChange={(lng) => void setLanguage(lng)}>
      <p className="empty-state" data-testid="empty-state">
        {t('empty')}
      </p>
    </PageShell>
  );
}
