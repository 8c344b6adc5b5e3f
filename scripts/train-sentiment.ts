// `npm run train:sentiment`: trains the comment sentiment model with TensorFlow.js and writes
// assets/models/sentiment/{model.json, weights.bin, MODEL_CARD.md}. Deterministic: same data, same seed,
// same bytes. `-- --dev` holds out 15% of the training data of each source and prints dev macro-F1 per
// epoch instead of writing anything (for choosing hyper-parameters without touching the evaluation sets).
//
// The model is a fastText-style linear classifier over hashed features (core/sentiment/features.ts):
// logits = bias + mean(rows of bag features) + sum(rows of lexicon hits), softmax over neg/neu/pos.
// tfjs computes the loss and its gradients with respect to the bias and to the gathered rows; the rows
// are then updated sparsely (lazy Adam: only the rows a batch touched, as TF's LazyAdamOptimizer does),
// because tfjs-cpu's gather gradient and its optimizers work on the whole 350k-row table every step.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import { FEATURE_VERSION, FeatureLayout } from '../core/sentiment/features';
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  SentimentModel,
  labelOf,
  polarityOf,
  type SentimentModelMeta,
} from '../core/sentiment/model';
import { seededRandom } from '../core/random/prng';
import { NormalizedText, normalizeInto } from '../core/sentiment/text';
import { ROOT } from './lib/paths';
import {
  DEFAULT_DATA_DIR,
  loadEvalSplits,
  loadTrainingData,
  sentimentDataAvailable,
} from './lib/sentiment-data';
import { evaluateSplits, formatResults } from './lib/sentiment-eval';
import { modelCard } from './lib/sentiment-model-card';
import {
  HYPER,
  REGIONS,
  devReport,
  encode,
  quantize,
  round6,
  shuffle,
  train,
  trainAveraged,
  type Encoded,
} from './lib/sentiment-trainer';

export const MODEL_DIR = path.join(ROOT, 'assets', 'models', 'sentiment');

async function formatted(text: string, parser: 'json' | 'markdown'): Promise<string> {
  const options = (await prettier.resolveConfig(path.join(MODEL_DIR, 'x.md'))) ?? {};
  return prettier.format(text, { ...options, parser });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dev: { type: 'boolean', default: false },
      out: { type: 'string', default: MODEL_DIR },
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      epochs: { type: 'string' },
      lr: { type: 'string' },
      'lexicon-only': { type: 'string' },
      l2: { type: 'string' },
      runs: { type: 'string' },
    },
  });
  if (values.epochs) HYPER.epochs = Number(values.epochs);
  if (values.lr) HYPER.learningRate = Number(values.lr);
  if (values['lexicon-only']) HYPER.lexiconOnlyRate = Number(values['lexicon-only']);
  if (values.l2) HYPER.l2 = Number(values.l2);
  if (values.runs) HYPER.runs = Number(values.runs);
  if (!sentimentDataAvailable(values.data)) {
    process.stderr.write(
      `train:sentiment: the labelled sets are not under ${values.data}/sentiment (see ../shared/data/README.md)\n`,
    );
    process.exit(2);
  }
  await tf.setBackend('cpu');
  const layout = new FeatureLayout(REGIONS);
  const items = loadTrainingData(values.data);
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.source, (counts.get(item.source) ?? 0) + 1);
  process.stdout.write(
    `training examples: ${items.length} (${[...counts].map(([s, n]) => `${s} ${n}`).join(', ')})\n`,
  );
  const encoded = encode(items, layout);

  if (values.dev) {
    const random = seededRandom(HYPER.seed + 1);
    const bySource = new Map<string, Encoded[]>();
    for (const e of encoded) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
    const trainPart: Encoded[] = [];
    const devPart: Encoded[] = [];
    for (const [source, list] of bySource) {
      if (source === 'seed') {
        trainPart.push(...list); // too few to measure anything; always trained on
        continue;
      }
      const shuffled = shuffle([...list], random);
      const cut = Math.round(shuffled.length * 0.15);
      devPart.push(...shuffled.slice(0, cut));
      trainPart.push(...shuffled.slice(cut));
    }
    process.stdout.write(
      `dev split: ${trainPart.length} train, ${devPart.length} dev; ${JSON.stringify(HYPER)}\n`,
    );
    if (HYPER.runs === 1) {
      train(trainPart, layout, HYPER.seed, (epoch, m) =>
        process.stdout.write(`  epoch ${epoch}: ${devReport(devPart, m)}\n`),
      );
    } else {
      process.stdout.write(`  averaged: ${devReport(devPart, trainAveraged(trainPart, layout))}\n`);
    }
    return;
  }

  const model = trainAveraged(encoded, layout);
  const { bytes, scales } = quantize(model, layout);
  const meta: SentimentModelMeta & { training: Record<string, unknown> } = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    featureVersion: FEATURE_VERSION,
    labels: ['neg', 'neu', 'pos'],
    regions: REGIONS,
    rows: layout.rows,
    bias: [round6(model.bias[0]!), round6(model.bias[1]!), round6(model.bias[2]!)],
    quantization: { type: 'int8', scales },
    weights: {
      file: 'weights.bin',
      bytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    },
    training: {
      script: 'scripts/train-sentiment.ts',
      data: Object.fromEntries(counts),
      hyperParameters: HYPER,
    },
  };
  const outDir = path.resolve(values.out);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'weights.bin'), bytes);
  writeFileSync(path.join(outDir, 'model.json'), await formatted(JSON.stringify(meta), 'json'));

  const shipped = SentimentModel.fromParts(
    JSON.parse(readFileSync(path.join(outDir, 'model.json'), 'utf8')),
    readFileSync(path.join(outDir, 'weights.bin')),
  );
  const scores = { neg: 0, neu: 0, pos: 0, hasFeatures: false };
  const scratch = new NormalizedText();
  const results = await evaluateSplits(loadEvalSplits(values.data), (text) => {
    shipped.scoreNormalized(normalizeInto(text, scratch), scores);
    const score = polarityOf(scores);
    return { label: labelOf(scores), score };
  });
  process.stdout.write(`\n${formatResults(results)}\n`);
  writeFileSync(
    path.join(outDir, 'MODEL_CARD.md'),
    await formatted(modelCard(meta, results, counts), 'markdown'),
  );
  process.stdout.write(
    `\nwrote ${path.relative(ROOT, outDir)}/ (weights.bin ${bytes.byteLength} bytes, model.json, MODEL_CARD.md)\n`,
  );
}

await main();
