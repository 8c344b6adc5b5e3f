import { useTranslation } from 'react-i18next';
import { UI_LANGUAGE_NATIVE_NAMES, type UiLanguage } from '../../core/protocol/languages';

/** The page's languages, each named in itself. */
export function LanguageSwitcher<L extends UiLanguage>({
  languages,
  onChange,
}: {
  languages: readonly L[];
  onChange: (language: L) => void;
}) {
  const { t, i18n } = useTranslation('common');
  return (
    <label className="language-switcher">
      <span>{t('language')}</span>
      <select
        data-testid="language-switcher"
        value={i18n.resolvedLanguage ?? i18n.language}
        onChange={(e) => {
          const chosen = languages.find((l) => l === e.target.value);
          if (chosen) onChange(chosen);
        }}
      >
        {languages.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {UI_LANGUAGE_NATIVE_NAMES[lng]}
          </option>
        ))}
      </select>
    </label>
  );
}
