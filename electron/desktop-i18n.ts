// The main process's own strings (dialogs, the tray, update notices) in the user's language: the
// `desktop` namespace of locales/, the language from the studio's setting or else the system's, among the
// studio's languages (STUDIO_LANGUAGES); a key a language lacks reads English.
import i18next, { type TFunction } from 'i18next';
import {
  DEFAULT_UI_LANGUAGE,
  STUDIO_LANGUAGES,
  isStudioLanguage,
  preferredLanguage,
  type StudioLanguage,
} from '../core/protocol/languages';
import enDesktop from '../locales/en/desktop.json';
import esDesktop from '../locales/es/desktop.json';
import idDesktop from '../locales/id/desktop.json';
import thDesktop from '../locales/th/desktop.json';
import viDesktop from '../locales/vi/desktop.json';
import zhDesktop from '../locales/zh-CN/desktop.json';

export const desktopResources = {
  en: { desktop: enDesktop },
  'zh-CN': { desktop: zhDesktop },
  id: { desktop: idDesktop },
  th: { desktop: thDesktop },
  vi: { desktop: viDesktop },
  es: { desktop: esDesktop },
} as const satisfies Record<StudioLanguage, { desktop: unknown }>;

/** The studio's chosen language, else the system locale (app.getLocale(): 'zh-CN', 'es-419'...) mapped. */
export function desktopLanguage(chosen: string | null | undefined, systemLocale: string): StudioLanguage {
  if (isStudioLanguage(chosen)) return chosen;
  return preferredLanguage([systemLocale], STUDIO_LANGUAGES);
}

export async function desktopT(lng: StudioLanguage): Promise<TFunction<'desktop'>> {
  const instance = i18next.createInstance();
  await instance.init({
    resources: desktopResources,
    lng,
    fallbackLng: DEFAULT_UI_LANGUAGE,
    supportedLngs: [...STUDIO_LANGUAGES],
    ns: ['desktop'],
    defaultNS: 'desktop',
    interpolation: { escapeValue: false }, // native dialogs and menus, never markup
  });
  return instance.getFixedT(lng, 'desktop');
}
