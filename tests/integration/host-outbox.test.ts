// The host outbox against a real backend: events queue durably while the network is cut or the backend
// is down, drain when it returns, and the backend's database holds each exactly once.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioHost } from '../../main/studio-host';
import { startBackend, type Backend } from '../../server/backend';
import { connectAs, testToken, value, type RoomSocket } from '../support/room-clients';
import { quietLogger } from '../support/quiet-logger';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const CUT_MS = Number(process.env.OUTBOX_CUT_MS ?? 30_000);

describe('host outbox', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-outbox-'));
  const serverDb = path.join(dir, 'server.sqlite');
  let backend: Backend;
  let proxy: TcpProxy;
  const opened: RoomSocket[] = [];
  /** The room the marks belong to, and the key that proves the studio hosts it. */
  let room: { roomId: string; hostKey: string };

  const storedEvents = () => {
    const db = new Database(serverDb, { readonly: true });
    try {
      return db.prepare('SELECT id FROM host_events').all().length;
    } finally {
      db.close();
    }
  };
  const makeHost = (userDataDir: string) =>
    new StudioHost({
      mode: 'browser',
      serverUrl: proxy.url,
      userDataDir,
      version: 't',
      logger: quietLogger,
      hostToken: testToken('host'),
    });
  const status = async (host: StudioHost) => {
    const r = await host.invoke('outbox.getStatus', []);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as { online: boolean; queued: number };
  };
  const mark = async (host: StudioHost, label: string) => {
    const r = await host.invoke('analytics.mark', [{ ...room, label }]);
    if (!r.ok) throw new Error(r.error.message);
  };

  beforeAll(async () => {
    backend = await startBackend({ sqliteFile: serverDb, logger: quietLogger, media: false });
    proxy = await startTcpProxy(backend.port);
    const hostSocket = await connectAs(backend.url, { role: 'host' }, opened);
    const created = value(
      await hostSocket.emitWithAck('room:create', { title: 'Marks', hostLanguage: 'en' }),
    );
    room = { roomId: created.room.id, hostKey: created.hostKey };
  });
  afterAll(async () => {
    opened.forEach((s) => s.disconnect());
    await proxy.close();
    await backend.close();
  });

  it(
    `keeps marks made during a ${CUT_MS / 1000} s network cut and delivers each once afterwards`,
    { timeout: CUT_MS + 60_000 },
    async () => {
      const host = makeHost(mkdtempSync(path.join(dir, 'host-')));
      await expect.poll(async () => (await status(host)).online, { timeout: 10_000 }).toBe(true);
      for (let i = 0; i < 5; i++) await mark(host, `before ${i}`);
      await expect.poll(async () => (await status(host)).queued, { timeout: 10_000 }).toBe(0);
      expect(storedEvents()).toBe(5);

      await proxy.cut();
      await expect.poll(async () => (await status(host)).online, { timeout: 10_000 }).toBe(false);
      for (let i = 0; i < 50; i++) await mark(host, `offline ${i}`);
      expect(await status(host)).toMatchObject({ online: false, queued: 50 });
      await new Promise((r) => setTimeout(r, CUT_MS));
      expect((await status(host)).queued).toBe(50);
      expect(storedEvents()).toBe(5);

      await proxy.restore();
      await expect.poll(async () => (await status(host)).queued, { timeout: 20_000 }).toBe(0);
      expect(storedEvents()).toBe(55);
      host.close();
    },
  );

  it(
    'keeps queued events across a studio restart while the backend is unreachable',
    { timeout: 60_000 },
    async () => {
      const hostDir = mkdtempSync(path.join(dir, 'host-'));
      await proxy.cut();
      const first = makeHost(hostDir);
      for (let i = 0; i < 10; i++) await mark(first, `queued ${i}`);
      first.close(); // the studio quits with 10 events unsent
      const before = storedEvents();

      await proxy.restore();
      const second = makeHost(hostDir);
      await expect.poll(async () => (await status(second)).queued, { timeout: 20_000 }).toBe(0);
      expect(storedEvents()).toBe(before + 10);
      second.close();
    },
  );
});

