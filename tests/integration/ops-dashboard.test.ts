// The dashboard's data side (renderer/dashboard: BackendClient, DashboardService, the store) against a real
// backend on 127.0.0.1: an ops token is accepted and others refused with a state the page shows, every
// server event is checked before the store sees it, the comments and moderation ops use work, and a lost
// connection is noticed and its subscriptions asked for again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../server/backend';
import { StudioError, type Result } from '../../core/protocol/result';
import { DashboardService } from '../../renderer/dashboard/dashboard-service';
import { createDashboardStore } from '../../renderer/dashboard/dashboard-store';
import { BackendClient, type BackendConnection } from '../../renderer/shared/backend-client';
import { tile } from '../../renderer/dashboard/test-data';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, connectViewer, testToken, value, type RoomSocket } from '../support/room-clients';

const until = async (check: () => boolean, what: string, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('the ops dashboard against a real backend', () => {
  let backend: Backend;
  const opened: { close(): void }[] = [];
  const client = (token: string, onInvalid?: (m: string, n: number) => void) => {
    const c = new BackendClient({ serverUrl: backend.url, token, ...(onInvalid ? { onInvalid } : {}) });
    opened.push(c);
    return c;
  };

  beforeAll(async () => {
    backend = await startBackend({ sqliteFile: ':memory:', logger: quietLogger, media: false });
  });
  afterAll(async () => {
    opened.forEach((c) => c.close());
    await backend?.close();
  });

  it('connects with an ops token; a forged, viewer-less or garbage token is refused, and requests say so', async () => {
    const ops = client(testToken('ops'));
    await until(() => ops.connection === 'online', 'online');
    expect(await ops.request('server:ping', {})).toHaveProperty('serverTime');

    const forged = client(testToken('ops').slice(0, -4) + 'AAAA');
    const states: BackendConnection[] = [];
    forged.onStatus((s) => states.push(s));
    await until(() => forged.connection === 'refused', 'refused');
    expect(forged.refusal).toMatch(/unauthenticated/);
    await expect(forged.request('ops:board', {})).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(states).toEqual(['refused']);
  });

  it('loads the board from the analytics module (never hangs, no error)', async () => {
    const store = createDashboardStore();
    const service = new DashboardService(client(testToken('ops')), testToken('ops'), store);
    opened.push(service);
    service.start();
    await until(() => store.getState().board.status !== 'loading', 'the board');
    const { board } = store.getState();
    expect(board.error).toBeNull();
    expect(board.status).toBe('ready');
  });

  it('applies only valid board pushes: a malformed one is dropped and counted, the next valid one applied', async () => {
    const store = createDashboardStore();
    const dropped: string[] = [];
    const ops = client(testToken('ops'), (m) => dropped.push(m));
    const service = new DashboardService(ops, testToken('ops'), store);
    opened.push(service);
    service.start();
    await until(() => ops.connection === 'online', 'online');
    const emit = backend.io.to('ops').emit.bind(backend.io.to('ops')) as (e: string, p: unknown) => boolean;
    emit('ops:board', { tiles: [{ roomId: 'x', title: '<b>bad</b>' }], removed: [], at: 1 });
    emit('ops:board', { tiles: [tile('r1', { online: 7, gmvPlaced: { USD: 1200 } })], removed: [], at: 2 });
    await until(() => store.getState().lastUpdateAt === 2, 'the valid update');
    expect(Object.keys(store.getState().tiles)).toEqual(['r1']);
    expect(store.getState().tiles.r1!.online).toBe(7);
    expect(ops.droppedEvents('ops:board')).toBe(1);
    expect(dropped[0]).toMatch(/ops:board/);
    emit('ops:board', { tiles: [], removed: ['r1'], at: 3 });
    await until(() => store.getState().lastUpdateAt === 3, 'the room ended');
    expect(store.getState().tiles).toEqual({});
  });

  it('reads a room as ops (comments, products) and moderates it: a deleted comment leaves the feed', async () => {
    const sockets: RoomSocket[] = [];
    const host = await connectAs(backend.url, { role: 'host' }, sockets);
    const ask = async <T>(socket: RoomSocket, event: string, input: unknown): Promise<T> => {
      const timed = socket.timeout(5000) as unknown as {
        emitWithAck(e: string, i: unknown): Promise<Result<T>>;
      };
      return value(await timed.emitWithAck(event, input));
    };
    const created = await ask<{ room: { id: string } }>(host, 'room:create', {
      title: 'Hats',
      hostLanguage: 'en',
    });
    const roomId = created.room.id;
    const viewer = await connectViewer(backend.url, roomId, sockets);
    await ask(viewer, 'room:join', { roomId });
    await ask(viewer, 'comment:send', { roomId, text: 'spam spam', clientId: 'viewer-comment-1' });

    const ops = client(testToken('ops'));
    await until(() => ops.connection === 'online', 'online');
    // Comments are written in batches: wait until the viewer's is stored.
    let history = await ops.request('comment:history', { roomId });
    const end = Date.now() + 5000;
    while (!history.some((c) => c.text === 'spam spam') && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      history = await ops.request('comment:history', { roomId });
    }
    const spam = history.find((c) => c.text === 'spam spam')!;
    expect(spam).toBeTruthy();

    const store = createDashboardStore();
    const service = new DashboardService(ops, testToken('ops'), store);
    store.getState().roomOpened(roomId);
    store.getState().patchRoom(roomId, () => ({ comments: history }));
    await service.moderate({ roomId, action: 'deleteComment', commentId: spam.id });
    expect(store.getState().room!.comments.map((c) => c.text)).not.toContain('spam spam');
    const after = await ops.request('comment:history', { roomId });
    expect(after.map((c) => c.id)).not.toContain(spam.id);
    // ops may not create rooms: a typed refusal
    await expect(ops.request('room:create', { title: 'x', hostLanguage: 'en' })).rejects.toBeInstanceOf(
      StudioError,
    );
    sockets.forEach((socket) => socket.close());
  });

  it('notices a lost connection, reconnects, and asks for the board again', async () => {
    const store = createDashboardStore();
    const ops = client(testToken('ops'));
    const service = new DashboardService(ops, testToken('ops'), store);
    opened.push(service);
    service.start();
    await until(
      () => store.getState().connection === 'online' && store.getState().board.status !== 'loading',
      'board',
    );
    store.getState().set({ board: { status: 'loading', error: null } });
    const seen: BackendConnection[] = [];
    ops.onStatus((s) => seen.push(s));
    // Drop the transport under the client, as a network failure would.
    for (const socket of backend.io.sockets.sockets.values())
      if (socket.handshake.auth.clientName === 'ops-dashboard') socket.conn.close();
    await until(
      () => seen.includes('offline') && store.getState().connection === 'online',
      'reconnected',
      8000,
    );
    await until(() => store.getState().board.status !== 'loading', 'the board asked for again');
  });
});
