import { describe, expect, it } from 'vitest';
import {
  languageDirection,
  matchLanguage,
  preferredLanguage,
  STUDIO_LANGUAGES,
  StudioLanguageSchema,
  VIEWER_LANGUAGES,
} from './languages';

describe('page languages', () => {
  it('maps browser tags onto the viewer page languages', () => {
    const cases: [string, string | null][] = [
      ['zh', 'zh-CN'],
      ['zh-Hans-CN', 'zh-CN'],
      ['zh-SG', 'zh-CN'],
      ['zh-TW', 'zh-TW'],
      ['zh-Hant', 'zh-TW'],
      ['zh-HK', 'zh-TW'],
      ['pt', 'pt-BR'],
      ['pt-PT', 'pt-BR'],
      ['pt-br', 'pt-BR'],
      ['es-MX', 'es'],
      ['es-419', 'es'],
      ['fr-CA', 'fr'],
      ['de-AT', 'de'],
      ['ar-EG', 'ar'],
      ['ja-JP', 'ja'],
      ['ko-KR', 'ko'],
      ['in-ID', 'id'],
      ['th-TH', 'th'],
      ['vi-VN', 'vi'],
      ['en-GB', 'en'],
      ['it-IT', null],
    ];
    for (const [tag, lng] of cases) expect(matchLanguage(tag, VIEWER_LANGUAGES), tag).toBe(lng);
  });

  it('maps them onto the studio languages, which have fewer', () => {
    expect(matchLanguage('zh-TW', STUDIO_LANGUAGES)).toBe('zh-CN');
    expect(matchLanguage('ar', STUDIO_LANGUAGES)).toBeNull();
    expect(preferredLanguage(['ar-SA', 'fr', 'es-AR'], STUDIO_LANGUAGES)).toBe('es');
    expect(preferredLanguage(['ar-SA', 'fr'], STUDIO_LANGUAGES)).toBe('en');
    expect(preferredLanguage(['ar-SA', 'fr'], VIEWER_LANGUAGES)).toBe('ar');
  });

  it('writes Arabic right to left and the rest left to right', () => {
    expect(languageDirection('ar')).toBe('rtl');
    expect(VIEWER_LANGUAGES.filter((l) => languageDirection(l) === 'rtl')).toEqual(['ar']);
  });

  it('keeps a studio setting to the studio languages', () => {
    expect(StudioLanguageSchema.safeParse('th').success).toBe(true);
    expect(StudioLanguageSchema.safeParse('ar').success).toBe(false);
  });
});