describe('host actions through the outbox', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-outbox-actions-'));
  let backend: Backend;
  let proxy: TcpProxy;
  const opened: RoomSocket[] = [];

  beforeAll(async () => {
    backend = await startBackend({
      sqliteFile: path.join(dir, 'server.sqlite'),
      logger: quietLogger,
      media: false,
    });
    proxy = await startTcpProxy(backend.port);
  });
  afterAll(async () => {
    opened.forEach((s) => s.disconnect());
    await proxy.close();
    await backend.close();
  });

  it(
    'pins, reprices and restocks while the network is cut, applies each once when it returns',
    { timeout: 60_000 },
    async () => {
      // The room and its products, made by the host's live connection (as the studio's renderer does).
      const hostSocket = await connectAs(backend.url, { role: 'host' }, opened);
      const { room, hostKey } = value(
        await hostSocket.emitWithAck('room:create', { title: 'Outbox', hostLanguage: 'en' }),
      );
      const roomId = room.id;
      const product = async (title: string) =>
        value(
          await hostSocket.emitWithAck('product:upsert', {
            roomId,
            titles: { en: title },
            prices: { USD: 1000 },
            stock: 5,
          }),
        ).id;
      const hat = await product('Hat');
      const scarf = await product('Scarf');
      const viewer = await connectAs(backend.url, { role: 'viewer', room: roomId }, opened);
      value(await viewer.emitWithAck('room:join', { roomId }));
      const pinnedSeen: string[] = [];
      viewer.on('product:state', ({ product: p }) => {
        if (p.pinned && pinnedSeen.at(-1) !== p.id) pinnedSeen.push(p.id); // the hat's patch re-sends it
      });

      const host = new StudioHost({
        mode: 'browser',
        serverUrl: proxy.url,
        userDataDir: mkdtempSync(path.join(dir, 'host-')),
        version: 't',
        logger: quietLogger,
        hostToken: testToken('host'),
      });
      const invoke = async (method: 'room.hostAction' | 'outbox.getStatus', args: unknown[]) => {
        const r = await host.invoke(method, args);
        if (!r.ok) throw new Error(r.error.message);
        return r.value as Record<string, unknown>;
      };
      await expect
        .poll(async () => (await invoke('outbox.getStatus', [])).online, { timeout: 10_000 })
        .toBe(true);

      await proxy.cut();
      await expect
        .poll(async () => (await invoke('outbox.getStatus', [])).online, { timeout: 10_000 })
        .toBe(false);
      const pinHat = await invoke('room.hostAction', [
        { action: 'product.pin', roomId, productId: hat, hostKey },
      ]);
      await invoke('room.hostAction', [
        { action: 'product.patch', roomId, productId: hat, prices: { USD: 799 }, stock: 42, hostKey },
      ]);
      await invoke('room.hostAction', [{ action: 'product.pin', roomId, productId: scarf, hostKey }]);
      expect(await invoke('outbox.getStatus', [])).toMatchObject({ online: false, queued: 3 });
      await new Promise((r) => setTimeout(r, 1000));
      expect((await backend.store.products.list(roomId)).some((p) => p.pinned)).toBe(false);

      await proxy.restore();
      await expect
        .poll(async () => (await invoke('outbox.getStatus', [])).queued, { timeout: 20_000 })
        .toBe(0);
      const after = await backend.store.products.list(roomId);
      expect(after.find((p) => p.id === hat)).toMatchObject({
        pinned: false,
        stock: 42,
        prices: { USD: 799 },
      });
      expect(after.find((p) => p.id === scarf)).toMatchObject({ pinned: true });
      await expect.poll(() => pinnedSeen).toEqual([hat, scarf]); // the viewers saw them in order

      // The same event again (a lost ack, a resend): held, acknowledged, not applied a second time.
      const resend = value(
        await hostSocket.emitWithAck('outbox:push', {
          events: [
            {
              id: pinHat.id as string,
              roomId,
              type: 'product.pin',
              payload: { action: 'product.pin', roomId, productId: hat, hostKey },
            },
          ],
        }),
      );
      expect(resend).toEqual({ acked: [pinHat.id], rejected: [] });
      expect((await backend.store.products.get(roomId, scarf))?.pinned).toBe(true);

      // A wrong host key is refused, said so in the studio, and does not block the queue.
      await invoke('room.hostAction', [
        { action: 'product.pin', roomId, productId: hat, hostKey: 'not-the-key' },
      ]);
      await expect
        .poll(async () => (await invoke('outbox.getStatus', [])).queued, { timeout: 10_000 })
        .toBe(0);
      expect((await invoke('outbox.getStatus', [])).lastRejected).toMatch(/product\.pin: Wrong host key/);
      expect((await backend.store.products.get(roomId, scarf))?.pinned).toBe(true);
      host.close();
    },
  );
});
