// `npm run bench -- ops`: the ops board under a live audience. N rooms x M viewers (default 200 x 50), raw
// socket.io clients in worker processes, send presence (join, a heartbeat every HEARTBEAT_MS), impressions
// and clicks through real sockets to the backend in its own child process, while the board (/dashboard with
// an ops token) is open in Chromium. Measures:
//   - event to tile: a probe viewer joins (then leaves) a room at a known time; the page notes the first
//     animation frame whose tile for that room shows the new online count (p50, p95);
//   - backend CPU (its process, /proc) per 1,000 viewer events;
//   - the board's frame time p95 while it updates (requestAnimationFrame intervals);
//   - backend RSS growth from the end of the warm-up to the end of the run.
// Sizes: BENCH_ROOMS, BENCH_VIEWERS (per room), BENCH_WORKERS, BENCH_WARMUP_MS, BENCH_WINDOW_MS, BENCH_PROBES,
// BENCH_IMPRESSION_EVERY_MS, BENCH_CLICK_EVERY_MS (per viewer). While the backend answers the analytics
// events with `unavailable` (before the analytics module is merged) it fails at once, saying so.
import os from 'node:os';
import type { Socket } from 'socket.io-client';
import { HEARTBEAT_MS } from '../../core/protocol/analytics-events';
import { buildRenderer } from '../../scripts/lib/build';
import { BoardPage } from './ops-bench-board';
import {
  BenchFailure,
  percentile,
  preflight,
  liveHeapBytes,
  rssBytes,
  setUpRooms,
  startOpsServer,
  ViewerWorkers,
  type OpsServer,
} from './ops-bench-parts';
import type { BenchRoom, FromWorker, WorkerCounts } from './ops-bench-protocol';
import { cpuTicks } from './room-bench-parts';
import { WireClient } from './room-bench-wire';

