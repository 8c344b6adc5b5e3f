import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../core/protocol/socket-events';
import { quietLogger } from '../tests/support/quiet-logger';
import { testToken } from '../tests/support/room-clients';
import { redisReachable, REDIS_URL } from '../tests/support/services';
import { startBackend, type Backend } from './backend';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const clients: Client[] = [];

function client(url: string, auth: unknown): Client {
  const socket = connect(url, {
    auth: auth as Record<string, unknown>,
    transports: ['websocket'],
    reconnection: false,
  });
  clients.push(socket);
  return socket;
}

async function connected(url: string, role: 'host' | 'viewer' | 'ops', room?: string): Promise<Client> {
  const socket = client(url, { token: testToken(role, room) });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

describe('socket.io gateway', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend({ sqliteFile: ':memory:', logger: quietLogger, media: false });
  });
  afterAll(async () => {
    clients.forEach((c) => c.disconnect());
    await backend.close();
  });

  it('refuses a connection without a token signed by this backend, or with a forged or expired one', async () => {
    for (const auth of [
      { role: 'host' },
      { token: 'v1.e30.AAAA' },
      { token: testToken('host').replace(/.$/, 'x') },
    ]) {
      const socket = client(backend.url, auth);
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(error.message).toMatch(/unauthenticated/);
    }
    const { signToken } = await import('./auth/tokens');
    const expired = client(backend.url, {
      token: signToken(process.env.LIVEBRIDGE_TOKEN_SECRET!, { role: 'ops', exp: Date.now() - 1 }),
    });
    expect((await new Promise<Error>((resolve) => expired.once('connect_error', resolve))).message).toMatch(
      /unauthenticated/,
    );
  });

  it('keeps a viewer link to its own room', async () => {
    const host = await connected(backend.url, 'host');
    const a = await host.emitWithAck('room:create', { title: 'A', hostLanguage: 'en' });
    const b = await host.emitWithAck('room:create', { title: 'B', hostLanguage: 'en' });
    if (!a.ok || !b.ok) throw new Error('rooms');
    const viewer = client(backend.url, { token: a.value.viewerToken });
    await new Promise<void>((resolve) => viewer.once('connect', () => resolve()));
    expect((await viewer.emitWithAck('room:join', { roomId: a.value.room.id })).ok).toBe(true);
    expect(await viewer.emitWithAck('room:join', { roomId: b.value.room.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await viewer.emitWithAck('room:create', { title: 'mine', hostLanguage: 'en' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('refuses a connection whose handshake names no valid role', async () => {
    const socket = client(backend.url, { role: 'admin' });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toMatch(/unauthenticated/);
  });

  it('lets a host create a room that a viewer can then join', async () => {
    const host = await connected(backend.url, 'host');
    const created = await host.emitWithAck('room:create', {
      title: '  Spring drop  ',
      hostLanguage: 'zh-CN',
    });
    expect(created).toMatchObject({
      ok: true,
      value: { room: { title: 'Spring drop', hostLanguage: 'zh-CN', status: 'created' } },
    });
    if (!created.ok) return;
    expect(created.value.hostKey.length).toBeGreaterThanOrEqual(16);
    const viewer = await connected(backend.url, 'viewer', created.value.room.id);
    expect(await viewer.emitWithAck('room:join', { roomId: created.value.room.id })).toEqual({
      ok: true,
      value: { room: created.value.room, hostConnected: true, producers: [], isHost: false },
    });
  });

  it('tells the room when its host goes live, drops, comes back with its key, and ends', async () => {
    const host = await connected(backend.url, 'host');
    const created = await host.emitWithAck('room:create', { title: 'Live', hostLanguage: 'en' });
    if (!created.ok) throw new Error(created.error.message);
    const { room, hostKey } = created.value;
    const viewer = await connected(backend.url, 'viewer', room.id);
    await viewer.emitWithAck('room:join', { roomId: room.id });
    const states: { status: string; hostConnected: boolean }[] = [];
    viewer.on('room:state', (e) => states.push({ status: e.room.status, hostConnected: e.hostConnected }));

    expect(await host.emitWithAck('live:start', { roomId: room.id })).toMatchObject({
      ok: true,
      value: { status: 'live' },
    });
    expect(await viewer.emitWithAck('live:end', { roomId: room.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    host.disconnect();
    await expect.poll(() => states.at(-1)).toEqual({ status: 'live', hostConnected: false });

    const back = await connected(backend.url, 'host');
    expect(await back.emitWithAck('room:join', { roomId: room.id, hostKey: 'x'.repeat(32) })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await back.emitWithAck('room:join', { roomId: room.id, hostKey })).toMatchObject({
      ok: true,
      value: { isHost: true },
    });
    await expect.poll(() => states.at(-1)).toEqual({ status: 'live', hostConnected: true });
    expect(await back.emitWithAck('live:end', { roomId: room.id })).toMatchObject({
      ok: true,
      value: { status: 'ended' },
    });
    await expect.poll(() => states.at(-1)).toEqual({ status: 'ended', hostConnected: true });
  });

  it('says why live video is unavailable when there is no SFU, and nothing else breaks', async () => {
    const host = await connected(backend.url, 'host');
    const created = await host.emitWithAck('room:create', { title: 'No video', hostLanguage: 'en' });
    if (!created.ok) throw new Error(created.error.message);
    const caps = await host.emitWithAck('sfu:getRtpCapabilities', { roomId: created.value.room.id });
    expect(caps).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(!caps.ok && caps.error.message).toMatch(/Live video is unavailable/);
    expect((await host.emitWithAck('server:ping', {})).ok).toBe(true);
  });

  it('keeps media signalling to members of the room, and sending to its host', async () => {
    const host = await connected(backend.url, 'host');
    const created = await host.emitWithAck('room:create', { title: 'Members', hostLanguage: 'en' });
    if (!created.ok) throw new Error(created.error.message);
    const roomId = created.value.room.id;
    const stranger = await connected(backend.url, 'viewer', roomId);
    expect(await stranger.emitWithAck('sfu:createTransport', { roomId, direction: 'recv' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await stranger.emitWithAck('room:join', { roomId });
    expect(await stranger.emitWithAck('sfu:createTransport', { roomId, direction: 'send' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('answers bad payloads with typed errors naming the field, and the sender stays connected', async () => {
    const host = await connected(backend.url, 'host');
    const bad = await host.emitWithAck('room:create', { title: '', hostLanguage: 'not a tag!' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    if (bad.ok) return;
    expect(bad.error.issues?.map((i) => i.path).sort()).toEqual(['hostLanguage', 'title']);
    expect(await host.emitWithAck('room:create', 'string' as never)).toMatchObject({ ok: false });
    expect(await host.emitWithAck('room:create', null as never)).toMatchObject({ ok: false });
    expect(await host.emitWithAck('room:join', { roomId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(host.connected).toBe(true);
  });

  it('refuses a viewer token that names no room: a link always names one', async () => {
    const socket = client(backend.url, { token: testToken('viewer') });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toMatch(/unauthenticated/);
  });

  it('forbids a viewer from creating a room', async () => {
    const viewer = await connected(backend.url, 'viewer', 'some-room');
    expect(await viewer.emitWithAck('room:create', { title: 'mine', hostLanguage: 'en' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('reports an invalid event sent without an ack as a server:error event', async () => {
    const host = await connected(backend.url, 'host');
    const error = new Promise((resolve) => host.once('server:error', resolve));
    (host as unknown as { emit(e: string, p: unknown): void }).emit('room:join', { roomId: 42 });
    expect(await error).toMatchObject({ event: 'room:join', code: 'invalid_argument' });
    const pong = await host.emitWithAck('server:ping', {});
    expect(pong.ok).toBe(true);
  });
});

const redisSkip = await redisReachable();
if (redisSkip) console.warn(`[gateway tests] Redis suite skipped: ${redisSkip}`);

describe.skipIf(redisSkip !== null)('two gateway nodes over Redis', () => {
  it('delivers a room broadcast made on node A to a viewer connected to node B', async () => {
    const a = await startBackend({
      sqliteFile: ':memory:',
      redisUrl: REDIS_URL,
      logger: quietLogger,
      media: false,
    });
    const b = await startBackend({
      sqliteFile: ':memory:',
      redisUrl: REDIS_URL,
      logger: quietLogger,
      media: false,
    });
    try {
      const roomId = `room-${Date.now()}`;
      const viewer = await connected(b.url, 'viewer', roomId);
      // The room exists on node B's store only; joining puts the viewer in the shared socket.io room.
      await b.store.rooms.create({
        id: roomId,
        title: 't',
        hostLanguage: 'en',
        status: 'live',
        createdAt: 1,
      });
      expect((await viewer.emitWithAck('room:join', { roomId })).ok).toBe(true);
      const received = new Promise((resolve) => viewer.once('room:state', resolve));
      const room = { id: roomId, title: 't', hostLanguage: 'en', status: 'ended' as const, createdAt: 1 };
      a.io.to(roomId).emit('room:state', { room, hostConnected: false });
      expect(await received).toMatchObject({ room: { id: roomId, status: 'ended' } });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
