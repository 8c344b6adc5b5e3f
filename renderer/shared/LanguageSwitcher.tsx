import { useTranslation } from 'react-i18next';
import {
  isUiLanguage,
  UI_LANGUAGE_NATIVE_NAMES,
  UI_LANGUAGES,
  type UiLanguage,
} from '../../core/protocol/languages';

export function LanguageSwitcher({ onChange }: { onChange: (language: UiLanguage) => void }) {
  const { t, i18n } = useTranslation('common');
  return (
    <label className="language-switcher">
      <span>{t('language')}</span>
      <select
        data-testid="language-switcher"
        value={i18n.resolvedLanguage ?? i18n.language}
        onChange={(e) => {
          if (isUiLanguage(e.target.value)) onChange(e.target.value);
        }}
      >
        {UI_LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {UI_LANGUAGE_NATIVE_NAMES[lng]}
          </option>
        ))}
      </select>
    </label>
  );
}
