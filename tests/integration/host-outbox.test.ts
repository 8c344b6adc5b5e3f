// The host outbox against a real backend: events queue durably while the network is cut or the backend
// is down, drain when it returns, and the backend's database holds each exactly once.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioHost } from '../../main/studio-host';
import { startBackend, type Backend } from '../../server/backend';
import { testToken } from '../support/room-clients';
import { quietLogger } from '../support/quiet-logger';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const CUT_MS = Number(process.env.OUTBOX_CUT_MS ?? 30_000);

describe('host outbox', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-outbox-'));
  const serverDb = path.join(dir, 'server.sqlite');
  let backend: Backend;
  let proxy: TcpProxy;

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
    const r = await host.invoke('analytics.mark', [{ roomId: null, label }]);
    if (!r.ok) throw new Error(r.error.message);
  };

  beforeAll(async () => {
    backend = await startBackend({ sqliteFile: serverDb, logger: quietLogger, media: false });
    proxy = await startTcpProxy(backend.port);
  });
  afterAll(async () => {
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
