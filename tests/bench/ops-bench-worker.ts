// Child process of the ops bench: a share of the viewers, as raw wire clients (room-bench-wire.ts: socket.io's
// protocol spoken directly, nothing decoded). Each joins its room, says presence join, then beats every
// heartbeatMs and reports impressions and clicks of the room's pinned product at the given rates, each with a
// random phase, as 'analytics:track' batches of one event, the way a viewer page sends them. Counts what it
// sent and what the backend refused. Driven by the bench over IPC (ops-bench-protocol.ts).
import { randomUUID } from 'node:crypto';
import type { ViewerEvent } from '../../core/protocol/analytics-events';
import type { BenchRoom, FromWorker, ToWorker } from './ops-bench-protocol';
import { WireClient, type Ack } from './room-bench-wire';

const send = (m: FromWorker) => process.send!(m);

interface Viewer {
  client: WireClient;
  room: BenchRoom;
  joinedAt: number;
}

const viewers: Viewer[] = [];
const timers: ReturnType<typeof setInterval>[] = [];
let events = 0;
let batches = 0;
let refused: Record<string, number> = {};

type Report = DistributiveOmit<ViewerEvent>;
type DistributiveOmit<T> = T extends unknown ? Omit<T, 'id' | 't'> : never;

function track(v: Viewer, event: Report): void {
  const full = { ...event, id: randomUUID(), t: Math.max(0, Date.now() - v.joinedAt) } as ViewerEvent;
  events++;
  batches++;
  v.client.emit('analytics:track', { roomId: v.room.roomId, lang: 'en', events: [full] }, (a: Ack) => {
    if (!a.ok) {
      const code = a.error?.code ?? '?';
      refused[code] = (refused[code] ?? 0) + 1;
    }
  });
}

async function connect(m: Extract<ToWorker, { t: 'connect' }>): Promise<void> {
  const jobs = m.rooms.flatMap((room) => Array.from({ length: m.viewersPerRoom }, () => room));
  let next = 0;
  let ok = 0;
  let failed = 0;
  let error: string | undefined;
  // A few at a time, so the backend's accept queue and handshakes keep up.
  const lane = async () => {
    while (next < jobs.length) {
      const room = jobs[next++]!;
      try {
        const client = await WireClient.connect(m.url, { token: room.token });
        const joined = await client.emitWithAck('room:join', { roomId: room.roomId }, 30_000);
        if (!joined.ok) throw new Error(`room:join: ${joined.error?.code}`);
        const v = { client, room, joinedAt: Date.now() };
        viewers.push(v);
        track(v, { type: 'presence', state: 'join' });
        ok++;
      } catch (e) {
        failed++;
        error ??= (e as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, lane));
  send({ t: 'connected', ok, failed, ...(error ? { error } : {}) });
}

/** Calls `fn` every `periodMs` starting at a random phase; the timer is kept for exit. */
function every(periodMs: number, fn: () => void): void {
  const start = setTimeout(() => {
    fn();
    timers.push(setInterval(fn, periodMs));
  }, Math.random() * periodMs);
  timers.push(start as unknown as ReturnType<typeof setInterval>);
}

function load(m: Extract<ToWorker, { t: 'load' }>): void {
  for (const v of viewers) {
    every(m.heartbeatMs, () => track(v, { type: 'presence', state: 'heartbeat' }));
    every(m.impressionEveryMs, () => track(v, { type: 'impression', productId: v.room.productId }));
    every(m.clickEveryMs, () =>
      track(v, { type: 'click', productId: v.room.productId, target: Math.random() < 0.7 ? 'card' : 'buy' }),
    );
  }
  send({ t: 'loading' });
}

process.on('message', (m: ToWorker) => {
  if (m.t === 'connect') void connect(m);
  else if (m.t === 'load') load(m);
  else if (m.t === 'collect') {
    send({ t: 'counts', events, batches, refused });
    events = batches = 0;
    refused = {};
  } else if (m.t === 'exit') {
    timers.forEach((t) => clearInterval(t));
    viewers.forEach((v) => v.client.disconnect());
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
send({ t: 'ready' });
