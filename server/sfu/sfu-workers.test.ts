// Every mediasoup worker killed at once (the OOM killer, a bad host): the room must come back on a
// replacement. Before the fix, the room was re-created on the other worker, killed too but whose exit had not
// been seen yet, and the host's first try failed with "Channel closed" and no second reset ever came.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/protocol/socket-events';
import { mediasoupUnavailableReason, vp8SendParameters } from '../../tests/support/media';
import { quietLogger } from '../../tests/support/quiet-logger';
import { testToken } from '../../tests/support/room-clients';
import { startBackend, type Backend } from '../backend';
import { sfuConfigFromEnv } from './sfu-config';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const skip = mediasoupUnavailableReason();
if (skip) console.warn(`[sfu worker tests] skipped: ${skip}`);

const VP8_SEND = vp8SendParameters(22222222, 'workers');

describe.skipIf(skip !== null)('SFU with two workers', () => {
  let backend: Backend;
  let host: Client;

  beforeAll(async () => {
    backend = await startBackend({
      sqliteFile: ':memory:',
      logger: quietLogger,
      media: { ...sfuConfigFromEnv(), numWorkers: 2 },
    });
    host = connect(backend.url, {
      auth: { token: testToken('host') },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      host.once('connect', () => resolve());
      host.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    host?.disconnect();
    await backend?.close();
  });

  /** Both slots hold a live worker again (a killed one is replaced a moment after its exit is seen). */
  const bothAlive = async () => {
    if (typeof backend.sfu === 'string') throw new Error(backend.sfu);
    const pool = backend.sfu.pool;
    await expect
      .poll(() => pool.workers().every((w) => !w.worker.died && !w.worker.closed), { timeout: 10_000 })
      .toBe(true);
  };

  /** What the studio does on each reset: a send transport and a producer on the room's (new) router. */
  const produce = async (roomId: string) => {
    const send = await host.emitWithAck('sfu:createTransport', { roomId, direction: 'send' });
    if (!send.ok) return send;
    return host.emitWithAck('sfu:produce', {
      roomId,
      transportId: send.value.id,
      kind: 'video',
      rtpParameters: VP8_SEND,
    });
  };

  it('the other worker dies while the room is being re-created on it: the host still gets a live replacement', async () => {
    if (typeof backend.sfu === 'string') throw new Error(backend.sfu);
    const sfu = backend.sfu;
    await bothAlive();
    const created = await host.emitWithAck('room:create', { title: 'staggered', hostLanguage: 'en' });
    if (!created.ok) throw new Error(created.error.message);
    const roomId = created.value.room.id;
    expect((await produce(roomId)).ok).toBe(true);
    const media = await sfu.existingRoom(roomId)!;
    const own = sfu.pool.workers()[media.workerIndex]!.worker.pid;
    const other = sfu.pool.workers()[1 - media.workerIndex]!.worker.pid;
    // The other worker stops answering (its channel stays open, as a killed worker's does until its exit
    // is seen), the room's own worker dies; the host re-produces at the reset, then the other one dies.
    process.kill(other, 'SIGSTOP');
    const resets: string[] = [];
    const firstTry = new Promise<Awaited<ReturnType<typeof produce>>>((resolve) => {
      host.on('media:reset', ({ roomId: id, reason }) => {
        if (id !== roomId) return;
        resets.push(reason);
        if (resets.length === 1) void produce(roomId).then(resolve);
      });
    });
    process.kill(own, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    process.kill(other, 'SIGKILL');
    const result = await firstTry;
    host.off('media:reset');
    expect(result.ok, result.ok ? '' : result.error.message).toBe(true);
    const now = await sfu.existingRoom(roomId)!;
    const slot = sfu.pool.workers()[now.workerIndex]!;
    expect([own, other]).not.toContain(slot.worker.pid);
    expect(resets).toEqual(['worker_died']);
  });

  it('both workers killed at once: the host producing at the first reset gets a live replacement', async () => {
    if (typeof backend.sfu === 'string') throw new Error(backend.sfu);
    const sfu = backend.sfu;
    for (let round = 1; round <= 3; round++) {
      await bothAlive();
      const created = await host.emitWithAck('room:create', {
        title: `workers ${round}`,
        hostLanguage: 'en',
      });
      if (!created.ok) throw new Error(created.error.message);
      const roomId = created.value.room.id;
      expect((await produce(roomId)).ok).toBe(true);

      const resets: string[] = [];
      const firstTry = new Promise<Awaited<ReturnType<typeof produce>>>((resolve) => {
        const onReset = ({ roomId: id, reason }: { roomId: string; reason: string }) => {
          if (id !== roomId) return;
          resets.push(reason);
          if (resets.length === 1) void produce(roomId).then(resolve);
        };
        host.on('media:reset', onReset);
      });
      const pids = sfu.pool.workers().map((w) => w.worker.pid);
      for (const pid of pids) process.kill(pid, 'SIGKILL');

      const result = await firstTry;
      expect(result.ok, result.ok ? '' : `round ${round}: ${result.error.message}`).toBe(true);
      const media = await sfu.existingRoom(roomId)!;
      const slot = sfu.pool.workers()[media.workerIndex]!;
      expect(pids, `round ${round}: the room's worker is a replacement`).not.toContain(slot.worker.pid);
      expect(slot.worker.died).toBe(false);
      host.off('media:reset');
    }
  });
});
