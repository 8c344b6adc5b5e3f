import { describe, expect, it } from 'vitest';
import {
  CLS,
  charClass,
  classOf,
  isSpacedWordChar,
  isUnspacedChar,
  isWordCodePoint,
  WORD_END,
  WORD_START,
} from './script';

describe('script classes', () => {
  it.each([
    ['a', CLS.LATIN],
    ['é', CLS.LATIN],
    ['7', CLS.DIGIT],
    ['٣', CLS.DIGIT],
    ['口', CLS.HAN],
    ['𠮷', CLS.HAN],
    ['か', CLS.KANA],
    ['ー', CLS.KANA],
    ['립', CLS.HANGUL],
    ['ㅋ', CLS.HANGUL],
    ['ж', CLS.CYRILLIC],
    ['ب', CLS.ARABIC],
    ['ก', CLS.SEA],
    ['हि', CLS.DEVANAGARI],
    ['😍', CLS.EMOJI],
    ['!', CLS.PUNCT],
    [' ', CLS.SPACE],
  ])('%s', (c, k) => {
    expect(classOf(c.codePointAt(0)!)).toBe(k);
  });

  it('classifies a raw character by what it folds to', () => {
    expect(charClass('Ａ')).toBe(CLS.LATIN);
    expect(charClass('１')).toBe(CLS.DIGIT);
    expect(charClass('ｶ')).toBe(CLS.KANA);
  });

  it('tells unspaced scripts from spaced ones: Hangul is spaced, Han, kana and Thai are not', () => {
    for (const c of ['口', 'か', 'カ', 'ｶ', 'ก', '々']) expect(isUnspacedChar(c), c).toBe(true);
    for (const c of ['a', '립', 'ж', 'ب', '1', '!', ' ']) expect(isUnspacedChar(c), c).toBe(false);
    for (const c of ['a', 'Ａ', '립', 'ж', 'ب', '1', '\u0301']) expect(isSpacedWordChar(c), c).toBe(true);
    for (const c of ['口', 'か', 'ก', '!', ' ', '😍', '']) expect(isSpacedWordChar(c), c).toBe(false);
    expect(isWordCodePoint(0x0301)).toBe(true); // a combining mark continues its word
  });

  it('writes the same boundary rule as regular expressions, Korean particles included', () => {
    const word = (w: string) => new RegExp(`${WORD_START}${w}${WORD_END}`, 'u');
    expect(word('xl').test('xl码')).toBe(true);
    expect(word('xl').test('xl이 좋아요')).toBe(true);
    expect(word('xl').test('xlarge')).toBe(false);
    expect(word('xl').test('axl')).toBe(false);
    expect(word('립스틱').test('립스틱은')).toBe(true);
    expect(word('립스틱').test('매트립스틱')).toBe(false);
  });
});
