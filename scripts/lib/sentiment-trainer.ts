// The sentiment trainer's numeric core (scripts/train-sentiment.ts drives it): feature encoding, lazy Adam
// over the hashed-feature table, tfjs loss and gradients per batch, int8 quantization and the dev report.
import * as tf from '@tensorflow/tfjs';
import {
  FeatureExtractor,
  type FeatureLayout,
  REGION_NAMES,
  type RegionSizes,
} from '../../core/sentiment/features';
import { seededRandom } from '../../core/random/prng';
import { NormalizedText, normalizeInto } from '../../core/sentiment/text';
import { macroF1, type Gold, type TrainingItem } from './sentiment-data';

export const REGIONS: RegionSizes = {
  symbol: 1 << 12,
  latin: 1 << 18,
  arabic: 1 << 15,
  indic: 1 << 14,
  hangul: 1 << 15,
  // No licensable training data for these scripts: no rows, so their text adds nothing (not noise);
  // comments in them are scored by the seed lexicon, emoji and punctuation features.
  cjk: 0,
  sea: 0,
  other: 0,
};

/** Hyper-parameters; the command line may override some before training. */
export const HYPER = {
  seed: 20240601,
  epochs: 5,
  batchSize: 32,
  learningRate: 0.05,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  l2: 1e-5,
  /** Models trained on differently shuffled data and averaged (a linear model stays one table). */
  runs: 1,
  /**
   * Share of examples with lexicon hits shown with their shared lexicon slots only (no bag): the
   * situation of a Chinese or Japanese comment, so the shared slots learn to work alone.
   */
  lexiconOnlyRate: 0.25,
};

const LABEL_INDEX: Record<Gold, number> = { neg: 0, neu: 1, pos: 2 };

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export interface Encoded {
  bag: Int32Array;
  lex: Int32Array;
  lexShared: Int32Array;
  y: number;
  source: string;
}

export function encode(items: readonly TrainingItem[], layout: FeatureLayout): Encoded[] {
  const extractor = new FeatureExtractor(layout);
  const scratch = new NormalizedText();
  return items.map((item) => {
    extractor.extract(normalizeInto(item.text, scratch));
    return {
      bag: extractor.bag.slice(0, extractor.bagCount),
      lex: extractor.lex.slice(0, extractor.lexCount),
      lexShared: extractor.lexShared.slice(0, extractor.lexCount),
      y: LABEL_INDEX[item.label],
      source: item.source,
    };
  });
}

/** Adam that only moves the rows a batch touched (their moments too); bias updated every step. */
class LazyAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly biasM = new Float64Array(3);
  private readonly biasV = new Float64Array(3);
  private t = 0;
  /** Multiplies the learning rate; train() decays it linearly to 0 over the run, as fastText does. */
  rate = 1;

  constructor(
    private readonly table: Float32Array,
    private readonly bias: Float64Array,
  ) {
    this.m = new Float32Array(table.length);
    this.v = new Float32Array(table.length);
  }

  step(rows: Int32Array, rowCount: number, grads: Float32Array, biasGrad: Float32Array): void {
    this.t++;
    const { beta1, beta2, epsilon, learningRate } = HYPER;
    const lr = (this.rate * learningRate * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
    for (let i = 0; i < rowCount; i++) {
      const base = rows[i]! * 3;
      for (let c = 0; c < 3; c++) {
        const k = base + c;
        const g = grads[k]! + HYPER.l2 * this.table[k]!;
        grads[k] = 0;
        this.m[k] = beta1 * this.m[k]! + (1 - beta1) * g;
        this.v[k] = beta2 * this.v[k]! + (1 - beta2) * g * g;
        this.table[k] = this.table[k]! - (lr * this.m[k]!) / (Math.sqrt(this.v[k]!) + epsilon);
      }
    }
    for (let c = 0; c < 3; c++) {
      const g = biasGrad[c]!;
      this.biasM[c] = beta1 * this.biasM[c]! + (1 - beta1) * g;
      this.biasV[c] = beta2 * this.biasV[c]! + (1 - beta2) * g * g;
      this.bias[c] = this.bias[c]! - (lr * this.biasM[c]!) / (Math.sqrt(this.biasV[c]!) + epsilon);
    }
  }
}

export interface Trained {
  table: Float32Array;
  bias: Float64Array;
}

