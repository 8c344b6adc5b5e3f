// The labelled sentiment sets under ../shared/data/sentiment (see its SOURCE.txt files), split into what
// the shipped model may be trained on and what it is evaluated on, plus macro-F1. Shared by
// scripts/train-sentiment.ts (training, MODEL_CARD.md) and tests/integration/sentiment-model.test.ts.
//
// Licences decide the split: xlmt (repo Apache-2.0) and ko_nsmc (CC0) may train the shipped weights;
// en_tweeteval (research terms), zh_chnsenticorp (no licence stated) and es_twitch (CC BY-NC-SA) are
// evaluation only. Where a set trains the model, only a part it never saw is evaluated.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths';

export type Gold = 'neg' | 'neu' | 'pos';
export interface LabelledText {
  text: string;
  label: Gold;
}

export interface TrainingItem extends LabelledText {
  /** Where it comes from, e.g. "xlmt/spanish" or "ko_nsmc". */
  source: string;
}

export interface EvalSplit {
  /** Short id used in tables, e.g. "xlmt-es". */
  id: string;
  /** ISO 639-1 language of the split. */
  lang: string;
  /** Locale nlp.js is asked to use. */
  nlpjsLocale: string;
  /** VADER is an English lexicon: run only on English splits. */
  vader: boolean;
  /** 'three': neg/neu/pos gold; 'binary': pos/neg gold only (macro-F1 over the two). */
  classes: 'three' | 'binary';
  /** What the split is and why it is held out. */
  note: string;
  items: LabelledText[];
}

export const DEFAULT_DATA_DIR = process.env.LIVEBRIDGE_DATA_DIR ?? path.resolve(ROOT, '..', 'shared', 'data');
const sentimentDir = (dataDir: string): string => path.join(dataDir, 'sentiment');

export const XLMT_LANGUAGES: Record<string, string> = {
  arabic: 'ar',
  english: 'en',
  french: 'fr',
  german: 'de',
  hindi: 'hi',
  italian: 'it',
  portuguese: 'pt',
  spanish: 'es',
};

/** True when every file this module reads is present. */
export function sentimentDataAvailable(dataDir = DEFAULT_DATA_DIR): boolean {
  const dir = sentimentDir(dataDir);
  const files = [
    ...Object.keys(XLMT_LANGUAGES).flatMap((l) =>
      ['train_text', 'train_labels', 'val_text', 'val_labels'].map((f) => `xlmt/${l}/${f}.txt`),
    ),
    'en_tweeteval/val_text.txt',
    'en_tweeteval/val_labels.txt',
    'ko_nsmc/nsmc_1200.tsv',
    'es_twitch/CorpusTwitchVideogames.tsv',
    'zh_chnsenticorp/ChnSentiCorp_htl_all.csv',
    'zh_chnsenticorp/waimai_10k.csv',
  ];
  return files.every((f) => existsSync(path.join(dir, f)));
}

const LABELS: readonly Gold[] = ['neg', 'neu', 'pos'];

// The XLM-T English files carry JSON-style escapes ("i\u2019m", "a\u002c b"); decode them so the text
// reads as typed. Applied to training and evaluation text alike, and to the baselines' input.
const decodeEscapes = (s: string): string =>
  s.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

function readLines(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function readTextLabels(dir: string, split: string): LabelledText[] {
  const texts = readLines(path.join(dir, `${split}_text.txt`));
  const labels = readLines(path.join(dir, `${split}_labels.txt`));
  if (texts.length !== labels.length)
    throw new Error(`${dir}/${split}: ${texts.length} texts, ${labels.length} labels`);
  return texts.map((text, i) => {
    const label = LABELS[Number(labels[i])];
    if (!label) throw new Error(`${dir}/${split}_labels.txt:${i + 1}: bad label ${labels[i]}`);
    return { text: decodeEscapes(text), label };
  });
}

/** Minimal RFC 4180 reader (quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(text: string, separator = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === separator) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

interface NsmcRow extends LabelledText {
  movieId: string;
}

function readNsmc(dataDir: string): NsmcRow[] {
  const rows = readLines(path.join(sentimentDir(dataDir), 'ko_nsmc', 'nsmc_1200.tsv')).slice(1);
  return rows.map((line) => {
    const [, document, label, , movieId] = line.split('\t');
    return { text: document ?? '', label: label === '1' ? 'pos' : 'neg', movieId: movieId ?? '' };
  });
}

/** The NSMC reviews of the movies held out from training (CC0; a copy is in tests/fixtures/sentiment). */
export function loadNsmcEvalSplit(dataDir = DEFAULT_DATA_DIR): EvalSplit {
  const nsmc = readNsmc(dataDir).filter((r) => !nsmcIsTraining(r.movieId));
  return {
    id: 'ko-nsmc',
    lang: 'ko',
    nlpjsLocale: 'ko',
    vader: false,
    classes: 'binary',
    note: `NSMC movie reviews, ${nsmc.length} of 1,200: the movies held out from training (odd FNV hash of the movie id)`,
    items: nsmc.map(({ text, label }) => ({ text, label })),
  };
}

/** NSMC is split by movie (no movie on both sides): FNV-1a of the movie id, even -> train, odd -> eval. */
export function nsmcIsTraining(movieId: string): boolean {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(movieId, 'utf8')) h = Math.imul(h ^ byte, 0x01000193);
  return ((h >>> 0) & 1) === 0;
}

