// Script classes of code points, and the word-boundary rule each class follows, for every piece of code
// that reads text: catalog matching in captions and comments, intent cues, and the sentiment features.
// The class table is the one the shipped sentiment model was trained with (core/sentiment), so it must
// not change without retraining: core/sentiment/features-identity.test.ts holds it to that.
//
// Word boundaries, one rule everywhere a phrase is looked for in text (see phrase-index.ts):
// - Unspaced scripts (Han, kana, Thai, Lao, Myanmar, Khmer): every character boundary is a word boundary,
//   so a phrase made of them is found anywhere ("口红" in "这个口红多少钱").
// - Spaced scripts (Latin, Cyrillic, Greek, Arabic, Hebrew, Indic, Hangul and the rest) and digits: a
//   phrase starting with one of their letters, digits or marks must not start inside a word, and one ending
//   with one must not end inside a word ("ship" is not in "membership", "M" is no size in "Madrid").
// - Except: a Hangul character right after a phrase is no reason to reject it. Korean is written with
//   spaces between words (as core/captions always treated it), but particles and endings are written onto
//   the word they follow, whatever its script: "립스틱은", "립스틱이에요" and "MAC을" contain "립스틱" and
//   "MAC". The start of a Korean word still needs a boundary; a compound written without its space
//   ("매트립스틱") is therefore not found by its last part alone.

import { foldChar } from './fold-char';

/** Script classes of a folded code point. Numbers (not an enum) so they fit a Uint8Array. */
export const CLS = {
  SPACE: 0,
  PUNCT: 1,
  DIGIT: 2,
  LATIN: 3,
  CYRILLIC: 4,
  GREEK: 5,
  ARABIC: 6,
  HEBREW: 7,
  DEVANAGARI: 8,
  /** Other Brahmic scripts: Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala. */
  INDIC: 9,
  /** Unspaced South-East Asian scripts: Thai, Lao, Myanmar, Khmer. */
  SEA: 10,
  HAN: 11,
  KANA: 12,
  HANGUL: 13,
  /** Emoji and pictographic symbols (hearts, stars, dingbats, flags). */
  EMOJI: 14,
  /** Letters of any other script (Georgian, Armenian, Ethiopic, ...). */
  OTHER: 15,
} as const;
export type ScriptClass = (typeof CLS)[keyof typeof CLS];

const LETTER = /^\p{L}$/u;

/**
 * Script class of a code point that is already folded (NFKC, lower case: see foldChar). A raw character
 * may fold into another class (full-width "１" is a digit only once folded): use charClass for those.
 */
export function classOf(cp: number): ScriptClass {
  if (cp < 0x80) {
    if (cp >= 0x61 && cp <= 0x7a) return CLS.LATIN;
    if (cp >= 0x41 && cp <= 0x5a) return CLS.LATIN;
    if (cp >= 0x30 && cp <= 0x39) return CLS.DIGIT;
    if (cp <= 0x20 || cp === 0x7f) return CLS.SPACE;
    return CLS.PUNCT;
  }
  return rangeClass(cp);
}

