// `npm run bench -- compliance`: the compliance checker (core/compliance) over real text, one thread.
// Texts: bilibili danmaku comments (zh, real viewers' comments) and FLORES-200 dev sentences
// (caption-length text) in en zh es ja ko id pt ar, each checked against the market whose audience
// speaks it (ko, which no pack covers, against JP: the cost of a line no rule reads). Two measurements:
// 1. Throughput: checkLine (script-based language choice + checkText) in a loop, CPU time of this one
//    thread -> sentences per second per core: the whole mix for BENCH_WINDOW_MS, comments and captions
//    apart for half of it each, each source for a share of it.
// 2. Latency: every sentence timed alone (performance.now) -> p50, p99 and max per sentence, in ms.
// Texts are read from ../shared/data (or LIVEBRIDGE_DATA_DIR), else from the repo's small fixtures.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { checkLine } from '../../core/compliance';
import { loadPacks } from '../../server/compliance/pack-files';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHARED = process.env.LIVEBRIDGE_DATA_DIR ?? path.resolve(HERE, '../../../shared/data');
const FIXTURES = path.resolve(HERE, '../fixtures');
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 5000);
const WARMUP_CALLS = Number(process.env.BENCH_WARMUP_CALLS ?? 50_000);
const log = (s: string) => process.stdout.write(`${s}\n`);

const FLORES_MARKET: Record<string, string> = {
  eng_Latn: 'US',
  zho_Hans: 'CN',
  spa_Latn: 'EU',
  jpn_Jpan: 'JP',
  kor_Hang: 'JP',
  ind_Latn: 'ID',
  por_Latn: 'EU',
  arb_Arab: 'GULF',
};

interface Item {
  text: string;
  market: string;
  source: string;
}

function danmaku(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { mode: number; text: string })
    .filter((d) => d.mode !== 7)
    .map((d) => d.text);
}

function texts(): { items: Item[]; source: string } {
  const items: Item[] = [];
  const dm = path.join(SHARED, 'danmaku/bilibili_vod.jsonl');
  const flores = path.join(SHARED, 'mt/flores200_dev500.tsv');
  if (!existsSync(dm) || !existsSync(flores)) {
    for (const text of danmaku(path.join(FIXTURES, 'danmaku/bilibili-slice.jsonl')))
      items.push({ text, market: 'CN', source: 'danmaku_zh' });
    // Caption-length text: the labelled utterances of each market (a clean clone has no FLORES).
    for (const file of readdirSync(path.join(FIXTURES, 'compliance')).filter((f) => f.endsWith('.tsv'))) {
      const market = file.split('.')[0]!.toUpperCase();
      for (const line of readFileSync(path.join(FIXTURES, 'compliance', file), 'utf8').split('\n')) {
        const text = line.split('\t')[1];
        if (text) items.push({ text, market, source: `labelled_${market.toLowerCase()}` });
      }
    }
    return { items, source: `repo fixtures only (${SHARED} not found): not comparable` };
  }
  for (const text of danmaku(dm)) items.push({ text, market: 'CN', source: 'danmaku_zh' });
  const rows = readFileSync(flores, 'utf8').split('\n').filter(Boolean);
  const header = rows[0]!.split('\t');
  for (const row of rows.slice(1)) {
    const cells = row.split('\t');
    header.forEach((lang, i) => {
      const market = FLORES_MARKET[lang];
      if (market && cells[i]) items.push({ text: cells[i]!, market, source: `flores_${lang.slice(0, 3)}` });
    });
  }
  return { items, source: 'bilibili danmaku (zh) + FLORES-200 dev (8 languages)' };
}

const pct = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const { packs, errors } = loadPacks();
if (errors.length) throw errors[0];
const { items, source } = texts();
let flagged = 0;
for (let i = 0; i < WARMUP_CALLS; i++)
  checkLine(items[i % items.length]!.text, items[i % items.length]!.market, packs);

/** Checks per second of CPU time of this thread, over `list` in a loop for `ms` of wall time. */
function throughput(list: readonly Item[], ms: number): { perCore: number; checks: number; cpuS: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < ms) {
    for (let k = 0; k < 200; k++, n++) {
      const it = list[n % list.length]!;
      if (checkLine(it.text, it.market, packs).length > 0) flagged++;
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  return { perCore: n / cpuS, checks: n, cpuS };
}

// 1. Throughput, one thread, CPU time: the whole mix, then comments and captions apart, then per source.
const mix = throughput(items, WINDOW_MS);
const comments = throughput(
  items.filter((i) => i.source.startsWith('danmaku')),
  WINDOW_MS / 2,
);
const captions = throughput(
  items.filter((i) => !i.source.startsWith('danmaku')),
  WINDOW_MS / 2,
);
const sources = [...new Set(items.map((i) => i.source))].sort();
const bySource = new Map(
  sources.map((name) => {
    const list = items.filter((i) => i.source === name);
    return [name, { n: list.length, ...throughput(list, WINDOW_MS / sources.length) }];
  }),
);

// 2. Per sentence, each timed alone (one pass over every text; wall time, so a busy machine shows).
const times = new Float64Array(items.length);
for (let i = 0; i < items.length; i++) {
  const it = items[i]!;
  const t0 = performance.now();
  checkLine(it.text, it.market, packs);
  const dt = performance.now() - t0;
  times[i] = dt;
}
const sorted = Float64Array.from(times).sort();
const p50 = pct(sorted, 50);
const p99 = pct(sorted, 99);
const max = sorted[sorted.length - 1]!;

log(
  `compliance bench: ${items.length} texts from ${source}; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'})`,
);
log(`window ${WINDOW_MS} ms after ${WARMUP_CALLS} warm-up calls, one thread`);
log('');
log('source          texts   µs/sentence   sentences/s/core   (CPU time)');
for (const [name, s] of bySource) {
  const us = 1e6 / s.perCore;
  log(
    `${name.padEnd(14)}  ${String(s.n).padStart(5)}   ${us.toFixed(2).padStart(11)}   ${Math.round(s.perCore)
      .toLocaleString('en')
      .padStart(16)}`,
  );
}
log('');
const fmt = (x: number) => Math.round(x).toLocaleString('en');
log(
  `throughput, the whole mix: ${fmt(mix.perCore)} sentences/s per core (${mix.checks} checks in ${mix.cpuS.toFixed(2)} s CPU); target >= 50,000`,
);
log(
  `  real comments (danmaku): ${fmt(comments.perCore)}/s; caption-length text (FLORES, 8 languages): ${fmt(captions.perCore)}/s`,
);
log(
  `  ${((100 * flagged) / (mix.checks + comments.checks + captions.checks)).toFixed(2)}% of checks flagged something`,
);
log(
  `per sentence: p50 ${(p50 * 1000).toFixed(1)} µs, p99 ${(p99 * 1000).toFixed(1)} µs, max ${max.toFixed(3)} ms (target <= 1 ms)`,
);
log(
  JSON.stringify({
    sentences_per_s_per_core: Math.round(mix.perCore),
    comments_per_s_per_core: Math.round(comments.perCore),
    captions_per_s_per_core: Math.round(captions.perCore),
    p99_ms: Number(p99.toFixed(4)),
    p50_ms: Number(p50.toFixed(4)),
    max_ms: Number(max.toFixed(3)),
    texts: items.length,
    cores: os.cpus().length,
  }),
);
