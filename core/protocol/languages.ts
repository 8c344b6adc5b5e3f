import { z } from 'zod';

/** Languages the studio's own interface is translated into (locales/<lng>/). */
export const UI_LANGUAGES = ['en', 'zh-CN'] as const;
export const UiLanguageSchema = z.enum(UI_LANGUAGES);
export type UiLanguage = z.infer<typeof UiLanguageSchema>;
export const DEFAULT_UI_LANGUAGE: UiLanguage = 'en';

/** Each language named in itself, so a person can find theirs whatever the current language is. */
export const UI_LANGUAGE_NATIVE_NAMES: Record<UiLanguage, string> = {
  en: 'English',
  'zh-CN': '简体中文',
};

export function isUiLanguage(value: unknown): value is UiLanguage {
  return UiLanguageSchema.safeParse(value).success;
}

/** A BCP 47 tag such as `es`, `pt-BR` or `zh-Hant`, for content languages (captions, comments). */
export const LanguageTagSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a language tag such as "en" or "zh-CN"');
