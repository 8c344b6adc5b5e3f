// The viewer page's strings: common and viewer only, in every VIEWER_LANGUAGES language.
import { VIEWER_LANGUAGES, type UiLanguage } from '../../core/protocol/languages';
import { localeResources, type PageLocales } from '../shared/i18n';

export const VIEWER_LOCALES: PageLocales<UiLanguage> = {
  languages: VIEWER_LANGUAGES,
  resources: localeResources(
    import.meta.glob(['../../locales/*/common.json', '../../locales/*/viewer.json'], {
      eager: true,
      import: 'default',
    }),
    VIEWER_LANGUAGES,
  ),
};
