// Parts of the ops bench (ops-bench.ts): the backend child process, the viewer worker processes, the host's
// setup of the live rooms, the preflight that says clearly when the backend it started does not serve the
// analytics events, and small figures (percentiles, RSS).
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'socket.io-client';
import type { BenchRoom, FromWorker, ToWorker } from './ops-bench-protocol';
import { openHost } from './room-bench-parts';
import { WireClient } from './room-bench-wire';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');

/** The bench's command, for a backend that serves 'analytics:track' and 'ops:board'. */
export const RUN_OPS_BENCH = 'npm run bench -- ops';

export class BenchFailure extends Error {}

export interface OpsServer {
  child: ChildProcess;
  url: string;
  hostToken: string;
  opsToken: string;
}

export function startOpsServer(): Promise<OpsServer> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(HERE, 'ops-bench-server.ts')],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the backend did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /URL (http:\/\/127\.0\.0\.1:\d+) HOST (\S+) OPS (\S+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, hostToken: m[2]!, opsToken: m[3]! });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += String(d)));
    child.once('exit', (code) => reject(new Error(`the backend exited (${code}):\n${out}`)));
  });
}

/** Viewer worker processes (ops-bench-worker.ts), one reply awaited from each per request. */
export class ViewerWorkers {
  private readonly waiting = new Map<ChildProcess, ((m: FromWorker) => void)[]>();
  private constructor(readonly procs: ChildProcess[]) {}

  static async start(n: number): Promise<ViewerWorkers> {
    const procs = Array.from({ length: n }, () =>
      fork(path.join(HERE, 'ops-bench-worker.ts'), [], {
        cwd: ROOT,
        execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    const w = new ViewerWorkers(procs);
    for (const p of procs) {
      w.waiting.set(p, []);
      p.on('message', (m: FromWorker) => w.waiting.get(p)!.shift()?.(m));
    }
    await w.all(() => undefined, 60_000);
    return w;
  }

  all<R extends FromWorker>(message: (i: number) => ToWorker | undefined, timeoutMs = 300_000): Promise<R[]> {
    return Promise.all(
      this.procs.map(
        (p, i) =>
          new Promise<R>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('a viewer worker did not answer')), timeoutMs);
            this.waiting.get(p)!.push((m) => {
              clearTimeout(timer);
              resolve(m as R);
            });
            const m = message(i);
            if (m) p.send(m);
          }),
      ),
    );
  }

  stop(): void {
    for (const p of this.procs) p.kill('SIGKILL');
  }
}

type Answer = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** One host call; a rate-limited one waits and goes again (the host sets up many rooms from one socket). */
async function hostCall<T>(s: Socket, event: string, input: unknown): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const r = (await s.timeout(10_000).emitWithAck(event, input)) as Answer;
    if (r.ok) return r.value as T;
    if (r.error.code !== 'rate_limited' || attempt > 20)
      throw new Error(`${event}: ${r.error.code}: ${r.error.message}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** N live rooms, each with one pinned product, created by one host connection at a pace its limits allow. */
export async function setUpRooms(
  url: string,
  hostToken: string,
  count: number,
  onProgress: (done: number) => void,
): Promise<{ host: Socket; rooms: BenchRoom[] }> {
  const host = await openHost(url, hostToken);
  const rooms: BenchRoom[] = [];
  for (let i = 0; i < count; i++) {
    const created = await hostCall<{ room: { id: string }; viewerToken: string }>(host, 'room:create', {
      title: `Bench room ${i + 1}`,
      hostLanguage: 'en',
    });
    const roomId = created.room.id;
    await hostCall(host, 'live:start', { roomId });
    const product = await hostCall<{ id: string }>(host, 'product:upsert', {
      roomId,
      titles: { en: `Sunglasses ${i + 1}` },
      prices: { USD: 1999 },
      stock: 1_000_000,
    });
    await hostCall(host, 'product:pin', { roomId, productId: product.id });
    rooms.push({ roomId, token: created.viewerToken, productId: product.id });
    if ((i + 1) % 20 === 0) onProgress(i + 1);
  }
  return { host, rooms };
}

const unavailableMessage = (event: string, message: string) =>
  `${event} answers 'unavailable' (${message}): the backend this bench started does not serve analytics ` +
  `(an older backend, without server/modules/analytics.ts). Run it from a checkout that has the analytics ` +
  `module: ${RUN_OPS_BENCH}`;

/**
 * Checks, before any load, that the backend counts viewer events and serves the board: a viewer of the first
 * room reports a presence join, and an ops connection asks for the board. Fails fast with a clear message.
 */
export async function preflight(url: string, room: BenchRoom, opsToken: string): Promise<void> {
  const viewer = await WireClient.connect(url, { token: room.token });
  try {
    const joined = await viewer.emitWithAck('room:join', { roomId: room.roomId }, 10_000);
    if (!joined.ok) throw new BenchFailure(`a viewer could not join a bench room: ${joined.error?.code}`);
    const tracked = await viewer.emitWithAck(
      'analytics:track',
      {
        roomId: room.roomId,
        events: [{ id: `preflight-${Date.now()}`, t: 0, type: 'presence', state: 'join' }],
      },
      10_000,
    );
    if (!tracked.ok) {
      const error = tracked.error as { code: string; message?: string } | undefined;
      if (error?.code === 'unavailable')
        throw new BenchFailure(unavailableMessage('analytics:track', error.message ?? ''));
      throw new BenchFailure(`analytics:track was refused: ${error?.code}: ${error?.message ?? ''}`);
    }
  } finally {
    viewer.disconnect();
  }
  const ops = await WireClient.connect(url, { token: opsToken });
  try {
    const board = await ops.emitWithAck('ops:board', {}, 10_000);
    if (!board.ok) {
      const error = board.error as { code: string; message?: string } | undefined;
      if (error?.code === 'unavailable')
        throw new BenchFailure(unavailableMessage('ops:board', error.message ?? ''));
      throw new BenchFailure(`ops:board was refused: ${error?.code}: ${error?.message ?? ''}`);
    }
  } finally {
    ops.disconnect();
  }
}

/**
 * The backend's live heap after a full garbage collection, bytes: with RSS, it tells memory the process
 * keeps (a leak) from heap V8 has not given back yet.
 */
export function liveHeapBytes(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(NaN), 10_000);
    child.once('message', (m: { heapUsed?: number }) => {
      clearTimeout(timer);
      resolve(typeof m.heapUsed === 'number' ? m.heapUsed : NaN);
    });
    child.send('heap');
  });
}

/** Resident set size of a process, bytes (0 when it is gone). */
export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The p-th percentile (nearest rank) of `values`; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
