// Which comments count as "the same" for merging on the danmaku layer: "666", "６６６６６!" and "66666"
// are one item shown as "666 ×3", as are 哈哈哈 and 哈哈哈哈哈, or HHHH and hhh.

/**
 * The merge key of a comment: NFKC (full-width digits and letters become ASCII), lower case, no spaces or
 * punctuation, and runs folded: a character repeated 3+ times, or a 2-4 character unit repeated 3+ times,
 * counts as two of it. Two copies (not one) so that ordinary words keep their double letters ("good" is
 * not "god") while laughter and 666 of any length fall together.
 */
export function mergeKey(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase();
  let key = folded.replace(/[\s\p{P}]+/gu, '');
  // A comment of punctuation only ("???", "！！！") is its own key rather than an empty one.
  if (key === '') key = folded.replace(/\s+/g, '');
  return key.replace(/(.)\1{2,}/gu, '$1$1').replace(/(.{2,4}?)\1{2,}/gu, '$1$1');
}
