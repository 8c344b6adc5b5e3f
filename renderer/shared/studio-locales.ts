// The studio's, the dashboard's and the replay page's strings: every page namespace (not `desktop`, the
// Electron main process's own), in STUDIO_LANGUAGES. A file a language does not have yet is not loaded,
// and its keys read English.
import { STUDIO_LANGUAGES, type StudioLanguage } from '../../core/protocol/languages';
import { localeResources, type PageLocales } from './i18n';

// The glob names STUDIO_LANGUAGES again (it must be a literal); studio-locales.test.ts keeps the two equal.
export const resources = localeResources(
  import.meta.glob('../../locales/{en,zh-CN,id,th,vi,es}/{common,dashboard,replay,studio,viewer}.json', {
    eager: true,
    import: 'default',
  }),
  STUDIO_LANGUAGES,
);

export const STUDIO_LOCALES: PageLocales<StudioLanguage> = { languages: STUDIO_LANGUAGES, resources };
