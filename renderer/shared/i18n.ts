// i18next for every page. Resources are bundled (they are small); the language choice lives in
// localStorage so every page opens in it, and the studio also keeps it in the host's settings.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import {
  DEFAULT_UI_LANGUAGE,
  isUiLanguage,
  UI_LANGUAGES,
  type UiLanguage,
} from '../../core/protocol/languages';
import enCommon from '../../locales/en/common.json';
import enDashboard from '../../locales/en/dashboard.json';
import enReplay from '../../locales/en/replay.json';
import enStudio from '../../locales/en/studio.json';
import enViewer from '../../locales/en/viewer.json';
import zhCommon from '../../locales/zh-CN/common.json';
import zhDashboard from '../../locales/zh-CN/dashboard.json';
import zhReplay from '../../locales/zh-CN/replay.json';
import zhStudio from '../../locales/zh-CN/studio.json';
import zhViewer from '../../locales/zh-CN/viewer.json';

export const resources = {
  en: { common: enCommon, studio: enStudio, dashboard: enDashboard, replay: enReplay, viewer: enViewer },
  'zh-CN': { common: zhCommon, studio: zhStudio, dashboard: zhDashboard, replay: zhReplay, viewer: zhViewer },
} as const;

const STORAGE_KEY = 'livebridge.language';

export function storedLanguage(): UiLanguage | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isUiLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

/** The browser's preferred languages mapped onto ours: zh, zh-Hans, zh-SG... read Simplified Chinese. */
function preferredLanguage(): UiLanguage {
  for (const tag of navigator.languages ?? []) {
    if (isUiLanguage(tag)) return tag;
    if (/^zh(-(Hans|CN|SG))?/i.test(tag)) return 'zh-CN';
    if (/^en/i.test(tag)) return 'en';
  }
  return DEFAULT_UI_LANGUAGE;
}

export async function initI18n(): Promise<i18n> {
  const lng = storedLanguage() ?? preferredLanguage();
  await i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: DEFAULT_UI_LANGUAGE,
    supportedLngs: [...UI_LANGUAGES],
    ns: Object.keys(resources.en),
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // React escapes; strings never become markup
    returnNull: false,
  });
  document.documentElement.lang = lng;
  i18next.on('languageChanged', (next) => {
    document.documentElement.lang = next;
  });
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

export function nextLanguage(current: string): UiLanguage {
  const i = UI_LANGUAGES.indexOf(current as UiLanguage);
  return UI_LANGUAGES[(i + 1) % UI_LANGUAGES.length] ?? DEFAULT_UI_LANGUAGE;
}
