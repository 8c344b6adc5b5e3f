// Text normalisation shared by language id, the seed lexicon and the model's features, so that training
// and inference see exactly the same code points. One pass, no per-character strings: code points and
// their script class go into reusable typed arrays. Folding tables for the BMP are filled lazily, one
// character at a time, the first time that character is seen.

/** Script classes of a normalised code point. Numbers (not an enum) so they fit a Uint8Array. */
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

/** Longest text, in normalised code points, that is looked at; live comments are far shorter. */
export const MAX_CODE_POINTS = 1000;

const DROP = 0xffff; // a BMP non-character: marks "remove this code point"
const EXPAND = 0xfffe; // another non-character: "replace by several code points" (see bmpExpand)
const UNSET = 255;

const bmpFold = new Uint16Array(0x10000);
const bmpCls = new Uint8Array(0x10000).fill(UNSET);
/** Arabic presentation-form ligatures (lam-alef and friends) fold to more than one letter. */
const bmpExpand = new Map<number, readonly number[]>();

/** Script class of a code point that is already folded (lower case, NFKC). */
export function classOf(cp: number): ScriptClass {
  if (cp < 0x80) {
    if (cp >= 0x61 && cp <= 0x7a) return CLS.LATIN;
    if (cp >= 0x41 && cp <= 0x5a) return CLS.LATIN;
    if (cp >= 0x30 && cp <= 0x39) return CLS.DIGIT;
    if (cp <= 0x20 || cp === 0x7f) return CLS.SPACE;
    return CLS.PUNCT;
  }
  if (cp < 0x10000) {
    const cached = bmpCls[cp]!;
    if (cached !== UNSET) return cached as ScriptClass;
  }
  return rangeClass(cp);
}

function rangeClass(cp: number): ScriptClass {
  if (cp <= 0x00bf) return cp === 0xa0 || cp === 0xad ? CLS.SPACE : CLS.PUNCT;
  if (cp <= 0x024f) return cp === 0xd7 || cp === 0xf7 ? CLS.PUNCT : CLS.LATIN;
  if (cp <= 0x02af) return CLS.LATIN; // IPA extensions
  if (cp <= 0x036f) return CLS.PUNCT; // modifier letters, combining marks (dropped by the fold)
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

const LETTER = /^\p{L}$/u;
const MARKS = /\p{M}/gu;

// Arabic spelling variants that carry no sentiment: alef forms, taa marbuta, alef maqsura.
const ARABIC_FOLD: Record<number, number> = {
  0x0623: 0x0627,
  0x0625: 0x0627,
  0x0622: 0x0627,
  0x0671: 0x0627,
  0x0629: 0x0647,
  0x0649: 0x064a,
};

/** True for code points removed before anything else: joiners, variation selectors, marks, controls. */
function isDropped(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) || // combining diacritics
    (cp >= 0x064b && cp <= 0x065f) || // Arabic harakat
    cp === 0x0670 ||
    cp === 0x0640 || // tatweel
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors
    cp === 0x20e3 || // keycap
    cp === 0xfeff
  );
}

function computeBmp(c: number): void {
  let cls = rangeClass(c);
  let folded = c;
  if (isDropped(c)) {
    bmpFold[c] = DROP;
    bmpCls[c] = CLS.SPACE;
    return;
  }
  if (c === 0x2018 || c === 0x2019 || c === 0x02bc || c === 0x00b4 || c === 0x0060) {
    folded = 0x27; // typographic apostrophes
  } else if (cls === CLS.ARABIC) {
    const s = String.fromCharCode(c).normalize('NFKC');
    if (s.length > 1 && s.length <= 4) {
      const parts = [...s].map((ch) => ch.codePointAt(0)!).filter((p) => !isDropped(p));
      bmpExpand.set(
        c,
        parts.map((p) => ARABIC_FOLD[p] ?? p),
      );
      bmpFold[c] = EXPAND;
      bmpCls[c] = CLS.ARABIC;
      return;
    }
    folded = s.length === 1 ? s.charCodeAt(0) : c;
    folded = ARABIC_FOLD[folded] ?? folded;
    if (isDropped(folded)) {
      bmpFold[c] = DROP;
      bmpCls[c] = CLS.SPACE;
      return;
    }
  } else if (cls !== CLS.HANGUL && cls !== CLS.EMOJI) {
    // NFKC folds full-width ASCII, half-width kana, presentation forms and compatibility ideographs;
    // Hangul is left alone because NFKC turns the chat jamo ㅋ/ㅠ into conjoining jamo.
    let s = String.fromCharCode(c).normalize('NFKC').toLowerCase();
    if (s.length === 1 && (cls === CLS.LATIN || cls === CLS.GREEK || cls === CLS.PUNCT)) {
      const bare = s.normalize('NFD').replace(MARKS, '');
      if (bare.length === 1) s = bare;
    }
    if (s.length === 1) folded = s.charCodeAt(0);
    else {
      const lower = String.fromCharCode(c).toLowerCase();
      folded = lower.length === 1 ? lower.charCodeAt(0) : c;
    }
  }
  cls = folded < 0x80 ? classOf(folded) : rangeClass(folded);
  bmpFold[c] = folded;
  bmpCls[c] = cls;
}

