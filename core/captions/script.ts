// Character classes the captions code shares: which scripts are written without spaces between words
// (so every character is a unit and any character boundary is a word boundary).

// Hangul is written with spaces, so it is not here. ー and ｰ are Common, but only ever written in kana.
const UNSPACED =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}ー々〆ｰ]/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;

/** A character of a script written without spaces (CJK, kana, Thai...). */
export function isUnspacedChar(c: string): boolean {
  return UNSPACED.test(c);
}

/** A letter, digit or mark of a space-delimited script: one that continues a word it touches. */
export function isSpacedWordChar(c: string): boolean {
  return WORD.test(c) && !UNSPACED.test(c);
}
