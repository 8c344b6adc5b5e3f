// Chaos: the backend process is SIGKILLed while 20 buyers place orders and the host's outbox streams
// events, then restarted on the same data. Counting in the database proves that nothing acknowledged was
// lost and nothing was duplicated.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { io as connect } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Result } from '../../core/protocol/result';
import { StudioHost } from '../../main/studio-host';
import { ROOT } from '../support/processes';
import { quietLogger } from '../support/quiet-logger';
import { testToken, type RoomSocket } from '../support/room-clients';

const BUYERS = 20;
const STOCK = 100_000;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function startServer(port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/server.ts', '--port', String(port), '--data-dir', dataDir],
    {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'error', MEDIASOUP_NUM_WORKERS: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('LiveBridge server:')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

describe('chaos: backend killed mid-stream', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it('loses no acknowledged order or host event and duplicates none', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-chaos-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let server = await startServer(port, path.join(dir, 'server'));
    children.push(server);

    const sockets: RoomSocket[] = [];
    const open = ({ role, room }: { role: 'host' | 'viewer'; room?: string }): RoomSocket => {
      const auth = { token: testToken(role, room) };
      const s: RoomSocket = connect(url, {
        auth,
        transports: ['websocket'],
        reconnectionDelay: 100,
        reconnectionDelayMax: 300,
      });
      // A viewer keeps the identity the backend issued it, as the viewer page does: its retried orders
      // (same idempotency key) must come from the same buyer after the backend restarts.
      s.on('session:identity', (session) => (auth.token = session.token));
      sockets.push(s);
      return s;
    };
    const call = async <T>(s: RoomSocket, event: string, payload: unknown): Promise<Result<T>> =>
      (s.timeout(2000) as unknown as { emitWithAck(e: string, p: unknown): Promise<Result<T>> }).emitWithAck(
        event,
        payload,
      );

    // The host sets up a room with a product, then streams outbox events through a StudioHost.
    const hostSocket = open({ role: 'host' });
    const created = await call<{ room: { id: string }; hostKey: string }>(hostSocket, 'room:create', {
      title: 'Chaos',
      hostLanguage: 'en',
    });
    if (!created.ok) throw new Error(created.error.message);
    const roomId = created.value.room.id;
    const product = await call<{ id: string }>(hostSocket, 'product:upsert', {
      roomId,
      titles: { en: 'Mug' },
      prices: { USD: 500 },
      stock: STOCK,
    });
    if (!product.ok) throw new Error(product.error.message);
    const studio = new StudioHost({
      hostToken: testToken('host'),
      mode: 'browser',
      serverUrl: url,
      userDataDir: path.join(dir, 'studio'),
      version: 't',
      logger: quietLogger,
    });

    let running = true;
    const enqueued: string[] = [];
    const hostStream = (async () => {
      while (running) {
        const r = await studio.invoke('analytics.mark', [
          { roomId, hostKey: created.value.hostKey, label: `m${enqueued.length}` },
        ]);
        if (r.ok) enqueued.push((r.value as { id: string }).id);
        await new Promise((res) => setTimeout(res, 20));
      }
    })();

    // 20 buyers: each order is retried with the same key until the server acknowledges it.
    const acked = new Map<string, { orderId: string; quantity: number }>();
    const buyers = Array.from({ length: BUYERS }, async (_, b) => {
      const s = open({ role: 'viewer', room: roomId });
      let joined = false;
      s.on('disconnect', () => (joined = false)); // a new connection must join the room again
      let key: string | null = null;
      let quantity = 1;
      while (running || key) {
        try {
          if (!s.connected) throw new Error('offline');
          if (!joined) {
            const j = await call(s, 'room:join', { roomId });
            if (!j.ok) throw new Error(j.error.message);
            joined = true;
          }
          if (!key) {
            if (!running) break;
            key = randomUUID();
            quantity = 1 + (b % 3);
          }
          const r = await call<{ id: string }>(s, 'order:place', {
            roomId,
            productId: product.value.id,
            quantity,
            currency: 'USD',
            idempotencyKey: key,
          });
          if (r.ok) {
            acked.set(key, { orderId: r.value.id, quantity });
            key = null;
          } else if (r.error.code !== 'rate_limited') {
            throw new Error(r.error.message);
          }
        } catch {
          await new Promise((res) => setTimeout(res, 100));
        }
        await new Promise((res) => setTimeout(res, 30));
      }
    });

    await new Promise((r) => setTimeout(r, 3000));
    const ackedBeforeKill = acked.size;
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    await new Promise((r) => setTimeout(r, 1000));
    server = await startServer(port, path.join(dir, 'server'));
    children.push(server);
    await new Promise((r) => setTimeout(r, 3000));
    running = false;
    await Promise.all(buyers);
    await hostStream;
    await expect
      .poll(
        async () =>
          ((await studio.invoke('outbox.getStatus', [])) as { value: { queued: number } }).value.queued,
        { timeout: 30_000 },
      )
      .toBe(0);

    const db = new Database(path.join(dir, 'server', 'livebridge.sqlite'), { readonly: true });
    try {
      const orders = db
        .prepare('SELECT id, idempotency_key AS key, quantity FROM orders WHERE room_id = ?')
        .all(roomId) as {
        id: string;
        key: string;
        quantity: number;
      }[];
      // Stored keys are the buyer's handle, a colon, then the key the buyer sent.
      const byKey = new Map(orders.map((o) => [o.key.slice(o.key.indexOf(':') + 1), o]));
      // Every acknowledged order is in the database, exactly as acknowledged...
      for (const [key, a] of acked) expect(byKey.get(key)?.id, key).toBe(a.orderId);
      // ...and nothing else is: no duplicates, no orders nobody was told about beyond retried ones.
      expect(orders.length).toBe(acked.size);
      const stock = (
        db.prepare('SELECT stock FROM products WHERE id = ?').get(product.value.id) as { stock: number }
      ).stock;
      expect(stock).toBe(STOCK - orders.reduce((n, o) => n + o.quantity, 0));
      const events = db.prepare('SELECT id FROM host_events').all() as { id: string }[];
      expect(new Set(events.map((e) => e.id))).toEqual(new Set(enqueued));
      console.log(
        `[chaos] ${acked.size} orders acknowledged (${ackedBeforeKill} before the kill), ${enqueued.length} host events; all present once`,
      );
      expect(ackedBeforeKill).toBeGreaterThan(0);
      expect(acked.size).toBeGreaterThan(ackedBeforeKill);
    } finally {
      db.close();
      studio.close();
      sockets.forEach((s) => s.disconnect());
    }
  });
});
