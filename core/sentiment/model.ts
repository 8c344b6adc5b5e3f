// The sentiment model at run time: a table of per-feature class weights (the fastText embedding bag with
// its output layer folded in, so a feature costs three multiply-adds), mean-pooled over the bag features,
// plus the summed lexicon rows (per language group, or shared) and a bias, then a softmax. Weights stay int8 (1 MB, cache-friendly) with
// one scale per region; parsing checks every field so a bad file is a typed error, never a crash.
import { z } from 'zod';
import { FEATURE_VERSION, FeatureExtractor, FeatureLayout, REGION_NAMES } from './features';
import { NormalizedText, normalizeInto } from './text';

export const SENTIMENT_LABELS = ['neg', 'neu', 'pos'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export const MODEL_FORMAT = 'livebridge-sentiment';
export const MODEL_FORMAT_VERSION = 1;

const regionSize = z
  .number()
  .int()
  .min(0)
  .max(1 << 22)
  .refine((n) => n === 0 || (n & (n - 1)) === 0, 'must be 0 or a power of two');

export const SentimentModelMetaSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  featureVersion: z.number().int(),
  labels: z.tuple([z.literal('neg'), z.literal('neu'), z.literal('pos')]),
  regions: z.object({
    symbol: regionSize,
    latin: regionSize,
    arabic: regionSize,
    indic: regionSize,
    hangul: regionSize,
    cjk: regionSize,
    sea: regionSize,
    other: regionSize,
  }),
  rows: z.number().int().positive(),
  bias: z.tuple([z.number(), z.number(), z.number()]),
  quantization: z.object({
    type: z.literal('int8'),
    /** One scale per region, in REGION_NAMES order: weight = int8 * scale. */
    scales: z.array(z.number().nonnegative().finite()).length(REGION_NAMES.length),
  }),
  weights: z.object({
    file: z.string().regex(/^[\w.-]+$/, 'a file name in the model folder'),
    bytes: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});
export type SentimentModelMeta = z.infer<typeof SentimentModelMetaSchema>;

export type SentimentModelErrorCode = 'missing' | 'corrupt' | 'incompatible';

/** A model file that is absent, damaged or from another feature version; the message says which. */
export class SentimentModelError extends Error {
  override readonly name = 'SentimentModelError';
  constructor(
    readonly code: SentimentModelErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Class probabilities of one comment. */
export interface SentimentScores {
  neg: number;
  neu: number;
  pos: number;
  /** False when the comment had no feature at all (empty, only digits of no meaning...). */
  hasFeatures: boolean;
}

export class SentimentModel {
  private readonly table: Int8Array;
  private readonly scales: Float64Array;
  private readonly b0: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly extractor: FeatureExtractor;
  private readonly scratch = new NormalizedText();

  private constructor(
    readonly meta: SentimentModelMeta,
    table: Int8Array,
  ) {
    this.table = table;
    this.scales = Float64Array.from(meta.quantization.scales);
    [this.b0, this.b1, this.b2] = meta.bias;
    this.extractor = new FeatureExtractor(new FeatureLayout(meta.regions));
  }

  /** Validates the metadata (JSON already parsed) and the int8 weight bytes; throws SentimentModelError. */
  static fromParts(metaJson: unknown, weights: Uint8Array): SentimentModel {
    const parsed = SentimentModelMetaSchema.safeParse(metaJson);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid';
      throw new SentimentModelError('corrupt', `sentiment model metadata is not valid (${where})`);
    }
    const meta = parsed.data;
    if (meta.featureVersion !== FEATURE_VERSION) {
      throw new SentimentModelError(
        'incompatible',
        `sentiment model was trained with feature version ${meta.featureVersion}, this code computes version ${FEATURE_VERSION}; run npm run train:sentiment`,
      );
    }
    const layout = new FeatureLayout(meta.regions);
    if (layout.rows !== meta.rows) {
      throw new SentimentModelError(
        'corrupt',
        `sentiment model metadata says ${meta.rows} rows, its regions add up to ${layout.rows}`,
      );
    }
    const expected = layout.rows * 3;
    if (meta.weights.bytes !== expected || weights.byteLength !== expected) {
      throw new SentimentModelError(
        'corrupt',
        `sentiment model weights have ${weights.byteLength} bytes, expected ${expected}`,
      );
    }
    if (!meta.bias.every(Number.isFinite))
      throw new SentimentModelError('corrupt', 'sentiment model bias is not finite');
    const table = new Int8Array(expected);
    table.set(new Int8Array(weights.buffer, weights.byteOffset, weights.byteLength));
    return new SentimentModel(meta, table);
  }

  /** Class probabilities of already-normalised text, written into `out`. */
  scoreNormalized(t: NormalizedText, out: SentimentScores): SentimentScores {
    const x = this.extractor;
    x.extract(t);
    const w = this.table;
    const scales = this.scales;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    const bag = x.bag;
    const regions = x.bagRegion;
    const nb = x.bagCount;
    for (let i = 0; i < nb; i++) {
      const o = bag[i]! * 3;
      const f = scales[regions[i]!]!;
      s0 += w[o]! * f;
      s1 += w[o + 1]! * f;
      s2 += w[o + 2]! * f;
    }
    if (nb > 0) {
      const inv = 1 / nb;
      s0 *= inv;
      s1 *= inv;
      s2 *= inv;
    }
    const lex = x.lex;
    const nl = x.lexCount;
    const lexScale = scales[0]!; // the lexicon region comes first
    for (let i = 0; i < nl; i++) {
      const o = lex[i]! * 3;
      s0 += w[o]! * lexScale;
      s1 += w[o + 1]! * lexScale;
      s2 += w[o + 2]! * lexScale;
    }
    s0 += this.b0;
    s1 += this.b1;
    s2 += this.b2;
    const m = Math.max(s0, s1, s2);
    const e0 = Math.exp(s0 - m);
    const e1 = Math.exp(s1 - m);
    const e2 = Math.exp(s2 - m);
    const z = e0 + e1 + e2;
    out.neg = e0 / z;
    out.neu = e1 / z;
    out.pos = e2 / z;
    out.hasFeatures = nb + nl > 0;
    return out;
  }

  /** Class probabilities of raw text. */
  scores(text: string): SentimentScores {
    return this.scoreNormalized(normalizeInto(text, this.scratch), {
      neg: 0,
      neu: 0,
      pos: 0,
      hasFeatures: false,
    });
  }
}

/**
 * The label for 3-class use: the most probable class; a comment with no features at all is neutral.
 * For pos/neg-only data sets, use {@link binaryLabel} on the score instead.
 */
export function labelOf(s: SentimentScores): SentimentLabel {
  if (!s.hasFeatures) return 'neu';
  if (s.pos >= s.neg && s.pos >= s.neu) return 'pos';
  if (s.neg >= s.neu) return 'neg';
  return 'neu';
}

/** Signed polarity in [-1, 1]: p(pos) - p(neg); 0 for a comment with no features. */
export function polarityOf(s: SentimentScores): number {
  return s.hasFeatures ? s.pos - s.neg : 0;
}

/** The mapping for pos/neg-only data: compare p(pos) with p(neg), i.e. the sign of the score (0 -> pos). */
export function binaryLabel(score: number): 'neg' | 'pos' {
  return score < 0 ? 'neg' : 'pos';
}
