// Hashed features of a comment, identical at training and inference time (fastText style): for words
// of spaced scripts the word, the word bigram and the character 3-4-grams of "<word>" (syllable 1-3-grams
// for Hangul); for unspaced scripts (Chinese, Japanese, Thai) character 1-3-grams and short runs; one
// token per emoji and per punctuation run ("!!!", ":)"). Each script writes into its own region of the
// weight table, so a script the model has no training data for (its region has size 0) adds nothing
// instead of colliding with another language's weights. Seed-lexicon hits are separate features.
import { matchLexicon, seedLexicon, LEXICON_FEATURES, type CompiledLexicon } from './lexicon';
import { CLS, isSpacedLetterClass as isSpacedLetter, isUnspacedClass as isUnspaced } from '../text/script';
import { type NormalizedText } from './text';

export const REGION_NAMES = [
  'lexicon',
  'symbol',
  'latin',
  'arabic',
  'indic',
  'hangul',
  'cjk',
  'sea',
  'other',
] as const;
export type RegionName = (typeof REGION_NAMES)[number];
/** Rows of each hashed region (a power of two, or 0 for "no features"); the lexicon region is fixed. */
export type RegionSizes = Record<Exclude<RegionName, 'lexicon'>, number>;

/** Bumped whenever hashing or tokenisation changes: weights trained on another version are refused. */
export const FEATURE_VERSION = 1;
/** Bag features kept per comment (a long review is cut; a live comment has a few dozen). */
export const MAX_BAG_FEATURES = 4096;
export const MAX_LEXICON_FEATURES = 256;

const R_SYMBOL = 1;
const R_LATIN = 2;
const R_ARABIC = 3;
const R_INDIC = 4;
const R_HANGUL = 5;
const R_CJK = 6;
const R_SEA = 7;
const R_OTHER = 8;

