// Every benchmark `npm run bench` knows: how to run it, the JSON figures its last line promises, and its
// smoke sizes. A smoke run is the same code with these environment variables (sizes and durations only),
// under about a minute; `npm test` runs every smoke and checks each promised figure is present and finite.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchEntry {
  /** The file in tests/bench that is the benchmark. */
  file: string;
  /** Runs it in this process (it prints its table and, last, one JSON line). */
  run: () => Promise<unknown>;
  /** The keys of the JSON line: in every run, smoke or full, each is there and holds finite numbers. */
  keys: readonly string[];
  /** The smoke run's sizes, as the environment variables the benchmark reads. */
  smoke: Readonly<Record<string, string>>;
}

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

export const BENCHES: Readonly<Record<string, BenchEntry>> = {
  live: {
    file: 'live-bench.ts',
    run: () => import('./live-bench'),
    keys: [
      'latency_p50_ms',
      'latency_p95_ms',
      'cpu_pct_per_consumer',
      'cpu_pct_per_consumer_720p_layer',
      'viewers_per_core',
      'viewers_per_core_cpu_bound',
      'mbps_per_consumer',
      'cores',
    ],
    smoke: {
      BENCH_STEPS: '0,10',
      BENCH_WINDOW_MS: '2500',
      BENCH_RAMP_MS: '3000',
      BENCH_SYNTH_CONSUMERS: '10',
    },
  },
  room: {
    file: 'room-bench.ts',
    run: () => import('./room-bench'),
    keys: [
      'p99_ms_target',
      'target_viewers',
      'target_rate',
      'delivery_ratio_vs_socketio',
      'orders_per_s',
      'gateway_max_deliveries_per_s',
      'socketio_max_deliveries_per_s',
      'cores',
    ],
    smoke: {
      BENCH_VIEWERS: '200',
      BENCH_RATES: '20',
      BENCH_TARGET: '200x20',
      BENCH_WINDOW_MS: '1500',
      BENCH_WARMUP_MS: '500',
      BENCH_WORKERS: '2',
      BENCH_BUYERS: '10',
      BENCH_ORDER_WINDOW_MS: '1500',
      BENCH_RERUNS: '0',
    },
  },
  insight: {
    file: 'insight-bench.ts',
    run: () => import('./insight-bench'),
    keys: ['comments_per_s_per_core', 'added_delivery_ms_p99', 'cores'],
    smoke: { BENCH_WINDOW_MS: '1000', BENCH_WARMUP_CALLS: '2000' },
  },
  sentiment: {
    file: 'sentiment-bench.ts',
    run: () => import('./sentiment-bench'),
    keys: ['cores', 'results'],
    smoke: { BENCH_MAX_COMMENTS: '2000' },
  },
  danmaku: {
    file: 'danmaku-bench.ts',
    run: () => import('./danmaku-bench'),
    keys: [
      'p95_ms_at_500ps',
      'shown_per_s_ratio_vs_best_baseline',
      'overlaps',
      'readable_per_s_ratio_vs_best_baseline',
      'shown_per_s_at_500ps',
      'placed_per_s_at_500ps',
      'best_baseline',
      'best_baseline_shown_per_s',
      'cores',
    ],
    smoke: { BENCH_RATES: '11,500', BENCH_WINDOW_MS: '1500', BENCH_WARMUP_MS: '1000' },
  },
  captions: {
    file: 'captions-bench.ts',
    run: () => import('./captions-bench'),
    keys: [
      'rtf',
      'first_partial_ms',
      'final_p50_ms',
      'final_p95_ms',
      'by_targets',
      'asr',
      'weights',
      'cores',
    ],
    smoke: { BENCH_CLIPS: '1', BENCH_TARGETS: '3', BENCH_ASR: 'tiny', BENCH_MT: 'test' },
  },
  ops: {
    file: 'ops-bench.ts',
    run: () => import('./ops-bench'),
    keys: [
      'event_to_tile_p50_ms',
      'event_to_tile_p95_ms',
      'cpu_ms_per_1k_events',
      'board_frame_p95_ms',
      'rooms',
      'rss_growth_pct',
      'cores',
    ],
    smoke: {
      BENCH_ROOMS: '3',
      BENCH_VIEWERS: '5',
      BENCH_WORKERS: '1',
      BENCH_WARMUP_MS: '1500',
      BENCH_WINDOW_MS: '3000',
      BENCH_PROBES: '3',
      BENCH_IMPRESSION_EVERY_MS: '1000',
      BENCH_CLICK_EVERY_MS: '2000',
    },
  },
  ar: {
    file: 'ar-bench.ts',
    run: () => import('./ar-bench').then((m) => m.main()),
    keys: [
      'track_p50_ms',
      'track_p95_ms',
      'out_fps_720p',
      'out_fps_480p',
      'jitter_px',
      'track_hz_720p',
      'track_hz_480p',
      'passthrough_fps_720p',
      'fade_frame_p95_ms_720p',
      'fade_frame_p95_ms_480p',
      'fade_cpu_ms_per_frame_720p',
      'cores',
    ],
    smoke: { BENCH_WINDOW_MS: '2000', BENCH_PASS_MS: '1500', BENCH_SETTLE_MS: '500', BENCH_FADE_MS: '1500' },
  },
  replay: {
    file: 'replay-bench.ts',
    run: () => import('./replay-bench'),
    keys: [
      'ready_after_end_s',
      'page_interactive_ms',
      'seek_p95_ms',
      'search_p95_ms',
      'recorder_cpu_pct',
      'cores',
    ],
    smoke: {
      BENCH_MINUTES: '5',
      BENCH_BURSTS: '1',
      BENCH_ORDERS: '200',
      BENCH_PEAK_VIEWERS: '1000',
      BENCH_RECORD_S: '5',
      BENCH_PAGE_LOADS: '2',
      BENCH_SEEKS: '5',
      BENCH_CLIP_S: '10',
      BENCH_SEGMENT_S: '60',
    },
  },
  compliance: {
    file: 'compliance-bench.ts',
    run: () => import('./compliance-bench'),
    keys: ['sentences_per_s_per_core', 'p99_ms', 'cores'],
    smoke: { BENCH_WINDOW_MS: '1000', BENCH_WARMUP_CALLS: '2000' },
  },
  pitch: {
    file: 'pitch-bench.ts',
    run: () => import('./pitch-bench'),
    keys: [
      'gmv_ratio_vs_best_baseline',
      'regret_vs_oracle_pct',
      'recommend_qps',
      'yoochoose_mrr20',
      'yoochoose_mrr20_best_baseline',
      'cores',
    ],
    smoke: { BENCH_SEEDS: '2', BENCH_STREAMS: '2', BENCH_QUERIES: '1500', BENCH_TUNE: '0' },
  },
  multistream: {
    file: 'multistream-bench.ts',
    run: () => import('./multistream-bench'),
    keys: [
      'rtmp_latency_p50_ms',
      'rtmp_latency_p95_ms',
      'encode_cpu_pct',
      'cpu_pct_per_destination',
      'cores',
    ],
    smoke: { BENCH_DESTS: '2', BENCH_WINDOW_MS: '3000', BENCH_SIZE: '640x360' },
  },
};

