// Child process of the room bench: a share of the load clients, all websocket. It holds viewers in one
// room, makes some of them comment at a steady rate, and records every comment delivered to every viewer:
// a count, and its delivery latency (receive time minus the send time written into the comment's text;
// same machine clock) in a 1 ms histogram. Also runs buyers for the orders phase. Driven by the bench over
// IPC (messages in room-bench-protocol.ts).
//
// Viewers are wire-level clients by default (room-bench-wire.ts: socket.io's protocol spoken directly,
// frames scanned for the timestamps); BENCH_CLIENT=socket.io-client makes them full socket.io-client
// instances that decode every frame, which on two shared cores measures mostly the clients' own decoding.
import { io as connect, type Socket } from 'socket.io-client';
import { LAT_MAX_MS, type FromWorker, type Kind, type ToWorker } from './room-bench-protocol';
import { WireClient, type Ack } from './room-bench-wire';

const send = (m: FromWorker) => process.send!(m);
const FILLER = ' is this in stock in size M? ship to Lisbon? 😍';
const FULL_CLIENTS = process.env.BENCH_CLIENT === 'socket.io-client';

/** What the bench needs of a connection, from socket.io-client or the wire client. */
interface BenchClient {
  emit(event: string, data: unknown, ack?: (a: Ack) => void): void;
  emitWithAck(event: string, data: unknown, timeoutMs: number): Promise<Ack>;
  disconnect(): void;
}

function fromSocketIo(socket: Socket): BenchClient & { socket: Socket } {
  return {
    socket,
    emit: (event, data, ack) => (ack ? socket.emit(event, data, ack) : socket.emit(event, data)),
    emitWithAck: (event, data, timeoutMs) =>
      socket
        .timeout(timeoutMs)
        .emitWithAck(event, data)
        .catch(() => ({ ok: false, error: { code: 'timeout' } })),
    disconnect: () => socket.disconnect(),
  };
}

async function open(url: string, auth: Record<string, string>, listen = false): Promise<BenchClient> {
  if (!FULL_CLIENTS) {
    const client = await WireClient.connect(url, auth);
    if (listen) client.onFrame = onRawFrame;
    return client;
  }
  const socket = connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  if (listen) listenDecoded(socket);
  return fromSocketIo(socket);
}

const tokenOf = (m: { token?: string }): Record<string, string> => (m.token ? { token: m.token } : {});

const viewers: BenchClient[] = [];
let kind: Kind = 'gateway';
let roomId = '';
let cell = '';
let hist = new Uint32Array(LAT_MAX_MS + 1);
let delivered = 0;
let frames = 0;
let shed = 0;
let sent = 0;
let rejected = 0;
let clientSeq = 0;

/** Records one delivery of a comment of the current cell; false for anything else (warmup, older cells). */
function record(text: string, now: number): boolean {
  // text: `${cell}:${sentAtMs}:...`
  const a = text.indexOf(':');
  if (a < 0 || text.slice(0, a) !== cell) return false;
  const sentAt = Number(text.slice(a + 1, text.indexOf(':', a + 1)));
  const ms = Math.max(0, Math.min(LAT_MAX_MS, now - sentAt));
  hist[ms]!++;
  delivered++;
  return true;
}

let marker = '';

/** A raw frame from a wire client: every text that starts with `"<cell>:` is one delivery of ours. */
function onRawFrame(raw: string): void {
  // Before the first cell there is nothing to count (and an empty marker would match everywhere): frames
  // such as the viewer identity the gateway issues on connecting arrive then.
  if (marker === '') return;
  const now = Date.now();
  let ours = false;
  for (let at = raw.indexOf(marker); at >= 0; at = raw.indexOf(marker, at + 1)) {
    const start = at + marker.length;
    const sentAt = Number(raw.slice(start, raw.indexOf(':', start)));
    hist[Math.max(0, Math.min(LAT_MAX_MS, now - sentAt))]!++;
    delivered++;
    ours = true;
  }
  if (ours) frames++;
  // The gateway's frame ends `..."c":[...],"s":<skipped>}]` when this viewer was told it missed some.
  if (kind === 'gateway' && raw.charCodeAt(raw.length - 2) !== 93 /* ']' */) {
    const m = /"s":(\d+)\}\]$/.exec(raw.slice(raw.lastIndexOf(']', raw.length - 3)));
    if (m) shed += Number(m[1]);
  }
}

function listenDecoded(socket: Socket): void {
  if (kind === 'gateway') {
    // The gateway's CommentFrame: tuples [id, t, a, n, text, k], and the skipped count in `s`.
    socket.on('comment:batch', (f: { c: [string, number, string, string, string, string][]; s?: number }) => {
      const now = Date.now();
      let ours = false;
      for (const item of f.c) ours = record(item[4], now) || ours;
      if (ours) frames++;
      if (f.s) shed += f.s;
    });
  } else {
    socket.on('c', (c: { text: string }) => {
      if (record(c.text, Date.now())) frames++;
    });
  }
}