/** Reusable output of {@link normalizeInto}: folded code points and their classes, spaces collapsed. */
export class NormalizedText {
  readonly cp = new Int32Array(MAX_CODE_POINTS);
  readonly cls = new Uint8Array(MAX_CODE_POINTS);
  length = 0;
}

/**
 * Folds `text` into `out`: NFKC per character, lower case, Latin accents removed, Arabic letter
 * variants unified, joiners/variation selectors/skin tones removed, whitespace runs collapsed to one
 * space (no leading or trailing space), a character repeated more than 3 times cut to 3 ("666666" ->
 * "666", "ㅋㅋㅋㅋㅋ" -> "ㅋㅋㅋ") and an alternating pair repeated more than 3 times cut to 3
 * ("hahahaha" -> "hahaha").
 */
export function normalizeInto(text: string, out: NormalizedText): NormalizedText {
  const cps = out.cp;
  const cls = out.cls;
  let n = 0;
  let altNext = -1;
  let altX = 0;
  let altY = 0;
  const end = Math.min(text.length, MAX_CODE_POINTS * 4);
  for (let i = 0; i < end && n < MAX_CODE_POINTS; i++) {
    let cp = text.charCodeAt(i);
    let k: number;
    if (cp < 0x80) {
      if (cp >= 0x41 && cp <= 0x5a) cp += 32;
      k = classOf(cp);
    } else if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < end) {
      const lo = text.charCodeAt(i + 1);
      if (lo < 0xdc00 || lo > 0xdfff) continue;
      i++;
      cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
      if ((cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0000 && cp <= 0xe007f)) continue; // skin tones, tags
      k = rangeClass(cp);
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      continue; // lone surrogate
    } else {
      if (bmpCls[cp] === UNSET) computeBmp(cp);
      const f = bmpFold[cp]!;
      if (f === DROP) continue;
      if (f === EXPAND) {
        for (const part of bmpExpand.get(cp)!) {
          if (n >= MAX_CODE_POINTS) break;
          cps[n] = part;
          cls[n] = CLS.ARABIC;
          n++;
        }
        altNext = -1;
        continue;
      }
      k = bmpCls[cp]!;
      cp = f;
    }
    if (k === CLS.SPACE) {
      altNext = -1;
      if (n > 0 && cls[n - 1] !== CLS.SPACE) {
        cps[n] = 0x20;
        cls[n] = CLS.SPACE;
        n++;
      }
      continue;
    }
    if (altNext >= 0) {
      if (cp === altNext) {
        altNext = cp === altX ? altY : altX;
        continue;
      }
      altNext = -1;
    }
    if (n >= 3 && cp === cps[n - 1] && cp === cps[n - 2] && cp === cps[n - 3]) continue;
    if (
      n >= 6 &&
      cp === cps[n - 2] &&
      cp === cps[n - 4] &&
      cp === cps[n - 6] &&
      cps[n - 1] !== cp &&
      cps[n - 1] === cps[n - 3] &&
      cps[n - 3] === cps[n - 5]
    ) {
      altX = cp;
      altY = cps[n - 1]!;
      altNext = altY;
      continue;
    }
    cps[n] = cp;
    cls[n] = k;
    n++;
  }
  if (n > 0 && cls[n - 1] === CLS.SPACE) n--;
  out.length = n;
  return out;
}

/** The normalised text as a string (tests and tooling; the hot path never builds strings). */
export function normalizedString(text: string): string {
  const out = normalizeInto(text, new NormalizedText());
  let s = '';
  for (let i = 0; i < out.length; i++) s += String.fromCodePoint(out.cp[i]!);
  return s;
}

/** True for classes whose words are separated by spaces (features per word). */
export function isSpacedLetter(k: number): boolean {
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

/** True for scripts written without spaces (features per character n-gram). */
export function isUnspaced(k: number): boolean {
  return k === CLS.HAN || k === CLS.KANA || k === CLS.SEA;
}
