import { z } from 'zod';

/**
 * Languages the viewer page is translated into (locales/<lng>/{common,viewer}.json). It is the widest list:
 * every other page's languages are among these.
 */
export const VIEWER_LANGUAGES = [
  'en',
  'zh-CN',
  'zh-TW',
  'es',
  'pt-BR',
  'ja',
  'ko',
  'id',
  'th',
  'vi',
  'ar',
  'fr',
  'de',
] as const;
/** Languages of the studio, the dashboard and the replay page (a key missing in one falls back to English). */
export const STUDIO_LANGUAGES = ['en', 'zh-CN', 'id', 'th', 'vi', 'es'] as const;

/** Every language some page of ours is in. */
export const UI_LANGUAGES = VIEWER_LANGUAGES;
export const UiLanguageSchema = z.enum(UI_LANGUAGES);
export type UiLanguage = z.infer<typeof UiLanguageSchema>;
export const StudioLanguageSchema = z.enum(STUDIO_LANGUAGES);
export type StudioLanguage = z.infer<typeof StudioLanguageSchema>;
export const DEFAULT_UI_LANGUAGE = 'en' satisfies UiLanguage & StudioLanguage;

/** Each language named in itself, so a person can find theirs whatever the current language is. */
export const UI_LANGUAGE_NATIVE_NAMES: Record<UiLanguage, string> = {
  en: 'English',
  'zh-CN': '简体中文',
  'zh-TW': '繁體中文',
  es: 'Español',
  'pt-BR': 'Português (Brasil)',
  ja: '日本語',
  ko: '한국어',
  id: 'Bahasa Indonesia',
  th: 'ไทย',
  vi: 'Tiếng Việt',
  ar: 'العربية',
  fr: 'Français',
  de: 'Deutsch',
};

/** Languages written right to left: the page is mirrored for them (the video and danmaku are not). */
const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar']);
export function languageDirection(language: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr';
}

export function isUiLanguage(value: unknown): value is UiLanguage {
  return UiLanguageSchema.safeParse(value).success;
}
export function isStudioLanguage(value: unknown): value is StudioLanguage {
  return StudioLanguageSchema.safeParse(value).success;
}

/**
 * One browser language tag (BCP 47, any case) mapped onto `languages`, or null: zh, zh-Hans and zh-SG read
 * Simplified Chinese, zh-Hant, zh-TW, zh-HK and zh-MO Traditional; pt and pt-PT read Brazilian Portuguese;
 * any other regional variant its base language (es-MX: es, fr-CA: fr). `in` is Indonesian's old code.
 */
export function matchLanguage<L extends string>(tag: string, languages: readonly L[]): L | null {
  const parts = tag.toLowerCase().split(/[-_]/);
  const base = parts[0] === 'in' ? 'id' : parts[0]!;
  const pick = (lng: string) => languages.find((l) => l.toLowerCase() === lng) ?? null;
  const exact = pick(parts.join('-'));
  if (exact) return exact;
  if (base === 'zh') {
    const traditional = parts.some((p) => ['hant', 'tw', 'hk', 'mo'].includes(p));
    return traditional ? (pick('zh-tw') ?? pick('zh-cn')) : pick('zh-cn');
  }
  if (base === 'pt') return pick('pt-br');
  return pick(base);
}

/** The first of the browser's languages (navigator.languages) that `languages` has, else English. */
export function preferredLanguage<L extends string>(tags: readonly string[], languages: readonly L[]): L {
  for (const tag of tags) {
    const match = matchLanguage(tag, languages);
    if (match) return match;
  }
  return languages.find((l) => l === DEFAULT_UI_LANGUAGE) ?? languages[0]!;
}

/** A BCP 47 tag such as `es`, `pt-BR` or `zh-Hant`, for content languages (captions, comments). */
export const LanguageTagSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a language tag such as "en" or "zh-CN"');
