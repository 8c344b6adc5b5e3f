import { describe, expect, it } from 'vitest';
import { CAPTION_LANGUAGES } from '../../core/protocol/captions';
import {
  CAPTION_LANGUAGE_NATIVE_NAMES,
  initialCaptionLanguage,
  loadCaptionChoice,
  preferredCaptionLanguage,
  saveCaptionChoice,
  sameLanguage,
  type StorageLike,
} from './caption-languages';

const memory = (): StorageLike & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};

describe('caption languages', () => {
  it('names every caption language in itself', () => {
    for (const lang of CAPTION_LANGUAGES) expect(CAPTION_LANGUAGE_NATIVE_NAMES[lang]).toBeTruthy();
  });

  it("defaults to the browser's first language captions serve", () => {
    expect(preferredCaptionLanguage(['es-MX', 'en'])).toBe('es');
    expect(preferredCaptionLanguage(['th-TH', 'zh-Hans-CN'])).toBe('zh-CN');
    expect(preferredCaptionLanguage(['th'])).toBeNull();
  });

  it('remembers a choice, including off, over the browser language', () => {
    const storage = memory();
    expect(initialCaptionLanguage(['ja'], storage)).toBe('ja');
    saveCaptionChoice(null, storage);
    expect(loadCaptionChoice(storage)).toBeNull();
    expect(initialCaptionLanguage(['ja'], storage)).toBeNull();
    saveCaptionChoice('ko', storage);
    expect(initialCaptionLanguage(['ja'], storage)).toBe('ko');
    storage.data.set('livebridge.captionLanguage', 'xx');
    expect(initialCaptionLanguage(['ja'], storage)).toBe('ja');
  });

  it('compares content languages by what a reader reads', () => {
    expect(sameLanguage('zh', 'zh-CN')).toBe(true);
    expect(sameLanguage('en-GB', 'en')).toBe(true);
    expect(sameLanguage('es', 'en')).toBe(false);
  });
});
