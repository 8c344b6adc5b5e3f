// Text folded for matching, with a map back to the original: a phrase found in the folded text is reported
// at its [start, end) in the text as written (a caption's, a comment's), whatever folding changed.
// Rules, per character with its combining marks (a base and the marks after it fold together, so "e"
// with U+0301 is "é" as the precomposed one is; half-width kana with ﾞ/ﾟ and Hangul jamo likewise):
// - NFKC, then lower case (fold-char.ts): full-width "ＡＢＣ１" is "abc1", "ﬁ" is "fi", "ｶﾞ" is "ガ".
// - Invisible characters are removed: zero-width spaces and joiners, soft hyphens, variation selectors.
// - Whitespace and dashes (- ‐ – — ・ ·) between words are one space; none at either end; none between two
//   characters of unspaced scripts (recognisers put some into Chinese: "偏光 太阳镜" is "偏光太阳镜").
// Diacritics are kept (core/sentiment drops them for its features; a catalog name keeps its accents).
import { foldChar } from './fold-char';
import { isUnspacedCodePoint } from './script';

export interface FoldedText {
  /** The folded text. */
  readonly text: string;
  /** The text it was folded from. */
  readonly source: string;
  /** Per UTF-16 unit of `text`: the start, in `source`, of the characters it came from. */
  readonly start: Int32Array;
  /** Per UTF-16 unit of `text`: the end, in `source`, of the characters it came from. */
  readonly end: Int32Array;
}

const K_TEXT = 1;
const K_SPACE = 2; // whitespace or a dash: a word break
const K_DROP = 3; // invisible: removed
const K_CONT = 4; // joins the character before it (combining marks, ﾞ ﾟ, Hangul vowel and final jamo)
const bmpKind = new Uint8Array(0x10000);

const MARK = /^\p{M}$/u;
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
const IGNORABLES = /\p{Default_Ignorable_Code_Point}/gu;
const BREAK = /^(?:\s+|[-‐‑‒–—―・·])$/u;

function computeKind(cp: number): number {
  const c = String.fromCodePoint(cp);
  if (
    MARK.test(c) ||
    cp === 0xff9e ||
    cp === 0xff9f ||
    (cp >= 0x1160 && cp <= 0x11ff) ||
    (cp >= 0xd7b0 && cp <= 0xd7ff)
  )
    return K_CONT;
  if (IGNORABLE.test(c)) return K_DROP;
  return BREAK.test(foldChar(cp)) ? K_SPACE : K_TEXT;
}

function kindOf(cp: number): number {
  if (cp >= 0x10000) return computeKind(cp);
  const k = bmpKind[cp]!;
  return k !== 0 ? k : (bmpKind[cp] = computeKind(cp));
}

const codePointAt = (s: string, i: number): number => s.codePointAt(i)!;

/** The code point that ends just before UTF-16 index `i` of `s` (-1 at the start). */
export function codePointBefore(s: string, i: number): number {
  if (i <= 0) return -1;
  const c = s.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i > 1) {
    const hi = s.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return ((hi - 0xd800) << 10) + (c - 0xdc00) + 0x10000;
  }
  return c;
}

let scratchStart = new Int32Array(256);
let scratchEnd = new Int32Array(256);

/** Folds `source` for matching (see the rules above), keeping where each folded unit came from. */
export function foldText(source: string): FoldedText {
  const n = source.length;
  if (scratchStart.length < n * 2 + 32) {
    scratchStart = new Int32Array(n * 2 + 32);
    scratchEnd = new Int32Array(n * 2 + 32);
  }
  let starts = scratchStart;
  let ends = scratchEnd;
  let out = '';
  let k = 0;
  let spaceFrom = -1;
  let spaceTo = -1;
  let last = -1; // last code point written
  let i = 0;
  while (i < n) {
    const cp = codePointAt(source, i);
    let j = i + (cp >= 0x10000 ? 2 : 1);
    // The character's combining marks (and other continuations) fold with it.
    while (j < n) {
      const next = source.charCodeAt(j);
      if (next < 0x300 || kindOf(next >= 0xd800 ? codePointAt(source, j) : next) !== K_CONT) break;
      j += next >= 0xd800 && next <= 0xdbff ? 2 : 1;
    }
    const kind = kindOf(cp);
    let f: string;
    if (j === i + (cp >= 0x10000 ? 2 : 1)) {
      if (kind === K_DROP) {
        i = j;
        continue;
      }
      f = kind === K_CONT ? foldChar(cp).replace(IGNORABLES, '') : foldChar(cp);
    } else {
      f = source.slice(i, j).normalize('NFKC').toLowerCase().replace(IGNORABLES, '');
    }
    if (kind === K_SPACE || BREAK.test(f)) {
      if (spaceFrom < 0) spaceFrom = i;
      spaceTo = j;
      i = j;
      continue;
    }
    if (f.length === 0) {
      i = j;
      continue;
    }
    if (k + f.length + 1 > starts.length) {
      const grownStart = new Int32Array((k + f.length + 1) * 2);
      const grownEnd = new Int32Array((k + f.length + 1) * 2);
      grownStart.set(starts.subarray(0, k));
      grownEnd.set(ends.subarray(0, k));
      scratchStart = starts = grownStart;
      scratchEnd = ends = grownEnd;
    }
    if (spaceFrom >= 0) {
      if (k > 0 && !(isUnspacedCodePoint(last) && isUnspacedCodePoint(codePointAt(f, 0)))) {
        out += ' ';
        starts[k] = spaceFrom;
        ends[k++] = spaceTo;
      }
      spaceFrom = -1;
    }
    out += f;
    for (let u = 0; u < f.length; u++) {
      starts[k] = i;
      ends[k++] = j;
    }
    last = codePointBefore(f, f.length);
    i = j;
  }
  return { text: out, source, start: starts.slice(0, k), end: ends.slice(0, k) };
}

/** The folded form of a phrase or key (no map): what foldText(s).text is. */
export function foldKey(s: string): string {
  return foldText(s).text;
}

/** Where the folded range [start, end) came from in the source text, as [start, end) there. */
export function sourceRange(folded: FoldedText, start: number, end: number): [number, number] {
  if (end <= start) {
    const at = start < folded.start.length ? folded.start[start]! : folded.source.length;
    return [at, at];
  }
  return [folded.start[start]!, folded.end[end - 1]!];
}