/** What is wrong with the table: a benchmark file it does not list, an entry without a smoke run or keys. */
export function benchTableProblems(benches: Readonly<Record<string, BenchEntry>> = BENCHES): string[] {
  const problems: string[] = [];
  const files = readdirSync(BENCH_DIR);
  const listed = new Set(Object.values(benches).map((b) => b.file));
  for (const file of files.filter((f) => f.endsWith('-bench.ts')).sort())
    if (!listed.has(file)) problems.push(`${file} is not in tests/bench/bench-table.ts`);
  for (const [name, b] of Object.entries(benches)) {
    if (!b.smoke || Object.keys(b.smoke).length === 0) problems.push(`${name} has no smoke run`);
    if (!b.keys || b.keys.length === 0) problems.push(`${name} promises no JSON keys`);
    if (!files.includes(b.file)) problems.push(`${name}: tests/bench/${b.file} not found`);
  }
  return problems;
}

/**
 * The promised keys that the JSON line lacks or that hold anything but finite numbers (or text), looking
 * inside arrays and objects: a null, NaN, Infinity or empty list anywhere under a key names its path.
 */
export function badFigures(
  json: unknown,
  keys: readonly string[],
): { missing: string[]; notFinite: string[] } {
  const missing: string[] = [];
  const notFinite: string[] = [];
  const record = json !== null && typeof json === 'object' && !Array.isArray(json) ? json : {};
  const walk = (value: unknown, at: string): void => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) notFinite.push(at);
    } else if (typeof value === 'string') {
      if (value === '') notFinite.push(at);
    } else if (Array.isArray(value)) {
      if (value.length === 0) notFinite.push(at);
      value.forEach((v, i) => walk(v, `${at}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.length === 0) notFinite.push(at);
      for (const [k, v] of entries) walk(v, `${at}.${k}`);
    } else notFinite.push(at);
  };
  for (const key of keys) {
    if (!(key in record)) missing.push(key);
    else walk((record as Record<string, unknown>)[key], key);
  }
  return { missing, notFinite };
}