/** One batch: loss and gradients from tfjs, then the sparse update. Returns the batch's mean loss. */
function trainBatch(
  batch: readonly Encoded[],
  lexiconOnly: readonly boolean[],
  model: Trained,
  optimizer: LazyAdam,
  scratch: { touched: Int32Array; mark: Uint8Array; grads: Float32Array },
): number {
  const size = batch.length;
  let width = 1;
  batch.forEach((e, b) => {
    width = Math.max(width, (lexiconOnly[b] ? 0 : e.bag.length) + e.lex.length);
  });
  const rows = new Int32Array(size * width).fill(-1);
  const gathered = new Float32Array(size * width * 3);
  const weights = new Float32Array(size * width);
  const labels = new Int32Array(size);
  batch.forEach((e, b) => {
    labels[b] = e.y;
    let p = b * width;
    const bag = lexiconOnly[b] ? 0 : e.bag.length;
    for (let i = 0; i < bag; i++, p++) {
      rows[p] = e.bag[i]!;
      weights[p] = 1 / bag;
    }
    // The lexicon-only view stands for a language without training data: shared slots, no bag.
    const lex = lexiconOnly[b] ? e.lexShared : e.lex;
    for (let i = 0; i < lex.length; i++, p++) {
      rows[p] = lex[i]!;
      weights[p] = 1;
    }
  });
  for (let p = 0; p < rows.length; p++) {
    const r = rows[p]!;
    if (r < 0) continue;
    gathered[p * 3] = model.table[r * 3]!;
    gathered[p * 3 + 1] = model.table[r * 3 + 1]!;
    gathered[p * 3 + 2] = model.table[r * 3 + 2]!;
  }
  const [loss, rowGrads, biasGrad] = tf.tidy(() => {
    const g = tf.tensor3d(gathered, [size, width, 3]);
    const w = tf.tensor3d(weights, [size, width, 1]);
    const b = tf.tensor1d(Float32Array.from(model.bias));
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
    const { value, grads } = tf.valueAndGrads((gg: tf.Tensor, bb: tf.Tensor) =>
      tf.losses.softmaxCrossEntropy(y, tf.add(tf.sum(tf.mul(gg, w), 1), bb)),
    )([g, b]);
    return [value.dataSync()[0]!, grads[0]!.dataSync() as Float32Array, grads[1]!.dataSync() as Float32Array];
  });
  let touched = 0;
  for (let p = 0; p < rows.length; p++) {
    const r = rows[p]!;
    if (r < 0) continue;
    if (scratch.mark[r] === 0) {
      scratch.mark[r] = 1;
      scratch.touched[touched++] = r;
    }
    for (let c = 0; c < 3; c++) scratch.grads[r * 3 + c] = scratch.grads[r * 3 + c]! + rowGrads[p * 3 + c]!;
  }
  optimizer.step(scratch.touched, touched, scratch.grads, biasGrad);
  for (let i = 0; i < touched; i++) scratch.mark[scratch.touched[i]!] = 0;
  return loss;
}

