// `npm run bench -- pitch`: which product to pitch next, in a simulated live stream (pitch-sim.ts). For each
// seed a seller with 20 products (drawn from the YOOCHOOSE click log) runs BENCH_STREAMS consecutive
// streams of BENCH_MINUTES; the host re-pins every BENCH_PIN_MIN minutes to the top pick of the policy
// under test (pitch-policies.ts). Every policy gets the same products and seeds; the seller's history
// (and our policy's learned state, saved as JSON between streams) carries over between a seller's streams.
// Prints GMV per policy (mean ± sd over seeds), regret vs the oracle, then the next-item recommender on
// YOOCHOOSE (MRR@20 of OURS and the best baseline, queries/s as the recommend CLI answers them), and last
// one JSON line. BENCH_SEEDS (8), BENCH_STREAMS (3), BENCH_MINUTES (120), BENCH_PIN_MIN (5),
// BENCH_QUERIES (all test prefixes), BENCH_TUNE (1: tune OURS' weights on TRAIN as the CLI does).
// BENCH_SEED_BASE (1): the first seed.
import os from 'node:os';
import { greedyPolicy, mostAskedPolicy, oraclePolicy, oursPolicy, roundRobinPolicy } from './pitch-policies';
import { drawProducts, simulateStream, type HostPolicy, type SimConfig } from './pitch-sim';
import type { ProductHistory } from '../../core/recommend/pitch/types';
import { itemStats, loadClicks, measureRecommend } from './pitch-yoochoose';

const SEEDS = Number(process.env.BENCH_SEEDS ?? 8);
// Sellers are seeds SEED_BASE .. SEED_BASE + SEEDS - 1 (the policy's settings were chosen on seeds 101..108).
const SEED_BASE = Number(process.env.BENCH_SEED_BASE ?? 1);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 3);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 120);
const PIN_MIN = Number(process.env.BENCH_PIN_MIN ?? 5);
const QUERIES = Number(process.env.BENCH_QUERIES ?? Infinity);
const TUNE = (process.env.BENCH_TUNE ?? '1') !== '0';
const cores = os.cpus().length;
const started = performance.now();

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const sd = (xs: number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, xs.length - 1));
};
const money = (minor: number): string => (minor / 100).toLocaleString('en-US', { maximumFractionDigits: 0 });

const data = loadClicks();
const items = itemStats(data.trainLines);
const config: SimConfig = { minutes: MINUTES, pinEveryMin: PIN_MIN, tickS: 10 };
const factories: [string, (seed: number) => HostPolicy][] = [
  ['ours', (seed) => oursPolicy(seed)],
  ['round-robin', () => roundRobinPolicy()],
  ['most-asked', () => mostAskedPolicy()],
  ['greedy', () => greedyPolicy()],
  ['oracle', () => oraclePolicy()],
];
const BASELINES = ['round-robin', 'most-asked', 'greedy'];

console.log(
  `pitch next: ${SEEDS} sellers (seeds) x ${STREAMS} streams x ${MINUTES} min, re-pin every ${PIN_MIN} min, 20 products; ${cores} cores`,
);
console.log(
  `products from ${data.source}: ${items.length} items; appeal from repeat-click share + popularity + noise`,
);
console.log(
  'no buy log in the shared data: prices drawn from a log-normal (median 120.00, sigma 0.5), stock log-uniform 20..400',
);
console.log(
  'comments: asking intents at rates that rise with popularity, appeal and a per-product chatter level (no texts)',
);
console.log('');

const gmv = new Map<string, number[]>(factories.map(([n]) => [n, []]));
const perStream = new Map<string, number[][]>(factories.map(([n]) => [n, []]));
const names = new Map<string, string>();
let exploring = 0;
let picks = 0;
for (let seed = SEED_BASE; seed < SEED_BASE + SEEDS; seed++) {
  const products = drawProducts(items, seed);
  for (const [name, make] of factories) {
    const policy = make(seed);
    names.set(name, policy.name);
    const history = new Map<string, ProductHistory>();
    const streams: number[] = [];
    for (let s = 0; s < STREAMS; s++)
      streams.push(simulateStream(products, policy, history, seed * 100 + s, config).gmvMinor);
    gmv.get(name)!.push(streams.reduce((a, b) => a + b, 0));
    perStream.get(name)!.push(streams);
    if (name === 'ours') {
      const stats = policy as ReturnType<typeof oursPolicy>;
      exploring += stats.exploringPicks;
      picks += stats.picks;
    }
  }
}

console.log('| policy | GMV per seller (all streams), mean ± sd | per stream 1..n (mean) | vs oracle |');
console.log('|---|---:|---|---:|');
const oracle = mean(gmv.get('oracle')!);
for (const [name] of factories) {
  const g = gmv.get(name)!;
  const streams = Array.from({ length: STREAMS }, (_, s) =>
    money(mean(perStream.get(name)!.map((x) => x[s]!))),
  );
  console.log(
    `| ${names.get(name)} | ${money(mean(g))} ± ${money(sd(g))} | ${streams.join(' / ')} | ${((100 * mean(g)) / oracle).toFixed(1)}% |`,
  );
}
const ours = mean(gmv.get('ours')!);
const best = BASELINES.reduce((a, b) => (mean(gmv.get(b)!) > mean(gmv.get(a)!) ? b : a));
const ratio = ours / mean(gmv.get(best)!);
const perSeed = gmv.get('ours')!.map((g, i) => g / gmv.get(best)![i]!);
const regret = (100 * (oracle - ours)) / oracle;
console.log('');
console.log(
  `ours / best baseline (${names.get(best)}): ${ratio.toFixed(3)} (per seed min ${Math.min(...perSeed).toFixed(3)}, max ${Math.max(...perSeed).toFixed(3)}); target >= 1.10: ${ratio >= 1.1 ? 'met' : 'NOT met'}`,
);
console.log(
  `oracle / best baseline: ${(oracle / mean(gmv.get(best)!)).toFixed(3)} (the oracle is myopic: the best expected GMV of the next segment, not an upper bound)`,
);
console.log(
  `regret vs oracle: ${regret.toFixed(1)}%; ours' top picks that were exploring: ${exploring} of ${picks}`,
);
console.log('');

const rec = measureRecommend(data, QUERIES, TUNE);
console.log(
  `next-item recommender on ${data.source.split(' (')[0]}: ${rec.queries} test prefix queries; OURS weights ${JSON.stringify(rec.weights)} (${rec.weightsSource}, ${rec.trainSeconds.toFixed(1)} s to ${TUNE ? 'tune and train' : 'train'})`,
);
console.log('| model | MRR@20 |\n|---|---:|');
for (const [model, mrr] of Object.entries(rec.mrr)) console.log(`| ${model} | ${(100 * mrr).toFixed(2)} |`);
console.log(
  `recommend CLI answering in-process (parse line, score, rank 20, JSON answer): ${Math.round(rec.qps)} queries/s on one core`,
);
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(
  JSON.stringify({
    gmv_ratio_vs_best_baseline: Number(ratio.toFixed(4)),
    regret_vs_oracle_pct: Number(regret.toFixed(2)),
    recommend_qps: Math.round(rec.qps),
    yoochoose_mrr20: Number(rec.oursMrr.toFixed(4)),
    yoochoose_mrr20_best_baseline: Number(rec.bestBaselineMrr.toFixed(4)),
    cores,
  }),
);
