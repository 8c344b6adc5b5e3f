// The SFU behind the gateway, with the real mediasoup worker: signalling, host-only producing, and
// surviving the death of a worker. (Real media in browsers: tests/e2e/live.spec.ts.)
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
if (skip) console.warn(`[sfu tests] skipped: ${skip}`);

const VP8_SEND = vp8SendParameters(11111111, 'bench');

describe.skipIf(skip !== null)('SFU', () => {
  let backend: Backend;
  const clients: Client[] = [];
  const client = async (role: 'host' | 'viewer', room?: string) => {
    const socket: Client = connect(backend.url, {
      auth: { token: testToken(role, room) },
      transports: ['websocket'],
      reconnection: false,
    });
    clients.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };
  const value = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  beforeAll(async () => {
    backend = await startBackend({
      sqliteFile: ':memory:',
      logger: quietLogger,
      media: { ...sfuConfigFromEnv(), numWorkers: 1 },
    });
  });
  afterAll(async () => {
    clients.forEach((c) => c.disconnect());
    await backend.close();
  });

  async function hostWithProducer() {
    const host = await client('host');
    const { room } = value(await host.emitWithAck('room:create', { title: 'sfu', hostLanguage: 'en' }));
    const caps = value(await host.emitWithAck('sfu:getRtpCapabilities', { roomId: room.id }));
    expect(caps.codecs).toBeDefined();
    const send = value(await host.emitWithAck('sfu:createTransport', { roomId: room.id, direction: 'send' }));
    expect(send.iceCandidates.length).toBeGreaterThan(0);
    const produced = value(
      await host.emitWithAck('sfu:produce', {
        roomId: room.id,
        transportId: send.id,
        kind: 'video',
        rtpParameters: VP8_SEND,
      }),
    );
    return { host, room, caps, producerId: produced.producerId };
  }

  it('forwards the host producer to a viewer, who sees it on joining', async () => {
    const { room, caps, producerId } = await hostWithProducer();
    const viewer = await client('viewer', room.id);
    const snapshot = value(await viewer.emitWithAck('room:join', { roomId: room.id }));
    expect(snapshot.producers).toEqual([{ producerId, kind: 'video' }]);
    const recv = value(
      await viewer.emitWithAck('sfu:createTransport', { roomId: room.id, direction: 'recv' }),
    );
    const consumer = value(
      await viewer.emitWithAck('sfu:consume', {
        roomId: room.id,
        transportId: recv.id,
        producerId,
        rtpCapabilities: caps,
      }),
    );
    expect(consumer).toMatchObject({ producerId, kind: 'video' });
    expect(
      value(await viewer.emitWithAck('sfu:resumeConsumer', { roomId: room.id, consumerId: consumer.id })),
    ).toBe(true);
  });

  it('turns parameters mediasoup rejects into typed errors', async () => {
    const host = await client('host');
    const { room } = value(await host.emitWithAck('room:create', { title: 'bad', hostLanguage: 'en' }));
    const send = value(await host.emitWithAck('sfu:createTransport', { roomId: room.id, direction: 'send' }));
    const bad = await host.emitWithAck('sfu:produce', {
      roomId: room.id,
      transportId: send.id,
      kind: 'video',
      rtpParameters: { codecs: [{ mimeType: 'video/NOPE', payloadType: 300 }] },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const foreign = await host.emitWithAck('sfu:connectTransport', {
      roomId: room.id,
      transportId: 'not-mine',
      dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AB' }] },
    });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('survives a killed worker: the room is told, a new worker takes over, the host produces again', async () => {
    const { host, room } = await hostWithProducer();
    const viewer = await client('viewer', room.id);
    await viewer.emitWithAck('room:join', { roomId: room.id });
    const reset = new Promise((resolve) => viewer.once('media:reset', resolve));
    const closed = new Promise((resolve) => viewer.once('sfu:producerClosed', resolve));
    if (typeof backend.sfu === 'string') throw new Error(backend.sfu);
    const oldPid = backend.sfu.pool.workers()[0]!.worker.pid;
    process.kill(oldPid, 'SIGKILL');

    expect(await reset).toEqual({ roomId: room.id, reason: 'worker_died' });
    await closed.catch(() => undefined);
    expect(value(await host.emitWithAck('server:ping', {})).serverTime).toBeGreaterThan(0);
    const send = value(await host.emitWithAck('sfu:createTransport', { roomId: room.id, direction: 'send' }));
    const again = await host.emitWithAck('sfu:produce', {
      roomId: room.id,
      transportId: send.id,
      kind: 'video',
      rtpParameters: VP8_SEND,
    });
    expect(again.ok).toBe(true);
    expect(backend.sfu.pool.workers()[0]!.worker.pid).not.toBe(oldPid);
  });
});
