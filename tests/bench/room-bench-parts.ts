// Parts of the room bench (room-bench.ts): the servers and viewer workers it starts as child processes, the
// host's socket calls, CPU counters from /proc and latency percentiles.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import type { FromWorker, Kind, ToWorker } from './room-bench-protocol';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');

export const cpuTicks = (pid: number): number => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
};
/** Busy and total ticks of the whole machine (all cores), to see load from outside the bench. */
export const machineTicks = (): { busy: number; total: number } => {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const n = fields.slice(0, 8).map(Number);
  const idle = n[3]! + n[4]!;
  const total = n.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
};

export interface Percentiles {
  p50: number;
  p99: number;
}
/** Percentiles of a [ms, count] histogram plus `missing` samples that count as infinitely late. */
export function percentiles(hist: Map<number, number>, missing: number): Percentiles | null {
  const total = [...hist.values()].reduce((a, b) => a + b, 0) + missing;
  if (total === 0) return null;
  const keys = [...hist.keys()].sort((a, b) => a - b);
  const at = (p: number) => {
    const rank = Math.ceil((p / 100) * total);
    let seen = 0;
    for (const k of keys) {
      seen += hist.get(k)!;
      if (seen >= rank) return k;
    }
    return Infinity;
  };
  return { p50: at(50), p99: at(99) };
}

export function startServer(kind: Kind): Promise<{ child: ChildProcess; url: string; token?: string }> {
  const script = path.join(HERE, kind === 'gateway' ? 'room-bench-server.ts' : 'room-bench-socketio.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = out.match(/URL (http:\/\/127\.0\.0\.1:\d+)(?: TOKEN (\S+))?\n/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, ...(m[2] ? { token: m[2] } : {}) });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += String(d)));
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code}):\n${out}`)));
  });
}

export class Workers {
  readonly procs: ChildProcess[] = [];
  private readonly waiting = new Map<ChildProcess, ((m: FromWorker) => void)[]>();

  static async start(n: number): Promise<Workers> {
    const w = new Workers();
    for (let i = 0; i < n; i++) {
      const p = fork(path.join(HERE, 'room-bench-worker.ts'), [], {
        cwd: ROOT,
        execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      w.procs.push(p);
      w.waiting.set(p, []);
      p.on('message', (m: FromWorker) => w.waiting.get(p)!.shift()?.(m));
    }
    await w.all(() => undefined);
    return w;
  }

  /** Sends each worker its message (if any) and waits for one reply from each. */
  all<R extends FromWorker>(message: (i: number) => ToWorker | undefined, timeoutMs = 300_000): Promise<R[]> {
    return Promise.all(
      this.procs.map(
        (p, i) =>
          new Promise<R>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('a bench worker did not answer')), timeoutMs);
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

  post(message: (i: number) => ToWorker): void {
    this.procs.forEach((p, i) => p.send(message(i)));
  }

  cpuTicks(): number {
    return this.procs.reduce((n, p) => n + cpuTicks(p.pid!), 0);
  }

  stop(): void {
    for (const p of this.procs) p.kill('SIGKILL');
  }
}

/** Splits `total` into `parts` near-equal integers. */
export const split = (total: number, parts: number, i: number) =>
  Math.floor(total / parts) + (i < total % parts ? 1 : 0);

export async function openHost(url: string, token: string | undefined): Promise<Socket> {
  const s = connect(url, {
    auth: { role: 'host', ...(token ? { token } : {}) },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

export async function call<T>(s: Socket, event: string, input: unknown): Promise<T> {
  const r = (await s.timeout(10_000).emitWithAck(event, input)) as
    { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!r.ok) throw new Error(`${event}: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** room:create's answer; viewerToken only where the gateway checks signed tokens. */
export interface CreatedRoom {
  room: { id: string };
  viewerToken?: string;
}