const env = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number`);
  return v;
};
const ROOMS = Math.max(1, env('BENCH_ROOMS', 200));
const VIEWERS = Math.max(1, env('BENCH_VIEWERS', 50));
const CORES = os.cpus().length;
const WORKERS = Math.max(1, env('BENCH_WORKERS', Math.min(4, Math.max(1, CORES - 1))));
const WARMUP_MS = env('BENCH_WARMUP_MS', 20_000);
const WINDOW_MS = env('BENCH_WINDOW_MS', 30_000);
const PROBES = Math.max(1, env('BENCH_PROBES', 20));
const IMPRESSION_EVERY_MS = Math.max(100, env('BENCH_IMPRESSION_EVERY_MS', 20_000));
const CLICK_EVERY_MS = Math.max(100, env('BENCH_CLICK_EVERY_MS', 60_000));
/** A tile that has not shown a change after this long counts as this late (and is reported as missed). */
const PROBE_TIMEOUT_MS = 10_000;
const CLK_TCK = 100; // Linux USER_HZ

const log = (s: string) => process.stdout.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ProbeResults {
  samples: number[];
  missed: number;
}

/**
 * Probe viewers, one at a time over the rooms: each joins (room:join and a presence join, back to back, at
 * t0) and then leaves (presence leave and disconnect, at t1); the board must show +1 then the count before.
 */
async function probe(
  board: BoardPage,
  url: string,
  rooms: BenchRoom[],
  count: number,
): Promise<ProbeResults> {
  const out: ProbeResults = { samples: [], missed: 0 };
  const note = (ms: number | null) => {
    if (ms === null) out.missed++;
    out.samples.push(ms ?? PROBE_TIMEOUT_MS);
  };
  for (let k = 0; k < count; k++) {
    const room = rooms[(k * 7) % rooms.length]!;
    const before = await board.online(room.roomId);
    if (before === null) throw new BenchFailure(`the board has no tile for room ${room.roomId}`);
    const client = await WireClient.connect(url, { token: room.token });
    const t0 = Date.now();
    const joinedOnBoard = board.watch(room.roomId, before + 1, t0, PROBE_TIMEOUT_MS);
    const joined = await client.emitWithAck('room:join', { roomId: room.roomId }, 10_000);
    if (!joined.ok) throw new BenchFailure(`a probe viewer could not join: ${joined.error?.code}`);
    client.emit('analytics:track', {
      roomId: room.roomId,
      events: [{ id: `probe-join-${k}-${t0}`, t: 0, type: 'presence', state: 'join' }],
    });
    note(await joinedOnBoard);
    const t1 = Date.now();
    const leftOnBoard = board.watch(room.roomId, before, t1, PROBE_TIMEOUT_MS);
    client.emit('analytics:track', {
      roomId: room.roomId,
      events: [{ id: `probe-leave-${k}-${t1}`, t: 1, type: 'presence', state: 'leave' }],
    });
    client.disconnect();
    note(await leftOnBoard);
  }
  return out;
}

const sum = (counts: WorkerCounts[]) =>
  counts.reduce(
    (a, c) => {
      a.events += c.events;
      a.batches += c.batches;
      for (const [code, n] of Object.entries(c.refused)) a.refused[code] = (a.refused[code] ?? 0) + n;
      return a;
    },
    { events: 0, batches: 0, refused: {} as Record<string, number> },
  );

async function main(): Promise<void> {
  log(`ops bench: ${ROOMS} rooms x ${VIEWERS} viewers, ${WORKERS} viewer workers, on ${CORES} cores`);
  await buildRenderer({ quiet: true });
  let server: OpsServer | null = null;
  let workers: ViewerWorkers | null = null;
  let board: BoardPage | null = null;
  let host: Socket | null = null;
  try {
    server = await startOpsServer();
    const pid = server.child.pid!;
    const t0 = Date.now();
    const setup = await setUpRooms(server.url, server.hostToken, ROOMS, (n) => log(`  ${n} rooms live…`));
    host = setup.host;
    const rooms = setup.rooms;
    log(`  ${ROOMS} rooms live, each with a pinned product, in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await preflight(server.url, rooms[0]!, server.opsToken);

    workers = await ViewerWorkers.start(WORKERS);
    const t1 = Date.now();
    const connected = await workers.all<Extract<FromWorker, { t: 'connected' }>>((i) => ({
      t: 'connect',
      url: server!.url,
      rooms: rooms.filter((_, r) => r % WORKERS === i),
      viewersPerRoom: VIEWERS,
    }));
    const ok = connected.reduce((n, c) => n + c.ok, 0);
    log(`  ${ok}/${ROOMS * VIEWERS} viewers joined in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    if (ok < ROOMS * VIEWERS)
      throw new BenchFailure(`not every viewer could join: ${connected.find((c) => c.error)?.error}`);
    await workers.all(() => ({
      t: 'load',
      heartbeatMs: HEARTBEAT_MS,
      impressionEveryMs: IMPRESSION_EVERY_MS,
      clickEveryMs: CLICK_EVERY_MS,
    }));

    board = await BoardPage.open(server.url, server.opsToken, ROOMS, 60_000 + ROOMS * 100);
    log(`  the board shows ${ROOMS} tiles; warming up ${WARMUP_MS / 1000} s`);
    await sleep(WARMUP_MS);

    // The measured window: counters zeroed, RSS and CPU noted, frames recorded, probes through it.
    await workers.all(() => ({ t: 'collect' }));
    const rss0 = rssBytes(pid);
    const heap0 = await liveHeapBytes(server.child);
    const cpu0 = cpuTicks(pid);
    const w0 = Date.now();
    await board.record(true);
    const probes = await probe(board, server.url, rooms, PROBES);
    const left = WINDOW_MS - (Date.now() - w0);
    if (left > 0) await sleep(left);
    const frames = await board.record(false);
    const seconds = (Date.now() - w0) / 1000;
    const cpuMs = ((cpuTicks(pid) - cpu0) / CLK_TCK) * 1000;
    const rss1 = rssBytes(pid);
    const heap1 = await liveHeapBytes(server.child);
    const load = sum(await workers.all<WorkerCounts>(() => ({ t: 'collect' })));
    const refusedTotal = Object.values(load.refused).reduce((a, b) => a + b, 0);
    if (load.events === 0) throw new BenchFailure('no viewer events were sent in the window');
    if (refusedTotal > load.batches / 2)
      throw new BenchFailure(`the backend refused most viewer events: ${JSON.stringify(load.refused)}`);

    const figures = {
      event_to_tile_p50_ms: percentile(probes.samples, 50),
      event_to_tile_p95_ms: percentile(probes.samples, 95),
      cpu_ms_per_1k_events: Number(((cpuMs / load.events) * 1000).toFixed(1)),
      board_frame_p95_ms: Number(percentile(frames, 95).toFixed(1)),
      rooms: ROOMS,
      rss_growth_pct: Number((((rss1 - rss0) / rss0) * 100).toFixed(1)),
      heap_after_gc_growth_pct: Number((((heap1 - heap0) / heap0) * 100).toFixed(1)),
      heap_after_gc_mb: Number((heap1 / 2 ** 20).toFixed(1)),
      viewers: ROOMS * VIEWERS,
      events_per_s: Number((load.events / seconds).toFixed(0)),
      probes_missed: probes.missed,
      board_frames: frames.length,
      cores: CORES,
    };
    log('');
    log(`ops bench on ${CORES} cores: ${ROOMS} rooms x ${VIEWERS} viewers, ${seconds.toFixed(1)} s measured`);
    log(`  figure                              value     target`);
    const row = (name: string, value: string, target = '') =>
      log(`  ${name.padEnd(34)}${value.padStart(8)}   ${target}`);
    row('event to tile p50 (ms)', String(figures.event_to_tile_p50_ms));
    row('event to tile p95 (ms)', String(figures.event_to_tile_p95_ms), '<= 2000 at 200 x 50');
    row('probes the board missed (10 s)', `${probes.missed}/${probes.samples.length}`);
    row('viewer events/s', String(figures.events_per_s));
    row('backend CPU ms per 1,000 events', String(figures.cpu_ms_per_1k_events));
    row('board frame p95 (ms)', String(figures.board_frame_p95_ms), '<= 16.7 with 200 tiles');
    row('backend RSS growth (%)', String(figures.rss_growth_pct), '<= 10 after warm-up');
    row('live heap after GC growth (%)', String(figures.heap_after_gc_growth_pct), '');
    row('live heap after GC (MiB)', String(figures.heap_after_gc_mb), '');
    row('refused batches', `${refusedTotal}`, JSON.stringify(load.refused));
    log(JSON.stringify(figures));
  } finally {
    host?.disconnect();
    await board?.close();
    workers?.all(() => ({ t: 'exit' }), 2000).catch(() => undefined);
    await sleep(200);
    workers?.stop();
    server?.child.kill('SIGTERM');
  }
}

try {
  await main();
  process.exit(0);
} catch (error) {
  const message = error instanceof BenchFailure ? error.message : String((error as Error).stack ?? error);
  process.stderr.write(`ops bench FAILED: ${message}\n`);
  process.exit(1);
}