/** Class of a code point from 0x80 on, by block. */
function rangeClass(cp: number): ScriptClass {
  if (cp <= 0x00bf) return cp === 0xa0 || cp === 0xad ? CLS.SPACE : CLS.PUNCT;
  if (cp <= 0x024f) return cp === 0xd7 || cp === 0xf7 ? CLS.PUNCT : CLS.LATIN;
  if (cp <= 0x02af) return CLS.LATIN; // IPA extensions
  if (cp <= 0x036f) return CLS.PUNCT; // modifier letters, combining marks (dropped by the sentiment fold)
  if (cp <= 0x03ff) return CLS.GREEK;
  if (cp <= 0x052f) return CLS.CYRILLIC;
  if (cp >= 0x0530 && cp <= 0x058f) return CLS.OTHER; // Armenian
  if (cp >= 0x0590 && cp <= 0x05ff) return CLS.HEBREW;
  if ((cp >= 0x0600 && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0x08a0 && cp <= 0x08ff)) {
    if ((cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06f0 && cp <= 0x06f9)) return CLS.DIGIT;
    if (cp === 0x060c || cp === 0x061b || cp === 0x061f || cp === 0x066a || cp === 0x06d4) return CLS.PUNCT;
    return CLS.ARABIC;
  }
  if (cp >= 0x0900 && cp <= 0x097f) return cp === 0x0964 || cp === 0x0965 ? CLS.PUNCT : CLS.DEVANAGARI;
  if (cp >= 0x0980 && cp <= 0x0dff) return CLS.INDIC;
  if (cp >= 0x0e00 && cp <= 0x0eff) return CLS.SEA; // Thai, Lao
  if (cp >= 0x1000 && cp <= 0x109f) return CLS.SEA; // Myanmar
  if (cp >= 0x10a0 && cp <= 0x10ff) return CLS.OTHER; // Georgian
  if (cp >= 0x1100 && cp <= 0x11ff) return CLS.HANGUL;
  if (cp >= 0x1200 && cp <= 0x139f) return CLS.OTHER; // Ethiopic
  if (cp >= 0x1780 && cp <= 0x17ff) return CLS.SEA; // Khmer
  if (cp >= 0x1e00 && cp <= 0x1eff) return CLS.LATIN; // Latin extended additional (Vietnamese)
  if (cp >= 0x1f00 && cp <= 0x1fff) return CLS.GREEK;
  if (cp >= 0x2000 && cp <= 0x206f)
    return cp <= 0x200a || cp === 0x2028 || cp === 0x2029 ? CLS.SPACE : CLS.PUNCT;
  if (cp >= 0x2190 && cp <= 0x21ff) return CLS.EMOJI; // arrows
  if (cp >= 0x2300 && cp <= 0x23ff) return CLS.EMOJI; // watch, hourglass, ...
  if (cp >= 0x25a0 && cp <= 0x27bf) return CLS.EMOJI; // shapes, misc symbols, dingbats
  if (cp >= 0x2900 && cp <= 0x297f) return CLS.EMOJI;
  if (cp >= 0x2b00 && cp <= 0x2bff) return CLS.EMOJI;
  if (cp === 0x3000) return CLS.SPACE;
  if (cp === 0x3005 || cp === 0x3007) return CLS.HAN;
  if (cp === 0x3030 || cp === 0x303d || cp === 0x3297 || cp === 0x3299) return CLS.EMOJI;
  if (cp >= 0x3001 && cp <= 0x303f) return CLS.PUNCT;
  if (cp >= 0x3040 && cp <= 0x30ff) return cp === 0x30fb ? CLS.PUNCT : CLS.KANA;
  if (cp >= 0x3130 && cp <= 0x318f) return CLS.HANGUL; // compatibility jamo: ㅋ ㅎ ㅠ
  if (cp >= 0x31f0 && cp <= 0x31ff) return CLS.KANA;
  if (cp >= 0x3400 && cp <= 0x4dbf) return CLS.HAN;
  if (cp >= 0x4e00 && cp <= 0x9fff) return CLS.HAN;
  if (cp >= 0xa960 && cp <= 0xa97f) return CLS.HANGUL;
  if (cp >= 0xac00 && cp <= 0xd7ff) return CLS.HANGUL;
  if (cp >= 0xf900 && cp <= 0xfaff) return CLS.HAN;
  if ((cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfefe)) return CLS.ARABIC;
  if (cp >= 0xff66 && cp <= 0xff9f) return CLS.KANA;
  if (cp >= 0xffa0 && cp <= 0xffdc) return CLS.HANGUL;
  if (cp >= 0x1f000 && cp <= 0x1faff) return CLS.EMOJI;
  if (cp >= 0x20000 && cp <= 0x3ffff) return CLS.HAN;
  if (cp >= 0xfe00 && cp <= 0xfe0f) return CLS.PUNCT;
  return LETTER.test(String.fromCodePoint(cp)) ? CLS.OTHER : CLS.PUNCT;
}

/**
 * Regex source for one character of an unspaced script, the same characters as isUnspacedClass (for the
 * few matchers written as regular expressions: prices and sizes in captions).
 */
