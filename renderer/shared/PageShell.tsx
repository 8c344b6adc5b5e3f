import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiLanguage } from '../../core/protocol/languages';
import { LanguageSwitcher } from './LanguageSwitcher';
import { nextLanguage } from './i18n';

interface PageShellProps<L extends UiLanguage> {
  /** i18n key of the page title, e.g. `studio:title`. */
  titleKey: string;
  /** The languages this page is in: the switcher offers them, Alt+L cycles through them. */
  languages: readonly L[];
  onLanguageChange: (language: L) => void;
  /** Whether Alt+L is handled here (true unless the page binds its keys in one place, as the studio does). */
  languageShortcut?: boolean;
  /** Shown between the header and the page body (the studio's panel toggles). */
  toolbar?: ReactNode;
  children?: ReactNode;
}

/** Header with the page title and language switcher; Alt+L cycles the language on every page. */
export function PageShell<L extends UiLanguage>({
  titleKey,
  languages,
  onLanguageChange,
  languageShortcut = true,
  toolbar,
  children,
}: PageShellProps<L>) {
  const { t, i18n } = useTranslation();
  const title = t(titleKey);
  useEffect(() => {
    document.title = `${title} · ${t('common:appName')}`;
  }, [title, t]);
  useEffect(() => {
    if (!languageShortcut) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyL') {
        e.preventDefault();
        onLanguageChange(nextLanguage(i18n.language, languages));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [i18n, languages, onLanguageChange, languageShortcut]);
  return (
    <div className="page">
      <header className="page-header">
        <div className="brand" aria-hidden="true" />
        <div className="titles">
          <span className="app-name">{t('common:appName')}</span>
          <h1 data-testid="page-title">{title}</h1>
        </div>
        <LanguageSwitcher languages={languages} onChange={onLanguageChange} />
      </header>
      {toolbar}
      <main className="page-body">{children}</main>
    </div>
  );
}
