// `npm run bench -- insight`: the comment insight step (language, sentiment, intent tags, product link)
// that every comment goes through once on the server before it is broadcast.
//
// 1. Throughput: one thread (one core) runs the full step (CPU time) over a mix of real comments — bilibili danmaku
//    (zh), XLM-T tweets in eight languages, and live-commerce questions — against a 24-product catalog
//    with titles in several languages; comments/s per core.
// 2. Added delivery time: the step as the gateway awaits it for each comment (room state, catalog cache
//    with its periodic reload from SQLite, mood and alerts), timed per comment at 2,000 comments/s
//    offered for 5 s on a real SQLite store; p50/p99 of what it adds before the comment is queued.
// Texts are read from ../shared/data when present, else from the small fixtures in tests/fixtures.
// BENCH_WINDOW_MS (5,000) is the length of each of the three measurements, BENCH_WARMUP_CALLS (20,000)
// the calls that warm up the JIT first.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { InsightEngine } from '../../server/insight/insight-engine';
import { ProductMatcher } from '../../server/insight/products';
import { loadSentiment } from '../../server/insight/sentiment';
import { openStore } from '../../server/store/store';
import { quietLogger } from '../support/quiet-logger';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHARED = process.env.LIVEBRIDGE_DATA_DIR ?? path.resolve(HERE, '../../../shared/data');
const FIXTURES = path.resolve(HERE, '../fixtures');
const log = (s: string) => process.stderr.write(`${s}\n`);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 5000);
const WARMUP_CALLS = Number(process.env.BENCH_WARMUP_CALLS ?? 20_000);

/** Where the comment texts came from, for the report: the shared data, or the repo's small fixtures. */
let source = 'bilibili danmaku, XLM-T val in 8 languages, commerce questions';

function danmakuTexts(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { mode: number; text: string })
    .filter((d) => d.mode !== 7)
    .map((d) => d.text);
}

