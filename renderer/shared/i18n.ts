// i18next for every page. Each page bundles the locale files it reads (its languages, its namespaces: see
// renderer/viewer/viewer-locales.ts and ./studio-locales.ts); a key a language lacks falls back to English.
// The language choice lives in localStorage so every page opens in it (the studio also keeps it in the
// host's settings); without one, the browser's languages pick. Arabic turns the page right to left.
// `?i18nDebug` (tests): no English fallback, every missing key listed on window.__i18nMissing, and
// i18next itself on window.__i18n (a test can add a pseudo-locale's strings).
import i18next, { type i18n, type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import {
  DEFAULT_UI_LANGUAGE,
  languageDirection,
  matchLanguage,
  preferredLanguage,
  type UiLanguage,
} from '../../core/protocol/languages';

/** What a page is translated into: its languages and their bundled strings. */
export interface PageLocales<L extends UiLanguage = UiLanguage> {
  languages: readonly L[];
  resources: Resource;
}

declare global {
  interface Window {
    __i18n?: i18n;
    /** `lng/ns:key` of every string asked for and not there (pages opened with ?i18nDebug). */
    __i18nMissing?: string[];
  }
}

/**
 * Locale files as `import.meta.glob` returns them (`.../locales/<lng>/<ns>.json` -> its JSON, eager, default
 * import) made i18next resources, for `languages` only. A file that is not there is simply not loaded.
 */
export function localeResources(files: Record<string, unknown>, languages: readonly string[]): Resource {
  const resources: Resource = {};
  for (const [file, strings] of Object.entries(files)) {
    const m = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
    if (!m || !languages.includes(m[1]!)) continue;
    (resources[m[1]!] ??= {})[m[2]!] = strings as Resource[string][string];
  }
  return resources;
}

const STORAGE_KEY = 'livebridge.language';

/** The language chosen on some page of ours, as one of `languages` (zh-TW reads zh-CN where only that is). */
export function storedLanguage<L extends UiLanguage>(languages: readonly L[]): L | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value ? matchLanguage(value, languages) : null;
  } catch {
    return null;
  }
}

function showLanguage(lng: string): void {
  document.documentElement.lang = lng;
  document.documentElement.dir = languageDirection(lng);
}

export async function initI18n(page: PageLocales): Promise<i18n> {
  const lng = storedLanguage(page.languages) ?? preferredLanguage(navigator.languages ?? [], page.languages);
  const debug = new URLSearchParams(location.search).has('i18nDebug');
  const missing: string[] = [];
  await i18next.use(initReactI18next).init({
    resources: page.resources,
    lng,
    fallbackLng: debug ? false : DEFAULT_UI_LANGUAGE,
    supportedLngs: [...page.languages],
    ns: Object.keys(page.resources[DEFAULT_UI_LANGUAGE] ?? {}),
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // React escapes; strings never become markup
    returnNull: false,
    saveMissing: debug,
    missingKeyHandler: debug ? (lngs, ns, key) => missing.push(`${lngs.join(',')}/${ns}:${key}`) : false,
  });
  if (debug) {
    window.__i18n = i18next;
    window.__i18nMissing = missing;
  }
  showLanguage(i18next.language);
  i18next.on('languageChanged', showLanguage);
  return i18next;
}

export async function setLanguage(language: UiLanguage): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // private mode: the choice lasts for this page only
  }
  await i18next.changeLanguage(language);
}

/** The language after `current` in the page's list (Alt+L), round to the first. */
export function nextLanguage<L extends UiLanguage>(current: string, languages: readonly L[]): L {
  const i = languages.findIndex((l) => l === current);
  return languages[(i + 1) % languages.length] ?? languages[0]!;
}
