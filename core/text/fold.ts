// Text folded for matching, with a map back to the original: a phrase found in the folded text is reported
// at its [start, end) in the text as written (a caption's, a comment's), whatever folding changed. Most
// texts take a native fast path (foldSimple); the map is made only when asked for.
// Rules, per character with its combining marks (a base and the marks after it fold together, so "e"
// with U+0301 is "é" as the precomposed one is; half-width kana with ﾞ/ﾟ and Hangul jamo likewise):
// - NFKC, then lower case (fold-char.ts): full-width "ＡＢＣ１" is "abc1", "ﬁ" is "fi", "ｶﾞ" is "ガ".
// - Invisible characters are removed: zero-width spaces and joiners, soft hyphens, variation selectors.
// - Whitespace and dashes (- ‐ – — ・ ·) between words are one space; none at either end; none between two
//   characters of unspaced scripts (recognisers put some into Chinese: "偏光 太阳镜" is "偏光太阳镜").
// Diacritics are kept (core/sentiment drops them for its features; a catalog name keeps its accents).
import { foldChar } from './fold-char';
import { isUnspacedCodePoint, UNSPACED_CHARS } from './script';

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

const K_SAME = 1; // folds to itself
const K_TEXT = 2; // folds to something else (foldChar)
const K_SPACE = 3; // whitespace or a dash: a word break
const K_DROP = 4; // invisible: removed
const K_CONT = 5; // joins the character before it (combining marks, ﾞ ﾟ, Hangul vowel and final jamo)
const bmpKind = new Uint8Array(0x10000);
/** ASCII: letters and digits fold to themselves (capitals are K_TEXT), whitespace and "-" break words. */
const ASCII_KIND = Uint8Array.from({ length: 0x80 }, (_, c) =>
  c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x2d ? K_SPACE : c >= 0x41 && c <= 0x5a ? K_TEXT : K_SAME,
);
const astralKind = new Map<number, number>();

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
  const f = foldChar(cp);
  if (BREAK.test(f)) return K_SPACE;
  return f === c ? K_SAME : K_TEXT;
}

/** Whether the character at UTF-16 index `j` joins the one before it. */
function continuesAt(source: string, j: number): boolean {
  const u = source.charCodeAt(j);
  if (u < 0x300) return false;
  if (u < 0xd800 || u > 0xdfff) return (bmpKind[u] || kindOf(u)) === K_CONT;
  return kindOf(source.codePointAt(j)!) === K_CONT;
}

function kindOf(cp: number): number {
  if (cp >= 0x10000) {
    let k = astralKind.get(cp);
    if (k === undefined) astralKind.set(cp, (k = computeKind(cp)));
    return k;
  }
  const k = bmpKind[cp]!;
  return k !== 0 ? k : (bmpKind[cp] = computeKind(cp));
}

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

function grow(k: number): void {
  const start = new Int32Array(k * 2);
  const end = new Int32Array(k * 2);
  start.set(scratchStart);
  end.set(scratchEnd);
  scratchStart = start;
  scratchEnd = end;
}

/** Folds `source` for matching (see the rules above), keeping where each folded unit came from. */
export function foldText(source: string): FoldedText {
  return new Folded(foldSimple(source) ?? unitsToString(scratchUnits, fold(source, false)), source);
}

/** The map back is made when first asked for: most comments never need it. */
class Folded implements FoldedText {
  private starts: Int32Array | null = null;
  private ends: Int32Array | null = null;

  constructor(
    readonly text: string,
    readonly source: string,
  ) {}

  get start(): Int32Array {
    if (this.starts === null) this.map();
    return this.starts!;
  }

  get end(): Int32Array {
    if (this.ends === null) this.map();
    return this.ends!;
  }

  private map(): void {
    const k = fold(this.source, true);
    this.starts = scratchStart.slice(0, k);
    this.ends = scratchEnd.slice(0, k);
  }
}

// What a whole-string NFKC and lower case would do differently from fold()'s character by character:
// other whitespace and invisible characters (fold() drops or merges them), Hangul jamo (a whole-string
// NFKC composes ㄲㅑ into 꺄), Σ and what folds to it (lowered by context to ς at a word's end), a mark
// after a space (fold() drops it with the space) or with nothing before it.
const UNLIKE_NATIVE = new RegExp(
  '[\\u0085\\u00a0\\u2000-\\u200a\\u202f\\u205f\\u3000' +
    '\\p{Default_Ignorable_Code_Point}\\u1100-\\u11ff\\u3130-\\u318f\\ua960-\\ua97f\\ud7b0-\\ud7ff' +
    '\\uffa0-\\uffdc\\u03a3\\u03f9\\u{1d6ba}\\u{1d6f4}\\u{1d72e}\\u{1d768}\\u{1d7a2}]|(?:^| )[\\p{M}\\uff9e\\uff9f]',
  'u',
);
// In the folded text: a dash (fold() makes it a space), a space run or a space at an end (which may come
// from a character's own folding, "¨" is " ̈"), a space between unspaced characters (fold() drops it).
const UNLIKE_FOLDED = new RegExp(`[-‐‑‒–—―・·]|^ | $|  |[${UNSPACED_CHARS}] [${UNSPACED_CHARS}]`, 'u');

const BREAK_CHAR = /[\t\n\v\f\r\u1680\u2028\u2029\-‐‑‒–—―・·]/;
const BREAK_CHARS = new RegExp(BREAK_CHAR.source, 'g');

/**
 * The common case first, natively: ASCII spaces trimmed and collapsed, then the whole string's NFKC and
 * lower case, when nothing in it makes that differ from fold() (tests hold them to the same result on
 * every BMP character). Else null, and fold() does the work character by character.
 */