export const UNSPACED_CHARS =
  '\\u0e00-\\u0eff\\u1000-\\u109f\\u1780-\\u17ff\\u3005\\u3007\\u3040-\\u30fa\\u30fc-\\u30ff\\u31f0-\\u31ff' +
  '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff66-\\uff9f\\u{20000}-\\u{3ffff}';
/** Regex source for one Hangul character (the classes' HANGUL blocks). */
export const HANGUL_CHARS = '\\u1100-\\u11ff\\u3130-\\u318f\\ua960-\\ua97f\\uac00-\\ud7ff\\uffa0-\\uffdc';
/** Regex (flag u): here no word of a spaced script is running on from the left. */
export const WORD_START = `(?<![\\p{L}\\p{N}\\p{M}](?<![${UNSPACED_CHARS}]))`;
/** Regex (flag u): here no word of a spaced script runs on, a Korean particle aside. */
export const WORD_END = `(?![\\p{L}\\p{N}\\p{M}](?<![${UNSPACED_CHARS}${HANGUL_CHARS}]))`;

/** Scripts written without spaces between words: any character boundary is a word boundary. */
export function isUnspacedClass(k: number): boolean {
  return k === CLS.HAN || k === CLS.KANA || k === CLS.SEA;
}

/** Letters of scripts that separate words with spaces (Hangul included). */
export function isSpacedLetterClass(k: number): boolean {
  return (
    k === CLS.LATIN ||
    k === CLS.CYRILLIC ||
    k === CLS.GREEK ||
    k === CLS.ARABIC ||
    k === CLS.HEBREW ||
    k === CLS.DEVANAGARI ||
    k === CLS.INDIC ||
    k === CLS.HANGUL ||
    k === CLS.OTHER
  );
}

// Boundary flags per folded code point, computed once per BMP code point on first sight.
const F_WORD = 1; // a letter, digit or mark of a spaced script: continues a word it touches
const F_UNSPACED = 2;
const F_HANGUL = 4;
const F_SET = 128;
const bmpFlags = new Uint8Array(0x10000);
const MARK = /^\p{M}$/u;

function computeFlags(cp: number): number {
  const k = classOf(cp);
  let f = F_SET;
  if (isUnspacedClass(k)) f |= F_UNSPACED;
  else if (isSpacedLetterClass(k) || k === CLS.DIGIT || MARK.test(String.fromCodePoint(cp))) f |= F_WORD;
  if (k === CLS.HANGUL) f |= F_HANGUL;
  return f;
}

function flagsOf(cp: number): number {
  if (cp >= 0x10000) return computeFlags(cp);
  const f = bmpFlags[cp]!;
  return f !== 0 ? f : (bmpFlags[cp] = computeFlags(cp));
}

/** A folded code point that continues a word of a spaced script (letter, digit, mark; not CJK or Thai). */
export const isWordCodePoint = (cp: number): boolean => (flagsOf(cp) & F_WORD) !== 0;
/** A folded code point of a script written without spaces. */
export const isUnspacedCodePoint = (cp: number): boolean => (flagsOf(cp) & F_UNSPACED) !== 0;
/** A folded Hangul code point (syllable or jamo). */
export const isHangulCodePoint = (cp: number): boolean => (flagsOf(cp) & F_HANGUL) !== 0;

/** Class of a raw character: of its first code point once folded (full-width "Ａ" is Latin). */
export function charClass(c: string): ScriptClass {
  const cp = c.codePointAt(0);
  if (cp === undefined) return CLS.SPACE;
  return classOf(foldChar(cp).codePointAt(0) ?? cp);
}

/** A raw character of a script written without spaces (CJK, kana, Thai...). */
export function isUnspacedChar(c: string): boolean {
  return isUnspacedClass(charClass(c));
}

/** A raw letter, digit or mark of a space-delimited script: one that continues a word it touches. */
export function isSpacedWordChar(c: string): boolean {
  const cp = c.codePointAt(0);
  if (cp === undefined) return false;
  return isWordCodePoint(foldChar(cp).codePointAt(0) ?? cp);
}
