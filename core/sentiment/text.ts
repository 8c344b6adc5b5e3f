// Text normalisation shared by language id, the seed lexicon and the model's features, so that training
// and inference see exactly the same code points. One pass, no per-character strings: code points and
// their script class go into reusable typed arrays. Folding tables for the BMP are filled lazily, one
// character at a time, the first time that character is seen. Script classes and the per-character
// NFKC + lower case come from core/text, shared with every other text matcher; on top of them this
// normaliser folds what carries no sentiment (accents, Arabic letter variants, long repeats), as the
// shipped model was trained (features-identity.test.ts keeps it so).
import { foldChar } from '../text/fold-char';
import { CLS, classOf } from '../text/script';

/** Longest text, in normalised code points, that is looked at; live comments are far shorter. */
export const MAX_CODE_POINTS = 1000;

const DROP = 0xffff; // a BMP non-character: marks "remove this code point"
const EXPAND = 0xfffe; // another non-character: "replace by several code points" (see bmpExpand)
const UNSET = 255;

const bmpFold = new Uint16Array(0x10000);
const bmpCls = new Uint8Array(0x10000).fill(UNSET);
/** Arabic presentation-form ligatures (lam-alef and friends) fold to more than one letter. */
const bmpExpand = new Map<number, readonly number[]>();

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
  let cls = classOf(c);
  let folded = c;
  // U+FFFE and U+FFFF are the table's own markers (and non-characters): removed like joiners.
  if (isDropped(c) || c === EXPAND || c === DROP) {
    bmpFold[c] = DROP;
    bmpCls[c] = CLS.SPACE;
    return;
  }
  if (c === 0x2018 || c === 0x2019 || c === 0x02bc || c === 0x00b4 || c === 0x0060) {
    folded = 0x27; // typographic apostrophes
  } else if (cls === CLS.ARABIC) {
    const s = foldChar(c);
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
    let s = foldChar(c);
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
  cls = classOf(folded);
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
      k = classOf(cp);
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
