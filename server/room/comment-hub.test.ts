// The comment hub over real socket.io on loopback: comments arrive batched per room and tick, and a
// viewer whose link stalls is skipped (the server queues nothing for it) and later told how many it missed.
import type { Socket as TcpSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCommentFrame, type CommentBatch } from '../../core/protocol/room-events';
import { quietLogger } from '../../tests/support/quiet-logger';
import { connectAs, value, type RoomSocket } from '../../tests/support/room-clients';
import { startBackend, type Backend } from '../backend';
import type { NewComment } from '../store/store';
import { CommentHub, SLOW_QUEUE_PACKETS } from './comment-hub';

const opened: RoomSocket[] = [];
let backend: Backend;

async function liveRoom() {
  const host = await connectAs(backend.url, { role: 'host' }, opened);
  const created = value(await host.emitWithAck('room:create', { title: 'Hub', hostLanguage: 'en' }));
  const roomId = created.room.id;
  value(await host.emitWithAck('live:start', { roomId }));
  let n = 0;
  const join = async () => {
    const viewer = await connectAs(
      backend.url,
      { role: 'viewer', room: roomId, clientName: `Viewer ${n++}` },
      opened,
    );
    value(await viewer.emitWithAck('room:join', { roomId }));
    return viewer;
  };
  return { roomId, join };
}

function batchesOf(socket: RoomSocket): CommentBatch[] {
  const batches: CommentBatch[] = [];
  socket.on('comment:batch', (f) => batches.push(decodeCommentFrame(f)));
  return batches;
}

const delivered = (batches: CommentBatch[]) => batches.reduce((n, b) => n + b.items.length, 0);
const shed = (batches: CommentBatch[]) => batches.reduce((n, b) => n + (b.shed ?? 0), 0);

beforeAll(async () => {
  backend = await startBackend({ sqliteFile: ':memory:', logger: quietLogger, media: false });
});

afterAll(async () => {
  opened.forEach((s) => s.disconnect());
  await backend.close();
});

describe('comment hub', () => {
  it('sends a burst of comments as one batch or a few, not one message per comment', async () => {
    const { roomId, join } = await liveRoom();
    const watcher = await join();
    const batches = batchesOf(watcher);
    const authors = await Promise.all([join(), join(), join(), join()]);
    // 20 comments at once: each author within its burst budget of 5.
    const sent = await Promise.all(
      authors.flatMap((a, i) =>
        Array.from({ length: 5 }, (_, k) =>
          a.emitWithAck('comment:send', { roomId, text: `hello ${i}-${k}`, clientId: `burst-${i}-${k}-x` }),
        ),
      ),
    );
    sent.forEach((r) => value(r));
    await expect.poll(() => delivered(batches)).toBe(20);
    // Sent within a few ms of each other, they span at most a tick boundary or two.
    expect(batches.length).toBeLessThanOrEqual(3);
    expect(new Set(batches.flatMap((b) => b.items.map((c) => c.text))).size).toBe(20);
    expect(shed(batches)).toBe(0);
  });

  it('skips a viewer whose link stalls, queues nothing for it, and tells it how many it missed', async () => {
    const { roomId, join } = await liveRoom();
    const healthy = await join();
    const stalled = await join();
    const healthyBatches = batchesOf(healthy);
    const stalledBatches = batchesOf(stalled);
    // The stalled viewer's process stops reading its TCP socket, as a phone on a dying link would.
    const tcp = (stalled.io.engine.transport as unknown as { ws?: { _socket?: TcpSocket } }).ws?._socket;
    expect(tcp, 'the websocket under socket.io-client').toBeDefined();
    tcp!.pause();

    const hub = new CommentHub(backend.io, backend.store, quietLogger, 20);
    const serverSide = backend.io.sockets.sockets.get(stalled.id!)!;
    const queued = () => (serverSide.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
    let pushed = 0;
    let maxQueued = 0;
    const push = (count: number) => {
      for (let i = 0; i < count; i++, pushed++) {
        const comment: NewComment = {
          id: `hub-test:${pushed}`,
          roomId,
          t: pushed,
          a: 'hub-test',
          n: 'Load',
          text: `${pushed} ${'x'.repeat(190)}`,
          k: 'v',
          createdAt: Date.now(),
        };
        hub.push(comment);
      }
    };
    const tick = () => new Promise((r) => setTimeout(r, 30));
    try {
      // Fill the stalled viewer's kernel buffers (a few MB on loopback) until the hub notices.
      const deadline = Date.now() + 15_000;
      while (hub.viewerShedTotal === 0 && Date.now() < deadline) {
        push(400);
        await tick();
        maxQueued = Math.max(maxQueued, queued());
      }
      expect(hub.viewerShedTotal, 'the hub never found the stalled viewer slow').toBeGreaterThan(0);
      // While it stays stalled, the room goes on without it and nothing piles up for it on the server.
      for (let i = 0; i < 10; i++) {
        push(400);
        await tick();
        maxQueued = Math.max(maxQueued, queued());
      }
      expect(maxQueued).toBeLessThanOrEqual(SLOW_QUEUE_PACKETS + 2);
      await expect.poll(() => delivered(healthyBatches), { timeout: 10_000 }).toBe(pushed);
      expect(shed(healthyBatches)).toBe(0);

      // The link recovers: the viewer reads its backlog, then gets the next batch with the count it missed.
      tcp!.resume();
      const recoverBy = Date.now() + 10_000;
      while (shed(stalledBatches) === 0 && Date.now() < recoverBy) {
        push(1);
        await tick();
      }
      const withCount = stalledBatches.find((b) => (b.shed ?? 0) > 0);
      expect(withCount, 'no batch told the stalled viewer what it missed').toBeDefined();
      await hub.flush();
      await expect
        .poll(() => delivered(stalledBatches) + shed(stalledBatches), { timeout: 10_000 })
        .toBe(pushed);
      expect(shed(stalledBatches)).toBe(hub.viewerShedTotal);
      // Every comment reached it exactly once or was counted as skipped.
      const ids = stalledBatches.flatMap((b) => b.items.map((c) => c.id));
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      tcp!.resume();
      await hub.close();
    }
  }, 60_000);
});