export function train(
  data: readonly Encoded[],
  layout: FeatureLayout,
  seed: number,
  onEpoch?: (epoch: number, m: Trained) => void,
): Trained {
  const model: Trained = { table: new Float32Array(layout.rows * 3), bias: new Float64Array(3) };
  const optimizer = new LazyAdam(model.table, model.bias);
  const random = seededRandom(seed);
  const scratch = {
    touched: new Int32Array(layout.rows),
    mark: new Uint8Array(layout.rows),
    grads: new Float32Array(layout.rows * 3),
  };
  const order = data.map((_, i) => i);
  const totalSteps = HYPER.epochs * Math.ceil(data.length / HYPER.batchSize);
  let stepCount = 0;
  for (let epoch = 1; epoch <= HYPER.epochs; epoch++) {
    shuffle(order, random);
    let lossSum = 0;
    let batches = 0;
    const started = Date.now();
    for (let start = 0; start < order.length; start += HYPER.batchSize) {
      const batch = order.slice(start, start + HYPER.batchSize).map((i) => data[i]!);
      const lexiconOnly = batch.map((e) => e.lex.length > 0 && random() < HYPER.lexiconOnlyRate);
      optimizer.rate = 1 - stepCount++ / totalSteps;
      lossSum += trainBatch(batch, lexiconOnly, model, optimizer, scratch);
      batches++;
    }
    process.stdout.write(
      `epoch ${epoch}/${HYPER.epochs}: loss ${(lossSum / batches).toFixed(4)} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
    );
    onEpoch?.(epoch, model);
  }
  return model;
}

/** Trains HYPER.runs models (seeds seed, seed+1, ...) and averages their weights. */
export function trainAveraged(data: readonly Encoded[], layout: FeatureLayout): Trained {
  const sum: Trained = { table: new Float32Array(layout.rows * 3), bias: new Float64Array(3) };
  for (let run = 0; run < HYPER.runs; run++) {
    process.stdout.write(`run ${run + 1}/${HYPER.runs}\n`);
    const m = train(data, layout, HYPER.seed + run);
    for (let i = 0; i < sum.table.length; i++) sum.table[i] = sum.table[i]! + m.table[i]! / HYPER.runs;
    for (let c = 0; c < 3; c++) sum.bias[c] = sum.bias[c]! + m.bias[c]! / HYPER.runs;
  }
  return sum;
}

/** int8 per region: weight = q * scale, scale = max |w| / 127 of the region. */
export function quantize(model: Trained, layout: FeatureLayout): { bytes: Uint8Array; scales: number[] } {
  const q = new Int8Array(model.table.length);
  const scales: number[] = [];
  for (let r = 0; r < REGION_NAMES.length; r++) {
    const from = layout.offsets[r]! * 3;
    const to = from + layout.sizes[r]! * 3;
    let max = 0;
    for (let i = from; i < to; i++) max = Math.max(max, Math.abs(model.table[i]!));
    // Round the scale through float32 so the runtime, which multiplies in float32, sees the same value.
    const scale = max > 0 ? Math.fround(max / 127) : 0;
    scales.push(scale);
    for (let i = from; i < to; i++)
      q[i] = scale > 0 ? Math.max(-127, Math.min(127, Math.round(model.table[i]! / scale))) : 0;
  }
  return { bytes: new Uint8Array(q.buffer), scales };
}

export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

function predictFloat(model: Trained, e: Encoded): number[] {
  const s = [0, 0, 0];
  for (const r of e.bag) for (let c = 0; c < 3; c++) s[c] = s[c]! + model.table[r * 3 + c]! / e.bag.length;
  for (const r of e.lex) for (let c = 0; c < 3; c++) s[c] = s[c]! + model.table[r * 3 + c]!;
  return s.map((v, c) => v + model.bias[c]!);
}

export function devReport(dev: readonly Encoded[], model: Trained): string {
  const bySource = new Map<string, Encoded[]>();
  for (const e of dev) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
  const parts: string[] = [];
  let sum = 0;
  for (const [source, items] of [...bySource.entries()].sort()) {
    const labels: Gold[] = ['neg', 'neu', 'pos'];
    const binary = source === 'ko_nsmc';
    const gold = items.map((e) => labels[e.y]!);
    const predicted = items.map((e) => {
      const s = predictFloat(model, e);
      if (binary) return s[2]! >= s[0]! ? 'pos' : 'neg';
      return labels[s.indexOf(Math.max(...s))]!;
    });
    const f1 = macroF1(gold, predicted, binary ? ['neg', 'pos'] : labels);
    sum += f1;
    parts.push(`${source.replace('xlmt/', '')} ${f1.toFixed(3)}`);
  }
  // Proxy for a language without training data (zh, ja): shared lexicon rows and bias only, pos/neg items.
  const polar = dev.filter((e) => e.y !== 1 && e.lexShared.length > 0);
  const lexiconOnly = polar.map((e): Gold => {
    const s = [0, 1, 2].map(
      (c) => model.bias[c]! + [...e.lexShared].reduce((a, r) => a + model.table[r * 3 + c]!, 0),
    );
    return s[2]! >= s[0]! ? 'pos' : 'neg';
  });
  const proxy = macroF1(
    polar.map((e) => (e.y === 0 ? 'neg' : 'pos')),
    lexiconOnly,
    ['neg', 'pos'],
  );
  return `dev macro-F1 mean ${(sum / bySource.size).toFixed(3)} | shared-lexicon-only pos/neg ${proxy.toFixed(3)} | ${parts.join(' | ')}`;
}