async function connectViewers(m: Extract<ToWorker, { t: 'connect' }>): Promise<void> {
  kind = m.kind;
  roomId = m.roomId;
  let ok = 0;
  let failed = 0;
  let error: string | undefined;
  let next = 0;
  // A few connections at a time, so the server's accept queue and handshakes keep up.
  const lane = async () => {
    while (next < m.count) {
      const i = next++;
      try {
        const s = await open(m.url, { role: 'viewer', clientName: `V${i}`, ...tokenOf(m) }, true);
        const joined = await (kind === 'gateway'
          ? s.emitWithAck('room:join', { roomId }, 30_000)
          : s.emitWithAck('join', roomId, 30_000));
        if (!joined.ok) throw new Error(`join: ${joined.error?.code}`);
        viewers.push(s);
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

function runCell(m: Extract<ToWorker, { t: 'cell' }>): void {
  cell = m.cell;
  marker = `"${m.cell}:`;
  const senders = viewers.slice(0, Math.min(m.senders, viewers.length));
  if (senders.length === 0) return;
  const rate = senders.length * m.perSenderRate; // comments/s from this worker
  const event = kind === 'gateway' ? 'comment:send' : 'c';
  const countFrom = m.startAt + m.warmupMs;
  const endAt = countFrom + m.durationMs;
  let n = 0;
  const tick = () => {
    const now = Date.now();
    if (now < m.startAt) return;
    const due = Math.floor((Math.min(now, endAt) - m.startAt) * (rate / 1000)) - n;
    for (let k = 0; k < due; k++, n++) {
      // Round robin: each sender comments at perSenderRate, under its per-connection budget.
      const s = senders[n % senders.length]!;
      const at = Date.now();
      const counted = at >= countFrom;
      if (counted) sent++;
      const text = `${counted ? m.cell : 'warmup'}:${at}:${FILLER}`;
      s.emit(event, { roomId, text, clientId: `bench-${clientSeq++}-${process.pid}` }, (r: Ack) => {
        if (!r.ok && counted) rejected++;
      });
    }
    if (now >= endAt) clearInterval(timer);
  };
  const timer = setInterval(tick, 5);
}

function histPairs(h: Uint32Array): [number, number][] {
  const out: [number, number][] = [];
  h.forEach((c, ms) => {
    if (c) out.push([ms, c]);
  });
  return out;
}

function collect(cellId: string): void {
  send({ t: 'stats', cell: cellId, sent, rejected, delivered, frames, shed, hist: histPairs(hist) });
  hist = new Uint32Array(LAT_MAX_MS + 1);
  delivered = frames = shed = sent = rejected = 0;
}

async function orders(m: Extract<ToWorker, { t: 'orders' }>): Promise<void> {
  const buyers: BenchClient[] = [];
  for (let i = 0; i < m.buyers; i++) {
    const s = await open(m.url, { role: 'viewer', clientName: `B${i}`, ...tokenOf(m) });
    const joined = await s.emitWithAck('room:join', { roomId: m.roomId }, 30_000);
    if (!joined.ok) throw new Error(`join: ${joined.error?.code}`);
    buyers.push(s);
  }
  const h = new Uint32Array(LAT_MAX_MS + 1);
  let placed = 0;
  const failed: Record<string, number> = {};
  await new Promise((r) => setTimeout(r, Math.max(0, m.startAt - Date.now())));
  const endAt = m.startAt + m.durationMs;
  const period = 1000 / m.perBuyerRate;
  // Closed loop per buyer: one order in flight, at most perBuyerRate a second, a fresh idempotency key each.
  await Promise.all(
    buyers.map(async (s, i) => {
      let due = m.startAt + (period * i) / buyers.length;
      while (Date.now() < endAt) {
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (Date.now() >= endAt) break;
        const t0 = Date.now();
        const r = await s.emitWithAck(
          'order:place',
          {
            roomId: m.roomId,
            productId: m.productId,
            quantity: 1,
            currency: 'USD',
            idempotencyKey: `bench-order-${process.pid}-${i}-${t0}-${Math.random().toString(36).slice(2)}`,
          },
          10_000,
        );
        h[Math.min(LAT_MAX_MS, Date.now() - t0)]!++;
        if (r.ok) placed++;
        else failed[r.error?.code ?? '?'] = (failed[r.error?.code ?? '?'] ?? 0) + 1;
        due = Math.max(due + period, Date.now());
      }
    }),
  );
  buyers.forEach((s) => s.disconnect());
  send({ t: 'orders', placed, failed, hist: histPairs(h) });
}

process.on('message', (m: ToWorker) => {
  if (m.t === 'connect') void connectViewers(m);
  else if (m.t === 'cell') runCell(m);
  else if (m.t === 'collect') collect(m.cell);
  else if (m.t === 'orders') void orders(m);
  else if (m.t === 'exit') process.exit(0);
});
process.on('disconnect', () => process.exit(0));
send({ t: 'ready' });
