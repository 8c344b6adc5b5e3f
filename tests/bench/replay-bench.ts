// `npm run bench -- replay`: a two-hour live-commerce stream's history at live rates (replay-bench-data.ts:
// ~216,000 bilibili comments at 30/s with 300/s bursts, 5,000 orders over pinned products, captions in 3
// languages every ~3 s, a few thousand viewers' presence, cards and clicks, marks) stored through the
// backend's own StudioStore (replay-bench-load.ts says why and how), then the real backend (child process,
// replay-bench-server.ts) takes over and the stream is ended through the real host path. Measures:
//   - recorder CPU: FFmpeg of the real recorder recording the studio's 720p test pattern (% of one core);
//   - end -> ready: host `live:end` until 'replay:list' says ready (target <= 60 s);
//   - search p95 over the comments and captions ('replay:search', Chinese and Latin substrings; <= 100 ms);
//   - /replay page load to interactive in Chromium (window.__replay.ready; <= 2 s), median of the loads;
//   - seek p95 through window.__replay.seek on a real recording (<= 300 ms).
// A figure whose part is missing (not merged, not served) fails the bench loudly, naming the part; it is
// never printed as a number. Sizes: BENCH_MINUTES, BENCH_COMMENTS_PER_S, BENCH_BURST_PER_S, BENCH_BURSTS,
// BENCH_ORDERS, BENCH_PRODUCTS, BENCH_PEAK_VIEWERS, BENCH_SEEKS, BENCH_SEARCHES, BENCH_RECORD_S,
// BENCH_PAGE_LOADS, BENCH_CLIP_S and BENCH_SEGMENT_S (the 2 h stream's pre-made recording, replay-bench-clip.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { buildRenderer } from '../../scripts/lib/build';
import { openSql, StudioStore } from '../../server/store/store';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { BenchFailure, percentile } from './ops-bench-parts';
import { danmakuFile, danmakuTexts, planStream } from './replay-bench-data';
import { loadStream, type LoadedStream } from './replay-bench-load';
import { openReplay, replayUrl, timeSeeks } from './replay-bench-page';
import {
  endAndWaitReady,
  searchQueries,
  startReplayServer,
  timeSearches,
  type ReadyResult,
  type ReplayServer,
} from './replay-bench-parts';
import { recordStudioStream, type RecordedStream } from './replay-bench-record';
import { seekSpans, type SeekTarget } from './replay-bench-wiring';
import { segmentFile, storeSegments } from './replay-bench-clip';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHARED = process.env.LIVEBRIDGE_DATA_DIR ?? path.resolve(HERE, '../../../shared/data');
const env = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number`);
  return v;
};
const MINUTES = Math.max(1, env('BENCH_MINUTES', 120));
const SIZES = {
  durationMs: MINUTES * 60_000,
  commentsPerS: env('BENCH_COMMENTS_PER_S', 30),
  burstPerS: env('BENCH_BURST_PER_S', 300),
  bursts: env('BENCH_BURSTS', 4),
  orders: Math.max(1, env('BENCH_ORDERS', 5000)),
  products: Math.max(2, env('BENCH_PRODUCTS', 6)),
  peakViewers: Math.max(10, env('BENCH_PEAK_VIEWERS', 3000)),
  captionEveryMs: 3000,
  marks: 5,
};
const SEEKS = Math.max(1, env('BENCH_SEEKS', 50));
const SEARCHES = Math.max(2, env('BENCH_SEARCHES', 100));
const RECORD_S = Math.max(1, env('BENCH_RECORD_S', 20));
const PAGE_LOADS = Math.max(1, env('BENCH_PAGE_LOADS', 5));
const CLIP_S = Math.max(2, env('BENCH_CLIP_S', 30));
const SEGMENT_S = Math.max(CLIP_S, env('BENCH_SEGMENT_S', 120));
const READY_TIMEOUT_MS = 300_000;
const CORES = os.cpus().length;

const log = (s: string) => process.stdout.write(`${s}\n`);
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** Each figure: a number, or why it could not be measured. */
type Outcome<T> = { ok: true; value: T } | { ok: false; why: string };
async function attempt<T>(what: string, run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const why = error instanceof BenchFailure ? error.message : String((error as Error).stack ?? error);
    log(`  ${what} FAILED: ${why.split('\n')[0]}`);
    return { ok: false, why };
  }
}

/** Seconds each step took, for the report. */
const steps: Record<string, number> = {};
async function timed<T>(step: string, run: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await run();
  } finally {
    steps[step] = round((Date.now() - t0) / 1000);
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  log(`replay bench: a ${MINUTES} min stream, on ${CORES} cores`);
  await buildRenderer({ quiet: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-replay-bench-'));
  const sqliteFile = path.join(dir, 'bench.sqlite');
  let server: ReplayServer | null = null;
  let browser: Browser | null = null;
  try {
    // 1. The stream's history, through the store.
    const corpus = danmakuFile(SHARED);
    const texts = danmakuTexts(corpus);
    if (texts.length < 200) throw new BenchFailure(`too few danmaku in ${corpus}`);
    log(`comments from ${path.relative(process.cwd(), corpus)} (${texts.length} plain danmaku, cycled)`);
    const plan = planStream(SIZES, texts);
    const db = await openSql({ sqliteFile });
    const store = new StudioStore(db);
    await store.migrate();
    // The pre-made recording's file first: the history ends when the load starts.
    const segmentS = Math.min(SEGMENT_S, MINUTES * 60);
    const file = await timed('pre-made clip', async () => segmentFile(CLIP_S, segmentS));
    const loaded: LoadedStream = await timed('store load', () => loadStream(store, db, plan, log));
    const recordingsDir = path.join(dir, 'recordings');
    loaded.counts['recording segments (pre-made)'] = await storeSegments(
      store,
      loaded.roomId,
      recordingsDir,
      file,
      segmentS * 1000,
      SIZES.durationMs,
    );
    log(`  recording: ${segmentS} s segments of a ${CLIP_S} s VP8 720p clip`);
    await store.close();
    log(`  stored in ${loaded.seconds.toFixed(1)} s: ${JSON.stringify(loaded.counts)}`);

    // 2. The real backend over it: the 2 h stream ended, searched; the studio's stream recorded.
    server = await timed('backend start', () => startReplayServer(sqliteFile, recordingsDir));
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required'],
    });
    const srv = server;
    const b = browser;
    const endGap = (Date.now() - (loaded.liveAt + SIZES.durationMs)) / 1000;
    const ready = await timed('end -> ready', () =>
      attempt<ReadyResult>('end -> ready', () =>
        endAndWaitReady(srv, { roomId: loaded.roomId, hostKey: loaded.hostKey }, READY_TIMEOUT_MS),
      ),
    );
    const search = await timed('searches', () =>
      attempt('search', () =>
        timeSearches(
          srv,
          loaded.roomId,
          searchQueries([...loaded.samples.comments, ...loaded.samples.captions], SEARCHES),
        ),
      ),
    );

    const recorded = await timed('recording (studio stream)', () =>
      attempt<RecordedStream>('recorder CPU', () => recordStudioStream(b, srv, RECORD_S)),
    );

    // 3. The page: loads to interactive, then seeks on a real recording.
    const pageLoads = await timed('page loads', () =>
      attempt('page', async () => {
        if (!ready.ok) throw new BenchFailure(`no replay to open: ${ready.why.split('\n')[0]}`);
        const samples: number[] = [];
        for (let i = 0; i < PAGE_LOADS; i++) {
          const opened = await openReplay(b, replayUrl(srv.url, srv.tokens.analyst, loaded.roomId), 60_000);
          samples.push(opened.ms);
          await opened.close();
        }
        return samples;
      }),
    );
    const seekOn = async (target: SeekTarget) => {
      const opened = await openReplay(b, replayUrl(srv.url, srv.tokens.analyst, target.roomId), 60_000);
      try {
        return { ...(await timeSeeks(opened.page, target.spans, SEEKS, 30_000)), on: target.describe };
      } finally {
        await opened.close();
      }
    };
    const seeks = await timed('seeks (2 h stream)', () =>
      attempt('seek', async () => seekOn(await seekSpans(srv, loaded.roomId, 'the 2 h stream (pre-made)'))),
    );
    // The same on the recorder's own file (the studio stream): its key frames are what the recorder got.
    const seeksRecorded = recorded.ok
      ? await timed('seeks (recorded studio stream)', () =>
          attempt('seek on the recorded stream', async () =>
            seekOn(await seekSpans(srv, recorded.value.roomId, 'the recorded studio stream')),
          ),
        )
      : null;

    // 4. The table and the JSON line.
    const figures: Record<string, number> = {};
    const failures: Record<string, string> = {};
    const put = <T>(key: string, o: Outcome<T>, value: (v: T) => number) => {
      if (o.ok) figures[key] = value(o.value);
      else failures[key] = o.why.split('\n')[0]!;
    };
    put('ready_after_end_s', ready, (r) => round(r.readyAfterEndS, 2));
    put('page_interactive_ms', pageLoads, (s) => Math.round(percentile(s, 50)));
    put('seek_p95_ms', seeks, (s) => round(percentile(s.samples, 95)));
    put('search_p95_ms', search, (s) => round(percentile(s.samples, 95)));
    put('recorder_cpu_pct', recorded, (r) => round(r.cpuPct, 2));
    if (seeksRecorded && !seeksRecorded.ok) failures.seek_recorded = seeksRecorded.why.split('\n')[0]!;
    const counts = loaded.counts;
    const extra = {
      stream_minutes: MINUTES,
      comments: counts.comments ?? 0,
      orders: counts.orders ?? 0,
      captions: counts.captions ?? 0,
      facts: Object.entries(counts).reduce((n, [k, v]) => n + (k.startsWith('fact:') ? v : 0), 0),
      peak_online: loaded.peakOnline,
      load_s: round(loaded.seconds),
      history_end_to_live_end_s: round(endGap),
      ...(pageLoads.ok ? { page_interactive_first_ms: pageLoads.value[0]! } : {}),
      ...(search.ok
        ? {
            search_p50_ms: round(percentile(search.value.samples, 50)),
            search_zh_p95_ms: round(percentile(search.value.chinese, 95)),
            search_latin_p95_ms: round(percentile(search.value.latin, 95)),
            search_empty: search.value.empty,
          }
        : {}),
      ...(seeks.ok
        ? {
            seek_p50_ms: round(percentile(seeks.value.samples, 50)),
            seeks_off_target: seeks.value.offTarget,
            seek_segments_visited: seeks.value.segmentsVisited,
          }
        : {}),
      ...(seeksRecorded?.ok
        ? {
            seek_recorded_p50_ms: round(percentile(seeksRecorded.value.samples, 50)),
            seek_recorded_p95_ms: round(percentile(seeksRecorded.value.samples, 95)),
          }
        : {}),
      ...(ready.ok
        ? {
            backend_loop_block_max_ms: Math.round(ready.value.loopBlockMs),
            list_slowest_answer_ms: ready.value.slowestAnswerMs,
            watcher_connections_dropped: ready.value.drops,
          }
        : {}),
      cores: CORES,
      bench_s: round((Date.now() - started) / 1000),
    };
    log('');
    log(
      `replay bench on ${CORES} cores: a ${MINUTES} min stream, ${extra.comments} comments, ${extra.orders} orders, ` +
        `${extra.captions} captions, ${extra.facts} analytics facts (peak ${extra.peak_online} online)`,
    );
    log(
      '  through the store (replay-bench-load.ts): room, products, comments with insight, orders and their',
    );
    log('    changes, live/pin/comment/order/presence/card/click facts, 10 s rollups, marks, captions');
    log(
      '  through sockets: host room:join + live:end, analyst replay:list (end -> ready) + replay:search, the studio',
    );
    log('    stream (WebRTC) that the recorder records, the /replay page in Chromium');
    log(`  figure                               value     target`);
    const row = (name: string, key: string, target: string) =>
      log(
        `  ${name.padEnd(35)}${(key in figures ? String(figures[key]) : 'FAILED').padStart(8)}   ${target}`,
      );
    row('end -> ready (s)', 'ready_after_end_s', '<= 60');
    if (ready.ok) {
      const r = ready.value;
      log(
        `    states: ${r.states.map((x) => `${x.state} at ${x.s.toFixed(1)} s`).join(', ')}; backend event loop ` +
          `blocked up to ${Math.round(r.loopBlockMs)} ms meanwhile; ${r.slowAnswers} list answers over 1 s ` +
          `(slowest ${r.slowestAnswerMs} ms), ` +
          `${r.drops} connections dropped`,
      );
    }
    row('page load -> interactive, p50 (ms)', 'page_interactive_ms', `<= 2000 (${PAGE_LOADS} loads)`);
    row('seek p95 (ms)', 'seek_p95_ms', `<= 300 (${SEEKS} seeks${seeks.ok ? `, ${seeks.value.on}` : ''})`);
    const recordedSeek = seeksRecorded?.ok ? seeksRecorded.value : null;
    log(
      `  ${"  the same on the recorder's file (ms)".padEnd(35)}${String(
        recordedSeek ? round(percentile(recordedSeek.samples, 95)) : '-',
      ).padStart(8)}   ${recordedSeek ? recordedSeek.on : 'not measured'}`,
    );
    row('search p95 (ms)', 'search_p95_ms', `<= 100 (${SEARCHES} searches)`);
    row('recorder CPU, one 720p stream (%)', 'recorder_cpu_pct', `of one core, ${RECORD_S} s`);
    for (const [key, why] of Object.entries(failures)) log(`  MISSING ${key}: ${why}`);
    log(`  steps (s): ${JSON.stringify(steps)}`);
    if (Object.keys(failures).length > 0 && srv.said.length > 0)
      log(`  the backend's last warnings and errors:\n    ${srv.said.slice(-15).join('\n    ')}`);
    log(
      JSON.stringify({ ...figures, ...extra, ...(Object.keys(failures).length ? { failed: failures } : {}) }),
    );
    return Object.keys(failures).length === 0 ? 0 : 1;
  } finally {
    await browser?.close().catch(() => undefined);
    server?.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

try {
  process.exit(await main());
} catch (error) {
  const message = error instanceof BenchFailure ? error.message : String((error as Error).stack ?? error);
  process.stderr.write(`replay bench FAILED: ${message}\n`);
  process.exit(1);
}
