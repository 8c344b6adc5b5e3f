// The studio's room session against a real backend and a real studio host (the same parts as the window
// uses: RoomClient, the room feed into the studio store, window.studio over the host's invoke): the title
// typed in the Go live form is the room's whichever action created the room, requests made before the
// studio host answered wait for it (one room, nothing dropped), and a change queued while the network is
// cut shows as queued until the room has it.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import i18next from 'i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fail, type Result } from '../../core/protocol/result';
import { createStudioApi, type StudioApi } from '../../core/protocol/studio-client';
import type { StudioMethod } from '../../core/protocol/studio-api';
import { StudioHost } from '../../main/studio-host';
import { DanmakuFeed } from '../../renderer/danmaku/danmaku-feed';
import { RoomClient } from '../../renderer/media/room-client';
import { useStudioStore } from '../../renderer/stores/studio-store';
import { RoomSession } from '../../renderer/studio/room-session';
import { attachRoomFeed } from '../../renderer/studio/room/room-feed';
import { startBackend, type Backend } from '../../server/backend';
import enStudio from '../../locales/en/studio.json';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, testToken, value, type RoomSocket } from '../support/room-clients';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

describe('the studio room session', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-room-session-'));
  const initialStore = useStudioStore.getState();
  let backend: Backend;
  let proxy: TcpProxy;
  const opened: RoomSocket[] = [];
  const closing: { close(): void }[] = [];

  beforeAll(async () => {
    await i18next.init({ lng: 'en', resources: { en: { studio: enStudio } } });
    backend = await startBackend({
      sqliteFile: path.join(dir, 'server.sqlite'),
      logger: quietLogger,
      media: false,
    });
    proxy = await startTcpProxy(backend.port);
  });
  beforeEach(() => useStudioStore.setState(initialStore, true));
  afterEach(() => closing.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    opened.forEach((s) => s.disconnect());
    await proxy.close();
    await backend.close();
  });

  /** A studio host and a room session as the studio window has them, both reaching the backend at `url`. */
  function studio(url = backend.url, answer?: (method: StudioMethod) => Result<never> | null) {
    const host = new StudioHost({
      mode: 'browser',
      serverUrl: url,
      userDataDir: mkdtempSync(path.join(dir, 'host-')),
      version: 't',
      logger: quietLogger,
      hostToken: testToken('host'),
    });
    const api: StudioApi = createStudioApi(
      (async (method: StudioMethod, args: unknown[]) =>
        answer?.(method) ?? host.invoke(method, args)) as never,
      () => () => undefined, // the session uses no pushed events
    );
    const session = new RoomSession({
      studio: () => api,
      connect: (options) => new RoomClient(options),
      attachFeeds: (client, roomId) => [attachRoomFeed(client, roomId, new DanmakuFeed())],
    });
    closing.push(host, session);
    return { host, session };
  }
  const scarf = {
    action: 'product.upsert',
    id: crypto.randomUUID(),
    titles: { en: 'Scarf' },
    prices: { USD: 900 },
    stock: 4,
  } as const;
  const titleOf = async (roomId: string) => (await backend.store.rooms.get(roomId))?.title;

  it('a product added first creates the room with the title typed in the Go live form', async () => {
    const { session } = studio();
    session.setTitle('Autumn sale 秋季特卖');
    await session.queue({ ...scarf, id: crypto.randomUUID() });
    const roomId = session.roomId!;
    expect(await titleOf(roomId)).toBe('Autumn sale 秋季特卖');
    expect(useStudioStore.getState().live).toMatchObject({
      roomId,
      viewerUrl: expect.stringContaining(roomId),
    });
    // The shelf gets the product from the room, and nothing is left pending.
    await expect
      .poll(() => useStudioStore.getState().room.products.map((p) => p.titles.en))
      .toEqual(['Scarf']);
    await expect.poll(() => useStudioStore.getState().room.pending).toEqual([]);
  });

  it('a title typed after something else created the room is the room’s when it goes live', async () => {
    const { session } = studio();
    await session.queue({ ...scarf, id: crypto.randomUUID() }); // nothing typed yet: the default title
    const roomId = session.roomId!;
    expect(await titleOf(roomId)).toBe('Live sale');
    session.setTitle('  Late title  ');
    const { client } = await session.forLive();
    expect(client.currentRoomId).toBe(roomId);
    expect(await titleOf(roomId)).toBe('Late title');
    // A viewer who opens the room's link sees it.
    const viewer = await connectAs(backend.url, { role: 'viewer', room: roomId }, opened);
    expect(value(await viewer.emitWithAck('room:join', { roomId })).room.title).toBe('Late title');
  });

  it('requests made before the studio host answers wait for it, and all go to one room', async () => {
    let refusals = 2;
    const { session } = studio(backend.url, (method) =>
      method === 'app.getInfo' && refusals-- > 0
        ? fail('unavailable', 'The studio host is not reachable')
        : null,
    );
    expect(useStudioStore.getState().info).toBeNull();
    session.setTitle('Early');
    const [a, b, c] = await Promise.all([
      session.room(),
      session.queue({ ...scarf, id: crypto.randomUUID() }),
      session.queue({ action: 'mod.slowMode', seconds: 5 }),
    ]);
    expect(refusals).toBeLessThan(0);
    expect(typeof b).toBe('string');
    expect(typeof c).toBe('string');
    expect(useStudioStore.getState().info?.hostToken).toBeTruthy();
    expect(await titleOf(a.roomId)).toBe('Early');
    await expect.poll(async () => (await backend.store.products.list(a.roomId)).length).toBe(1);
    expect((await session.room()).roomId).toBe(a.roomId);
  });

  it('a change queued while the network is cut shows as queued until the room has it', async () => {
    const { host, session } = studio(proxy.url);
    const { roomId } = await session.room();
    const online = async () =>
      (await host.invoke('outbox.getStatus', [])) as { ok: true; value: { online: boolean } };
    await expect.poll(async () => (await online()).value.online, { timeout: 10_000 }).toBe(true);
    await proxy.cut();
    await expect.poll(async () => (await online()).value.online, { timeout: 10_000 }).toBe(false);
    const id = crypto.randomUUID();
    await session.queue({ ...scarf, id, titles: { en: 'Offline hat' } });
    expect(useStudioStore.getState().room.pending).toMatchObject([
      { action: 'product.upsert', target: id, state: 'queued' },
    ]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(useStudioStore.getState().room.pending).toHaveLength(1);
    expect(await backend.store.products.get(roomId, id)).toBeNull();

    await proxy.restore();
    await expect
      .poll(() => useStudioStore.getState().room.products.map((p) => p.titles.en), { timeout: 20_000 })
      .toEqual(['Offline hat']);
    await expect.poll(() => useStudioStore.getState().room.pending, { timeout: 15_000 }).toEqual([]);
  });
});
