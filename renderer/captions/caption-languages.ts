// The caption languages as people pick them: each named in itself, and the viewer's choice kept in
// localStorage (with "off" remembered too).
import { CAPTION_LANGUAGES, captionLanguageFor, type CaptionLanguage } from '../../core/protocol/captions';

export const CAPTION_LANGUAGE_NATIVE_NAMES: Record<CaptionLanguage, string> = {
  en: 'English',
  'zh-CN': '简体中文',
  es: 'Español',
  ja: '日本語',
  ko: '한국어',
  id: 'Bahasa Indonesia',
  pt: 'Português',
  ar: 'العربية',
  fr: 'Français',
  de: 'Deutsch',
};

export function isCaptionLanguage(value: unknown): value is CaptionLanguage {
  return typeof value === 'string' && (CAPTION_LANGUAGES as readonly string[]).includes(value);
}

/** The first of the reader's languages that captions serve, or null. */
export function preferredCaptionLanguage(tags: readonly string[]): CaptionLanguage | null {
  for (const tag of tags) {
    const lang = captionLanguageFor(tag);
    if (lang) return lang;
  }
  return null;
}

/** Whether two content language tags read the same (zh and zh-CN do; en and en-GB do). */
export function sameLanguage(a: string, b: string): boolean {
  const norm = (tag: string) => captionLanguageFor(tag) ?? tag.toLowerCase().split('-')[0];
  return norm(a) === norm(b);
}

const STORAGE_KEY = 'livebridge.captionLanguage';
const OFF = 'off';

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The stored choice: a language, null for "off", or undefined when the viewer never chose. */
export function loadCaptionChoice(
  storage: StorageLike | null = safeStorage(),
): CaptionLanguage | null | undefined {
  try {
    const value = storage?.getItem(STORAGE_KEY) ?? null;
    if (value === OFF) return null;
    return isCaptionLanguage(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function saveCaptionChoice(
  lang: CaptionLanguage | null,
  storage: StorageLike | null = safeStorage(),
): void {
  try {
    storage?.setItem(STORAGE_KEY, lang ?? OFF);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** The viewer's captions on opening the page: their last choice, else their browser's language. */
export function initialCaptionLanguage(
  tags: readonly string[],
  storage: StorageLike | null = safeStorage(),
): CaptionLanguage | null {
  const stored = loadCaptionChoice(storage);
  return stored === undefined ? preferredCaptionLanguage(tags) : stored;
}

function safeStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
