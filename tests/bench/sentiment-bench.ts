// `npm run bench -- sentiment`: microseconds per analyzeSentiment call on real comments (bilibili
// danmaku, Spanish Twitch chat, XLM-T tweets from ../shared/data when present, else a built-in sample):
// with the language given (normalisation, lexicon, features, model) and with language detection. Not a
// pass/fail test; the last line is JSON. The first fifth of each corpus warms the JIT; the rest is
// timed, the model path as the best of three passes, language id in a single pass so that eld's cache
// only helps where comments really repeat. BENCH_MAX_COMMENTS takes only the first N comments of each corpus.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeSentiment } from '../../core/sentiment/analyze';
import type { SentimentModel } from '../../core/sentiment/model';
import { DEFAULT_DATA_DIR, XLMT_LANGUAGES } from '../../scripts/lib/sentiment-data';
import { loadSentimentModel } from '../../server/insight/sentiment-model-file';

export interface SentimentBenchResult {
  corpus: string;
  comments: number;
  meanChars: number;
  /** analyzeSentiment with the language given: normalisation, lexicon, features, model. */
  usPerCallModelOnly: number;
  /** analyzeSentiment with language detection (script rules, eld for Latin text). */
  usPerCall: number;
}

const SAMPLE = [
  '666666',
  'yyds',
  '主播好美',
  '垃圾 差评',
  '哈哈哈哈哈哈',
  '多少钱？',
  '🔥🔥🔥',
  'this is amazing lol',
  'how much is shipping to canada?',
  'que asco jajaja',
  'quanto custa?',
  'ㅋㅋㅋ 대박',
  '최악이다 ㅠㅠ',
  'これ最高！',
  'كذب',
  'bhai ye kya hai',
  'link pls',
  'wow 😍😍',
];

function time(texts: readonly string[], fn: (text: string) => unknown): number {
  const started = process.hrtime.bigint();
  let sink = 0;
  for (const t of texts) sink += fn(t) === null ? 1 : 0;
  const ns = Number(process.hrtime.bigint() - started);
  if (sink < 0) console.log(sink);
  return ns / 1000 / texts.length;
}

/** Times analyzeSentiment over `texts` (first fifth warms up, the rest is measured once). */
export function benchmarkSentiment(
  model: SentimentModel,
  corpus: string,
  texts: readonly string[],
): SentimentBenchResult {
  const cut = Math.max(1, Math.floor(texts.length / 5));
  const warm = texts.slice(0, cut);
  const measured = texts.length > 1 ? texts.slice(cut) : texts;
  for (let i = 0; i < 3; i++) {
    for (const t of warm) analyzeSentiment(t, model, 'und');
    for (const t of warm) analyzeSentiment(t, model);
  }
  // The model path has no cache: best of three passes. Language id is timed in one pass, since eld's
  // cache would answer every later pass.
  const usPerCallModelOnly = Math.min(
    ...[0, 1, 2].map(() => time(measured, (t) => analyzeSentiment(t, model, 'und'))),
  );
  const usPerCall = time(measured, (t) => analyzeSentiment(t, model));
  return {
    corpus,
    comments: measured.length,
    meanChars: measured.reduce((n, t) => n + t.length, 0) / measured.length,
    usPerCallModelOnly,
    usPerCall,
  };
}

function corpora(dataDir: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  const danmaku = path.join(dataDir, 'danmaku', 'bilibili_vod.jsonl');
  if (existsSync(danmaku)) {
    const texts = readFileSync(danmaku, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { mode: number; text: string })
      .filter((d) => d.mode !== 7) // mode 7 is scripted positioning, not a comment
      .map((d) => d.text);
    out.push(['bilibili danmaku (zh)', texts]);
  }
  const twitch = path.join(dataDir, 'sentiment', 'es_twitch', 'CorpusTwitchVideogames.tsv');
  if (existsSync(twitch)) {
    const texts = readFileSync(twitch, 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t')[0] ?? '');
    out.push(['Twitch chat (es)', texts]);
  }
  const tweets = Object.keys(XLMT_LANGUAGES).flatMap((folder) => {
    const file = path.join(dataDir, 'sentiment', 'xlmt', folder, 'val_text.txt');
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  });
  if (tweets.length > 0) out.push(['XLM-T tweets (8 languages)', tweets]);
  if (out.length === 0)
    out.push(['built-in sample (no ../shared/data)', Array.from({ length: 500 }, () => SAMPLE).flat()]);
  return out;
}

const maxComments = Number(process.env.BENCH_MAX_COMMENTS ?? Infinity);
const model = loadSentimentModel();
const results = corpora(DEFAULT_DATA_DIR).map(([name, texts]) =>
  benchmarkSentiment(model, name, texts.slice(0, maxComments)),
);
console.log(
  `sentiment bench: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}` +
    (process.env.BENCH_SMOKE ? ` (smoke sizes: the first ${maxComments} comments of each corpus)` : ''),
);
console.log(
  '| corpus | comments | mean chars | µs/call, lang given | calls/s/core | µs/call with language id | calls/s/core |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(
    `| ${r.corpus} | ${r.comments} | ${r.meanChars.toFixed(0)} | ${r.usPerCallModelOnly.toFixed(2)} | ${Math.round(1e6 / r.usPerCallModelOnly)} | ${r.usPerCall.toFixed(2)} | ${Math.round(1e6 / r.usPerCall)} |`,
  );
}
console.log(JSON.stringify({ cores: os.cpus().length, results }));
