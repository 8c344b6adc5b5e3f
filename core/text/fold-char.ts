// The folding of one code point that every text matcher starts from: NFKC (full-width Latin and digits,
// half-width kana, ligatures such as "ﬁ", compatibility ideographs) then lower case. Cached per BMP code
// point, since the same few thousand characters come back in every comment and caption.

const bmp = new Array<string | undefined>(0x10000).fill(undefined);

/** NFKC, then lower case, of one code point; may be longer than one ("ﬁ" -> "fi", "㎏" -> "kg"). */
export function foldChar(cp: number): string {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : String.fromCharCode(cp);
  if (cp >= 0x10000) return String.fromCodePoint(cp).normalize('NFKC').toLowerCase();
  let f = bmp[cp];
  if (f === undefined) bmp[cp] = f = String.fromCharCode(cp).normalize('NFKC').toLowerCase();
  return f;
}
