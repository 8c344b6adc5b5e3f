// The main process's own strings (dialogs, the tray, update notices) in the user's language: the
// `desktop` namespace of locales/, the language from the studio's setting or else the system's.
import i18next, { type TFunction } from 'i18next';
import { DEFAULT_UI_LANGUAGE, UI_LANGUAGES, isUiLanguage, type UiLanguage } from '../core/protocol/languages';
import enDesktop from '../locales/en/desktop.json';
import zhDesktop from '../locales/zh-CN/desktop.json';

export const desktopResources = { en: { desktop: enDesktop }, 'zh-CN': { desktop: zhDesktop } } as const;

/** A system locale (app.getLocale(): 'zh-CN', 'zh-TW', 'en-US'...) mapped onto the UI languages. */
export function desktopLanguage(chosen: string | null | undefined, systemLocale: string): UiLanguage {
  if (isUiLanguage(chosen)) return chosen;
  if (isUiLanguage(systemLocale)) return systemLocale;
  if (/^zh(-(Hans|CN|SG))?$/i.test(systemLocale)) return 'zh-CN';
  return DEFAULT_UI_LANGUAGE;
}

export async function desktopT(lng: UiLanguage): Promise<TFunction<'desktop'>> {
  const instance = i18next.createInstance();
  await instance.init({
    resources: desktopResources,
    lng,
    fallbackLng: DEFAULT_UI_LANGUAGE,
    supportedLngs: [...UI_LANGUAGES],
    ns: ['desktop'],
    defaultNS: 'desktop',
    interpolation: { escapeValue: false }, // native dialogs and menus, never markup
  });
  return instance.getFixedT(lng, 'desktop');
}