function regionOfClass(k: number): number {
  switch (k) {
    case CLS.LATIN:
    case CLS.DIGIT:
      return R_LATIN;
    case CLS.ARABIC:
      return R_ARABIC;
    case CLS.DEVANAGARI:
    case CLS.INDIC:
      return R_INDIC;
    case CLS.HANGUL:
      return R_HANGUL;
    case CLS.HAN:
    case CLS.KANA:
      return R_CJK;
    case CLS.SEA:
      return R_SEA;
    case CLS.EMOJI:
    case CLS.PUNCT:
      return R_SYMBOL;
    default:
      return R_OTHER;
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const step = (h: number, x: number): number => Math.imul(h ^ x, FNV_PRIME);
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
const SEED_WORD = step(FNV_OFFSET, 1);
const SEED_CHAR = step(FNV_OFFSET, 2);
const SEED_BIGRAM = step(FNV_OFFSET, 3);
const SEED_NUM = step(FNV_OFFSET, 4);
const SEED_EMOJI = step(FNV_OFFSET, 5);
const SEED_PUNCT = step(FNV_OFFSET, 6);
const SEED_RUN = step(FNV_OFFSET, 7);

const BOW = 0x02;
const EOW = 0x03;
const MAX_WORD_NGRAM_CHARS = 30;

/** Row layout of the weight table: the lexicon slots first, then each region in REGION_NAMES order. */
export class FeatureLayout {
  readonly offsets = new Int32Array(REGION_NAMES.length);
  readonly masks = new Int32Array(REGION_NAMES.length);
  readonly sizes = new Int32Array(REGION_NAMES.length);
  readonly rows: number;

  constructor(readonly regionSizes: RegionSizes) {
    let offset = 0;
    REGION_NAMES.forEach((name, r) => {
      const size = name === 'lexicon' ? LEXICON_FEATURES : regionSizes[name];
      this.offsets[r] = offset;
      this.sizes[r] = size;
      this.masks[r] = size > 0 ? size - 1 : 0;
      offset += size;
    });
    this.rows = offset;
  }
}

/** Turns normalised text into weight-table rows; owns its buffers, so one extractor per thread. */
export class FeatureExtractor {
  /** Rows of the mean-pooled bag (words, n-grams, emoji, punctuation). */
  readonly bag = new Int32Array(MAX_BAG_FEATURES);
  /** Region (index in REGION_NAMES) of each bag row, for per-region weight scales. */
  readonly bagRegion = new Uint8Array(MAX_BAG_FEATURES);
  /** Rows of lexicon hits (sum-pooled): the group's slot, or the shared one for groups without rows. */
  readonly lex = new Int32Array(MAX_LEXICON_FEATURES);
  /** The same hits' shared slots (training's lexicon-only view). */
  readonly lexShared = new Int32Array(MAX_LEXICON_FEATURES);
  bagCount = 0;
  lexCount = 0;
  private readonly padded = new Int32Array(MAX_WORD_NGRAM_CHARS + 2);

  constructor(
    readonly layout: FeatureLayout,
    private readonly lexicon: CompiledLexicon = seedLexicon(),
  ) {}

  private emit(region: number, hash: number): void {
    if (this.bagCount < MAX_BAG_FEATURES) {
      this.bagRegion[this.bagCount] = region;
      this.bag[this.bagCount++] = this.layout.offsets[region]! + (finish(hash) & this.layout.masks[region]!);
    }
  }

  /** Fills `bag`/`bagCount` and `lex`/`lexShared`/`lexCount` for `t`. */
  extract(t: NormalizedText): void {
    this.bagCount = 0;
    const lexEnd = matchLexicon(t, this.lex, this.lexShared, 0, this.lexicon);
    this.lexCount = lexEnd; // lexicon slots are rows 0..LEXICON_FEATURES-1 (offset 0)
    const sizes = this.layout.sizes;
    const cps = t.cp;
    const cls = t.cls;
    const n = t.length;
    let prev = 0;
    let i = 0;
    while (i < n) {
      const k = cls[i]!;
      if (k === CLS.SPACE) {
        i++;
        continue;
      }
      if (isSpacedLetter(k) || k === CLS.DIGIT) {
        // A word: letters of one script, digits and (between Latin letters) apostrophes.
        let script = k === CLS.DIGIT ? -1 : k;
        let j = i + 1;
        while (j < n) {
          const kj = cls[j]!;
          if (kj === CLS.DIGIT) j++;
          else if (isSpacedLetter(kj) && (script < 0 || kj === script)) {
            if (script < 0) script = kj;
            j++;
          } else if (
            cps[j] === 0x27 &&
            script === CLS.LATIN &&
            j + 1 < n &&
            cls[j + 1] === CLS.LATIN &&
            cls[j - 1] === CLS.LATIN
          )
            j++;
          else break;
        }
        if (script < 0) {
          // Digits only: "666", "520", "2333"; prices and times share the same few buckets.
          let h = SEED_NUM;
          for (let p = i; p < j && p < i + 6; p++) h = step(h, cps[p]!);
          if (sizes[R_LATIN]! > 0) {
            this.emit(R_LATIN, h);
            if (prev !== 0) this.emit(R_LATIN, step(step(SEED_BIGRAM, prev), h));
          }
          prev = h;
        } else {
          const r = regionOfClass(script);
          let h = SEED_WORD;
          for (let p = i; p < j; p++) h = step(h, cps[p]!);
          if (sizes[r]! > 0) {
            this.emit(r, h);
            if (prev !== 0) this.emit(r, step(step(SEED_BIGRAM, prev), h));
            this.wordNgrams(r, cps, i, j, script === CLS.HANGUL ? 1 : 3, script === CLS.HANGUL ? 3 : 4);
          }
          prev = h;
        }
        i = j;
        continue;
      }
      if (isUnspaced(k)) {
        const cjk = k === CLS.HAN || k === CLS.KANA;
        let j = i + 1;
        while (j < n && (cjk ? cls[j] === CLS.HAN || cls[j] === CLS.KANA : cls[j] === k)) j++;
        const r = regionOfClass(k);
        let runHash = SEED_RUN;
        for (let p = i; p < j && p < i + 8; p++) runHash = step(runHash, cps[p]!);
        if (sizes[r]! > 0) {
          for (let p = i; p < j; p++) {
            let h = SEED_CHAR;
            for (let m = 0; m < 3 && p + m < j; m++) {
              h = step(h, cps[p + m]!);
              this.emit(r, h);
            }
          }
          if (j - i <= 6) this.emit(r, runHash);
          if (prev !== 0) this.emit(r, step(step(SEED_BIGRAM, prev), runHash));
        }
        prev = runHash;
        i = j;
        continue;
      }
      if (k === CLS.EMOJI) {
        const h = step(SEED_EMOJI, cps[i]!);
        if (sizes[R_SYMBOL]! > 0) {
          this.emit(R_SYMBOL, h);
          if (prev !== 0) this.emit(R_SYMBOL, step(step(SEED_BIGRAM, prev), h));
        }
        prev = h;
        i++;
        continue;
      }
      if (k === CLS.PUNCT) {
        let j = i + 1;
        while (j < n && cls[j] === CLS.PUNCT) j++;
        let h = SEED_PUNCT;
        for (let p = i; p < j && p < i + 3; p++) h = step(h, cps[p]!);
        if (sizes[R_SYMBOL]! > 0) {
          this.emit(R_SYMBOL, h);
          if (prev !== 0) this.emit(R_SYMBOL, step(step(SEED_BIGRAM, prev), h));
        }
        prev = h;
        i = j;
        continue;
      }
      i++; // every class is handled above; this only guards against an endless loop
    }
  }

  /** Character n-grams of "<word>", lengths minN..maxN. */
  private wordNgrams(r: number, cps: Int32Array, from: number, to: number, minN: number, maxN: number): void {
    const padded = this.padded;
    const len = Math.min(to - from, MAX_WORD_NGRAM_CHARS);
    padded[0] = BOW;
    for (let p = 0; p < len; p++) padded[p + 1] = cps[from + p]!;
    padded[len + 1] = EOW;
    const total = len + 2;
    for (let p = 0; p < total; p++) {
      let h = SEED_CHAR;
      for (let m = 0; m < maxN && p + m < total; m++) {
        h = step(h, padded[p + m]!);
        if (m + 1 >= minN) this.emit(r, h);
      }
    }
  }
}