/** Without ../shared/data (a clone elsewhere): the repo's slices, so the same code runs on fewer texts. */
function fixtureTexts(): string[] {
  source = 'the repo fixtures only (bilibili slice, NSMC sample), ../shared/data not found: not comparable';
  const nsmc = readFileSync(path.join(FIXTURES, 'sentiment/ko_nsmc/nsmc_1200.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[1] ?? '')
    .filter(Boolean);
  return [...danmakuTexts(path.join(FIXTURES, 'danmaku/bilibili-slice.jsonl')), ...nsmc];
}

function comments(): string[] {
  const out: string[] = [];
  const danmaku = path.join(SHARED, 'danmaku/bilibili_vod.jsonl');
  if (existsSync(danmaku)) out.push(...danmakuTexts(danmaku));
  for (const lang of ['arabic', 'english', 'french', 'german', 'hindi', 'italian', 'portuguese', 'spanish']) {
    const f = path.join(SHARED, `sentiment/xlmt/${lang}/val_text.txt`);
    if (existsSync(f)) out.push(...readFileSync(f, 'utf8').split('\n').filter(Boolean));
  }
  out.push(
    'how much are the sunglasses?',
    '那个太阳镜多少钱',
    '有L码吗 偏大还是偏小',
    '¿Cuánto cuesta el envío a Madrid?',
    '사이즈 어떻게 돼요',
    'still in stock? ship to Lisbon?',
    '已拍 冲冲冲',
    'this is a scam, my order never arrived',
    'yyds 绝了 🔥🔥🔥',
    '666666',
  );
  if (out.length < 100) {
    log(`insight bench: ${SHARED} has no comment texts; using the repo's fixtures (set LIVEBRIDGE_DATA_DIR)`);
    out.push(...fixtureTexts());
  }
  return out;
}

const CATALOG = [
  ['Cat-eye sunglasses', '猫眼太阳镜', 'Gafas de sol ojo de gato'],
  ['Straw bucket hat', '草编渔夫帽', 'Sombrero de paja'],
  ['Velvet matte lipstick', '丝绒哑光口红', 'Labial mate aterciopelado'],
  ['Pearl drop earrings', '珍珠耳坠', 'Pendientes de perla'],
  ['Linen summer dress', '亚麻连衣裙', 'Vestido de lino'],
  ['Leather crossbody bag', '真皮斜挎包', 'Bolso bandolera de cuero'],
].flatMap(([en, zh, es], i) =>
  [0, 1, 2, 3].map((v) => ({
    id: `p${i}-${v}`,
    titles: {
      en: `${en} ${['', 'II', 'mini', 'pro'][v]}`.trim(),
      'zh-CN': `${zh}${['', '二代', '迷你', '专业版'][v]}`,
      es: es!,
    },
    aliases: v === 0 ? [zh!.slice(-2)] : [],
    pinned: i === 0 && v === 0,
  })),
);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const texts = comments();
const sentiment = await loadSentiment(quietLogger);
const matcher = new ProductMatcher(CATALOG);
const engine = new InsightEngine({ list: async () => [] }, sentiment);

// 1. Throughput on one thread.
for (let i = 0; i < WARMUP_CALLS; i++) engine.analyzeText(texts[i % texts.length]!, matcher); // warm up the JIT
let n = 0;
let linked = 0;
let tagged = 0;
const started = performance.now();
const cpu0 = process.cpuUsage();
while (performance.now() - started < WINDOW_MS) {
  for (let k = 0; k < 1000; k++, n++) {
    const x = engine.analyzeText(texts[n % texts.length]!, matcher);
    if (x.p) linked++;
    if (x.i.length) tagged++;
  }
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const cycledPerCore = Math.round(n / cpuSeconds);

// The same with every text made unique (a counter appended), so the language detector's cache of recent
// texts never answers: the cost of a stream where no comment repeats.
let m = 0;
const started2 = performance.now();
const cpu2 = process.cpuUsage();
while (performance.now() - started2 < WINDOW_MS) {
  for (let k = 0; k < 1000; k++, m++)
    engine.analyzeText(`${texts[m % texts.length]!} ${m.toString(36)}`, matcher);
}
const cpuU = process.cpuUsage(cpu2);
const perCore = Math.round(m / ((cpuU.user + cpuU.system) / 1e6));

// 2. What it adds to a comment's delivery, as the gateway runs it.
const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-insight-bench-'));
const store = await openStore({ databaseUrl: undefined, sqliteFile: path.join(dir, 'bench.sqlite') });
await store.migrate();
const roomId = 'bench-room';
await store.rooms.create(
  { id: roomId, title: 'Bench', hostLanguage: 'zh-CN', status: 'live', createdAt: Date.now() },
  'x',
);
for (const p of CATALOG) {
  await store.products.upsert({
    ...p,
    roomId,
    prices: { USD: 1999 },
    stock: 100,
    images: [],
    arAsset: null,
    updatedAt: Date.now(),
  });
}
const live = new InsightEngine(store.products, sentiment);
const added: number[] = [];
const RATE = 2000;
const t0 = performance.now();
let sent = 0;
const total = Math.round((RATE * WINDOW_MS) / 1000);
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * RATE));
    for (; sent < due; sent++) {
      const at = performance.now();
      void live
        .analyze(roomId, texts[sent % texts.length]!, false)
        .then(() => added.push(performance.now() - at));
    }
    if (sent >= total) {
      clearInterval(timer);
      setTimeout(resolve, 200);
    }
  }, 5);
});
await store.close();
added.sort((a, b) => a - b);
const p50 = pct(added, 50);
const p99 = pct(added, 99);

console.log(
  `insight bench on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), node ${process.version}` +
    (process.env.BENCH_SMOKE ? ' (smoke sizes)' : ''),
);
console.log(`comment texts: ${texts.length} (${source})`);
console.log('');
console.log('step                                   value');
console.log(`comments analysed (1 thread, ${seconds.toFixed(1)} s)   ${n}`);
console.log(`comments/s per core, texts cycled      ${cycledPerCore}   (repeats can hit the language cache)`);
console.log(`comments/s per core, every text new   ${perCore}   (reported below)`);
console.log(`linked to a product                   ${((linked / n) * 100).toFixed(2)}%`);
console.log(`with an intent tag                    ${((tagged / n) * 100).toFixed(2)}%`);
console.log(
  `added before queueing, p50 (ms)       ${p50.toFixed(3)}   (${added.length} comments at ${RATE}/s, SQLite catalog)`,
);
console.log(`added before queueing, p99 (ms)       ${p99.toFixed(3)}`);
console.log('');
console.log(
  `targets: >= 50,000 comments/s per core (${perCore >= 50_000 ? 'met' : 'NOT met'}), < 20 ms added p99 (${p99 < 20 ? 'met' : 'NOT met'})`,
);
console.log(
  JSON.stringify({
    comments_per_s_per_core: perCore,
    added_delivery_ms_p99: Number(p99.toFixed(3)),
    cores: os.cpus().length,
  }),
);
log('');