export const SEED_EXAMPLES_FILE = path.join(ROOT, 'scripts', 'data', 'sentiment-seed-examples.tsv');

/** Our own hand-written live-commerce comments (scripts/data/sentiment-seed-examples.tsv). */
export function loadSeedExamples(file = SEED_EXAMPLES_FILE): TrainingItem[] {
  return readLines(file)
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line, i) => {
      const tab = line.indexOf('\t');
      const label = line.slice(0, tab) as Gold;
      if (tab < 0 || !LABELS.includes(label))
        throw new Error(`${file}: line ${i + 1} is not "label<TAB>text"`);
      return { text: line.slice(tab + 1), label, source: 'seed' };
    });
}

/**
 * Everything the shipped model may be trained on: xlmt train (8 languages), the NSMC training movies and
 * our seed examples.
 */
export function loadTrainingData(dataDir = DEFAULT_DATA_DIR): TrainingItem[] {
  const items: TrainingItem[] = [...loadSeedExamples()];
  for (const folder of Object.keys(XLMT_LANGUAGES)) {
    for (const item of readTextLabels(path.join(sentimentDir(dataDir), 'xlmt', folder), 'train')) {
      items.push({ ...item, source: `xlmt/${folder}` });
    }
  }
  for (const row of readNsmc(dataDir)) {
    if (nsmcIsTraining(row.movieId)) items.push({ text: row.text, label: row.label, source: 'ko_nsmc' });
  }
  return items;
}

const comparable = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Every evaluation split, none of it seen in training. */
export function loadEvalSplits(dataDir = DEFAULT_DATA_DIR): EvalSplit[] {
  const dir = sentimentDir(dataDir);
  const splits: EvalSplit[] = [];
  for (const [folder, lang] of Object.entries(XLMT_LANGUAGES)) {
    splits.push({
      id: `xlmt-${lang}`,
      lang,
      nlpjsLocale: lang,
      vader: lang === 'en',
      classes: 'three',
      note: `XLM-T ${folder} val (324 tweets); the model trains on the train split only`,
      items: readTextLabels(path.join(dir, 'xlmt', folder), 'val'),
    });
  }
  // TweetEval val overlaps XLM-T English train (both come from SemEval-2017): keep only unseen tweets.
  const seen = new Set(
    readTextLabels(path.join(dir, 'xlmt', 'english'), 'train').map((i) => comparable(i.text)),
  );
  const tweeteval = readTextLabels(path.join(dir, 'en_tweeteval'), 'val');
  const unseen = tweeteval.filter((i) => !seen.has(comparable(i.text)));
  splits.push({
    id: 'tweeteval-en',
    lang: 'en',
    nlpjsLocale: 'en',
    vader: true,
    classes: 'three',
    note: `TweetEval val, ${unseen.length} of ${tweeteval.length} tweets: those not in XLM-T English train (evaluation only, research terms)`,
    items: unseen,
  });
  splits.push(loadNsmcEvalSplit(dataDir));
  for (const [id, file, what] of [
    ['zh-hotel', 'ChnSentiCorp_htl_all.csv', 'ChnSentiCorp hotel reviews'],
    ['zh-waimai', 'waimai_10k.csv', 'waimai food-delivery reviews'],
  ] as const) {
    const rows = parseCsv(readFileSync(path.join(dir, 'zh_chnsenticorp', file), 'utf8')).slice(1);
    const items = rows
      .filter((r) => r.length >= 2 && (r[0] === '0' || r[0] === '1'))
      .map((r): LabelledText => ({ text: r.slice(1).join(','), label: r[0] === '1' ? 'pos' : 'neg' }));
    splits.push({
      id,
      lang: 'zh',
      nlpjsLocale: 'zh',
      vader: false,
      classes: 'binary',
      note: `${what}, all ${items.length} (evaluation only: no licence stated)`,
      items,
    });
  }
  const twitch = readLines(path.join(dir, 'es_twitch', 'CorpusTwitchVideogames.tsv'))
    .slice(1)
    .map((line) => line.split('\t'))
    .flatMap(([text, polarity]): LabelledText[] => {
      const label: Gold | undefined =
        polarity === 'Positivo'
          ? 'pos'
          : polarity === 'Negativo'
            ? 'neg'
            : polarity === 'Indeterminado'
              ? 'neu'
              : undefined;
      return label && text !== undefined ? [{ text, label }] : [];
    });
  splits.push({
    id: 'es-twitch',
    lang: 'es',
    nlpjsLocale: 'es',
    vader: false,
    classes: 'three',
    note: `Spanish Twitch chat, all ${twitch.length} (Indeterminado = neu; evaluation only: CC BY-NC-SA)`,
    items: twitch,
  });
  return splits;
}

/** Macro-F1 over `classes` (a prediction outside them, e.g. neu on a binary set, is simply wrong). */
export function macroF1(gold: readonly Gold[], predicted: readonly Gold[], classes: readonly Gold[]): number {
  let sum = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] === c;
      const p = predicted[i] === c;
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / classes.length;
}

export const splitClasses = (split: EvalSplit): readonly Gold[] =>
  split.classes === 'three' ? LABELS : (['neg', 'pos'] as const);