export function foldSimple(source: string): string | null {
  // Whitespace and dashes NFKC keeps as they are break words as a space does (fold() makes a run of them
  // one space); those NFKC writes (inside a folding, "Ŀ" is "l·") are caught in the folded text below.
  let s = BREAK_CHAR.test(source) ? source.replace(BREAK_CHARS, ' ') : source;
  const n = s.length;
  if (n === 0) return s;
  if (s.charCodeAt(0) === 0x20 || s.charCodeAt(n - 1) === 0x20) s = s.replace(/^ +| +$/g, '');
  if (s.includes('  ')) s = s.replace(/ {2,}/g, ' ');
  if (UNLIKE_NATIVE.test(s)) return null;
  const folded = s.normalize('NFKC').toLowerCase();
  return UNLIKE_FOLDED.test(folded) ? null : folded;
}

function unitsToString(units: readonly number[], k: number): string {
  if (k <= 4096) return String.fromCharCode.apply(null, units.slice(0, k));
  let out = '';
  for (let from = 0; from < k; from += 4096)
    out += String.fromCharCode.apply(null, units.slice(from, Math.min(k, from + 4096)));
  return out;
}

const scratchUnits: number[] = [];

// Clusters (a letter and its marks: Devanagari, Thai and Arabic text is mostly made of them) come back
// all the time; their folding is kept rather than normalised again. Bounded: cleared when full.
const clusterCache = new Map<string, string>();
function foldCluster(cluster: string): string {
  let f = clusterCache.get(cluster);
  if (f === undefined) {
    if (clusterCache.size >= 8192) clusterCache.clear();
    f = cluster.normalize('NFKC').toLowerCase().replace(IGNORABLES, '');
    clusterCache.set(cluster, f);
  }
  return f;
}

/**
 * Folds into scratchUnits and returns the number of units; with `map`, each unit's source range goes
 * into scratchStart/scratchEnd.
 */
function fold(source: string, map: boolean): number {
  const n = source.length;
  if (map && scratchStart.length < n + 32) grow(n + 32);
  // Units go into a buffer, made a string once at the end: a string built by += is a rope, which
  // every charCodeAt of the matchers would then pay for.
  const units = scratchUnits;
  let k = 0;
  let spaceFrom = -1;
  let spaceTo = -1;
  let last = -1; // last code point written
  let i = 0;
  while (i < n) {
    let cp = source.charCodeAt(i);
    let j = i + 1;
    if (cp >= 0xd800 && cp <= 0xdbff && j < n) {
      const lo = source.charCodeAt(j);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        j++;
      }
    }
    let kind = cp < 0x80 ? ASCII_KIND[cp]! : cp < 0x10000 ? bmpKind[cp] || kindOf(cp) : kindOf(cp);
    let f = '';
    // The character's combining marks (and other continuations) fold with it.
    if (j < n && continuesAt(source, j)) {
      let e = j;
      do e += source.charCodeAt(e) >= 0xd800 && source.charCodeAt(e) <= 0xdbff ? 2 : 1;
      while (e < n && continuesAt(source, e));
      j = e;
      if (kind !== K_SPACE) {
        f = foldCluster(source.slice(i, j));
        kind = f.length === 0 ? K_DROP : K_TEXT;
      }
    } else if (kind === K_TEXT) {
      if (cp < 0x80) {
        // A capital letter: its lower case, without a string.
        kind = K_SAME;
        cp += 32;
      } else f = foldChar(cp);
    } else if (kind === K_CONT) {
      // A mark with nothing to join: kept, less any selector.
      f = foldChar(cp).replace(IGNORABLES, '');
      kind = f.length === 0 ? K_DROP : K_TEXT;
    }
    if (kind === K_SPACE || kind === K_DROP) {
      if (kind === K_SPACE) {
        if (spaceFrom < 0) spaceFrom = i;
        spaceTo = j;
      }
      i = j;
      continue;
    }
    const count = kind === K_SAME ? j - i : f.length;
    if (map && k + count + 1 > scratchStart.length) grow(k + count + 1);
    if (spaceFrom >= 0) {
      if (
        k > 0 &&
        !(isUnspacedCodePoint(last) && isUnspacedCodePoint(kind === K_SAME ? cp : f.codePointAt(0)!))
      ) {
        units[k] = 0x20;
        if (map) {
          scratchStart[k] = spaceFrom;
          scratchEnd[k] = spaceTo;
        }
        k++;
      }
      spaceFrom = -1;
    }
    if (kind === K_SAME) {
      if (j - i === 2) {
        units[k] = source.charCodeAt(i);
        units[k + 1] = source.charCodeAt(i + 1);
      } else units[k] = cp;
      last = cp;
    } else {
      for (let u = 0; u < count; u++) units[k + u] = f.charCodeAt(u);
      last = codePointBefore(f, f.length);
    }
    if (map) {
      for (let u = 0; u < count; u++) {
        scratchStart[k + u] = i;
        scratchEnd[k + u] = j;
      }
    }
    k += count;
    i = j;
  }
  return k;
}

/** The full fold, never the fast path (foldSimple): tests hold the two to the same result. */
export function foldFully(s: string): string {
  return unitsToString(scratchUnits, fold(s, false));
}

/** The folded form of a phrase or key (no map): what foldText(s).text is. */
export function foldKey(s: string): string {
  return foldSimple(s) ?? unitsToString(scratchUnits, fold(s, false));
}

/** Where the folded range [start, end) came from in the source text, as [start, end) there. */
export function sourceRange(folded: FoldedText, start: number, end: number): [number, number] {
  if (end <= start) {
    const at = start < folded.start.length ? folded.start[start]! : folded.source.length;
    return [at, at];
  }
  return [folded.start[start]!, folded.end[end - 1]!];
}
