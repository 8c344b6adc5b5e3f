import { describe, expect, it } from 'vitest';
import { CLS } from '../text/script';
import { NormalizedText, normalizedString, normalizeInto, MAX_CODE_POINTS } from './text';

describe('comment normalisation', () => {
  it('folds case, width, accents and spacing the way people type the same word differently', () => {
    expect(normalizedString('  Hola   MUNDO ')).toBe('hola mundo');
    expect(normalizedString('ＡＢＣ６６６')).toBe('abc666');
    expect(normalizedString('Café Ünïcödé')).toBe('cafe unicode');
    expect(normalizedString('don’t')).toBe("don't");
    expect(normalizedString('ｶﾀｶﾅ')).toBe('カタカナ');
  });

  it('cuts long repeats so "666666" and "6666" are the same comment', () => {
    expect(normalizedString('666666')).toBe('666');
    expect(normalizedString('!!!!!!')).toBe('!!!');
    expect(normalizedString('ㅋㅋㅋㅋㅋㅋ')).toBe('ㅋㅋㅋ');
    expect(normalizedString('hahahahahaha jajajajaja')).toBe('hahaha jajaja');
    expect(normalizedString('哈哈哈哈哈')).toBe('哈哈哈');
  });

  it('drops skin tones, variation selectors and joiners, keeping the emoji', () => {
    expect(normalizedString('👍🏻👍🏽')).toBe('👍👍');
    expect(normalizedString('❤️')).toBe('❤');
  });

  it('unifies Arabic letter variants and presentation forms', () => {
    expect(normalizedString('ﻃﻔﻼً أحمد إلى')).toBe('طفلا احمد الي');
  });

  it('keeps Korean chat jamo (ㅋ, ㅠ) as they are', () => {
    const t = normalizeInto('ㅠㅠ', new NormalizedText());
    expect(Array.from(t.cp.slice(0, t.length))).toEqual([0x3160, 0x3160]);
    expect(t.cls[0]).toBe(CLS.HANGUL);
  });

  it('classifies scripts', () => {
    const t = normalizeInto('a1 中か한ب🔥!', new NormalizedText());
    expect(Array.from(t.cls.slice(0, t.length))).toEqual([
      CLS.LATIN,
      CLS.DIGIT,
      CLS.SPACE,
      CLS.HAN,
      CLS.KANA,
      CLS.HANGUL,
      CLS.ARABIC,
      CLS.EMOJI,
      CLS.PUNCT,
    ]);
  });

  it('bounds the work on a huge comment', () => {
    const t = normalizeInto('ab '.repeat(10_000), new NormalizedText());
    expect(t.length).toBeLessThanOrEqual(MAX_CODE_POINTS);
  });

  it('survives lone surrogates, control characters and non-characters', () => {
    expect(normalizedString('a\ud800b\u0000c')).toBe('ab c');
    // U+FFFE once threw (it is the fold table's own marker for "expands to several code points").
    expect(normalizedString('a\ufffeb\uffffc')).toBe('abc');
  });
});
