import { describe, expect, it } from 'vitest';
import { FEATURE_VERSION, FeatureLayout, REGION_NAMES } from './features';
import { LEX } from './lexicon';
import { binaryLabel, labelOf, polarityOf, SentimentModel, SentimentModelError } from './model';

// A tiny hand-made model: only the lexicon rows have weights, so its answers are easy to predict.
const regions = { symbol: 16, latin: 64, arabic: 0, indic: 0, hangul: 0, cjk: 0, sea: 0, other: 0 };
function tinyModel(): { meta: Record<string, unknown>; bytes: Uint8Array } {
  const layout = new FeatureLayout(regions);
  const q = new Int8Array(layout.rows * 3);
  q.set([-100, 0, 100], LEX.POS_STRONG * 3);
  q.set([100, 0, -100], LEX.NEG_STRONG * 3);
  const meta = {
    format: 'livebridge-sentiment',
    formatVersion: 1,
    featureVersion: FEATURE_VERSION,
    labels: ['neg', 'neu', 'pos'],
    regions,
    rows: layout.rows,
    bias: [0, 0.5, 0],
    quantization: { type: 'int8', scales: REGION_NAMES.map(() => 0.02) },
    weights: { file: 'weights.bin', bytes: q.byteLength, sha256: '0'.repeat(64) },
  };
  return { meta, bytes: new Uint8Array(q.buffer) };
}

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SentimentModelError);
    return (error as SentimentModelError).code;
  }
  throw new Error('expected a SentimentModelError');
};

describe('SentimentModel', () => {
  it('scores with int8 weights: summed lexicon rows, bias, softmax', () => {
    const { meta, bytes } = tinyModel();
    const model = SentimentModel.fromParts(meta, bytes);
    const pos = model.scores('yyds');
    expect(labelOf(pos)).toBe('pos');
    expect(pos.pos).toBeCloseTo(Math.exp(2) / (Math.exp(2) + Math.exp(0.5) + Math.exp(-2)), 5);
    const neg = model.scores('垃圾');
    expect(labelOf(neg)).toBe('neg');
    expect(polarityOf(neg)).toBeLessThan(0);
    expect(binaryLabel(polarityOf(neg))).toBe('neg');
  });

  it('calls a comment with no features neutral with score 0', () => {
    const { meta, bytes } = tinyModel();
    const s = SentimentModel.fromParts(meta, bytes).scores('');
    expect(s.hasFeatures).toBe(false);
    expect(labelOf(s)).toBe('neu');
    expect(polarityOf(s)).toBe(0);
  });

  it('refuses bad metadata, wrong sizes and other feature versions with typed errors', () => {
    const { meta, bytes } = tinyModel();
    expect(codeOf(() => SentimentModel.fromParts(null, bytes))).toBe('corrupt');
    expect(codeOf(() => SentimentModel.fromParts({ ...meta, labels: ['pos', 'neu', 'neg'] }, bytes))).toBe(
      'corrupt',
    );
    expect(codeOf(() => SentimentModel.fromParts({ ...meta, bias: [0, Number.NaN, 0] }, bytes))).toBe(
      'corrupt',
    );
    expect(codeOf(() => SentimentModel.fromParts(meta, bytes.slice(0, 10)))).toBe('corrupt');
    expect(codeOf(() => SentimentModel.fromParts({ ...meta, rows: 5 }, bytes))).toBe('corrupt');
    expect(
      codeOf(() => SentimentModel.fromParts({ ...meta, regions: { ...regions, latin: 100 } }, bytes)),
    ).toBe('corrupt');
    expect(
      codeOf(() => SentimentModel.fromParts({ ...meta, featureVersion: FEATURE_VERSION + 1 }, bytes)),
    ).toBe('incompatible');
  });
});
