// Ops access from this machine: `npm start`'s studio gets a link to its embedded backend's dashboard whose
// token the backend takes as ops staff (window.studio ops.dashboardLink), and `npm run server --
// --issue-token ops` prints such a link too. "Takes as ops": the link's token may list any room's orders
// without joining it, which a host token (of another room) may not.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioHost } from '../../main/studio-host';
import { embeddedTokens } from '../../scripts/lib/embedded-tokens';
import { tokenSecret } from '../../server/auth/secret-file';
import { startBackend, type Backend } from '../../server/backend';
import { ROOT } from '../support/processes';
import { connectAs, type RoomSocket } from '../support/room-clients';
import { quietLogger } from '../support/quiet-logger';

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'lb-ops-link-'));

/** What the backend answers this token for another room's orders: staff see them, others are refused. */
async function ordersAnswer(url: string, token: string, opened: RoomSocket[]) {
  const socket = await connectAs(url, { role: 'ops', token }, opened);
  return socket.timeout(5000).emitWithAck('order:list', { roomId: 'some-room' });
}

function tokenOf(link: string, backendUrl: string): string {
  const url = new URL(link);
  expect(url.origin).toBe(new URL(backendUrl).origin);
  expect(url.pathname).toBe('/dashboard');
  return url.searchParams.get('token') ?? '';
}

describe('ops dashboard link', () => {
  let backend: Backend;
  const opened: RoomSocket[] = [];
  beforeAll(async () => {
    backend = await startBackend({ sqliteFile: ':memory:', logger: quietLogger, media: false });
  });
  afterAll(async () => {
    opened.forEach((s) => s.disconnect());
    await backend.close();
  });

  it("gives npm start's studio a dashboard link whose token its embedded backend takes as ops", async () => {
    const { hostToken, opsToken } = embeddedTokens(backend);
    const host = new StudioHost({
      mode: 'browser',
      serverUrl: backend.url,
      userDataDir: dataDir(),
      version: 't',
      logger: quietLogger,
      hostToken,
      opsToken,
    });
    try {
      const r = await host.invoke('ops.dashboardLink', []);
      expect(r.ok).toBe(true);
      const link = (r as { value: { url: string } }).value.url;
      const token = tokenOf(link, backend.url);
      expect(backend.identities.verify(token)).toMatchObject({ role: 'ops' });
      expect(await ordersAnswer(backend.url, token, opened)).toEqual({ ok: true, value: [] });
      // The studio's host token is no ops token: the same ask is refused.
      expect(await ordersAnswer(backend.url, hostToken, opened)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    } finally {
      host.close();
    }
  });

  it("gives the studio a replay link to its backend's /replay carrying its host token, and none without one", async () => {
    const { hostToken } = embeddedTokens(backend);
    const host = new StudioHost({
      mode: 'browser',
      serverUrl: `${backend.url}/some/path?x=1`,
      userDataDir: dataDir(),
      version: 't',
      logger: quietLogger,
      hostToken,
    });
    try {
      const r = await host.invoke('replay.link', []);
      const link = new URL((r as { value: { url: string } }).value.url);
      expect(link.origin + link.pathname).toBe(`${new URL(backend.url).origin}/replay`);
      expect([...link.searchParams.keys()]).toEqual(['token']);
      expect(backend.identities.verify(link.searchParams.get('token')!)).toMatchObject({ role: 'host' });
    } finally {
      host.close();
    }
    const none = new StudioHost({
      mode: 'browser',
      serverUrl: backend.url,
      userDataDir: dataDir(),
      version: 't',
      logger: quietLogger,
      hostToken: null,
    });
    expect(await none.invoke('replay.link', [])).toEqual({ ok: true, value: { url: null } });
    none.close();
  });

  it('gives no link to a studio without an ops token (a remote backend)', async () => {
    const host = new StudioHost({
      mode: 'browser',
      serverUrl: backend.url,
      userDataDir: dataDir(),
      version: 't',
      logger: quietLogger,
      hostToken: null,
    });
    expect(await host.invoke('ops.dashboardLink', [])).toEqual({ ok: true, value: { url: null } });
    host.close();
  });

  it('npm run server -- --issue-token ops prints the token and a dashboard link a backend on that data dir takes', async () => {
    const dir = dataDir();
    // No secret in the environment: the command makes the data folder's secret, as on a real machine.
    const env = { ...process.env };
    delete env.LIVEBRIDGE_TOKEN_SECRET;
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'scripts/server.ts', '--data-dir', dir, ...args],
          { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
        child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
        child.once('close', (code) => resolve({ code, stdout, stderr }));
      });
    const out = await run(['--issue-token', 'ops', '--port', '9123']);
    expect(out.code).toBe(0);
    const link = /Ops dashboard: (\S+)/.exec(out.stderr)?.[1] ?? '';
    const token = tokenOf(link, 'http://127.0.0.1:9123');
    // stdout is the token alone, for scripts.
    expect(out.stdout).toBe(`${token}\n`);
    const remote = await run(['--issue-token', 'ops', '--public-url', 'https://ops.example.com/any/path']);
    expect(/Ops dashboard: (\S+)/.exec(remote.stderr)?.[1]).toMatch(
      /^https:\/\/ops\.example\.com\/dashboard\?token=v1\./,
    );
    const bad = await run(['--issue-token', 'ops', '--public-url', 'not a url']);
    expect(bad.code).toBe(2);

    const server = await startBackend({
      sqliteFile: ':memory:',
      logger: quietLogger,
      media: false,
      tokenSecret: tokenSecret(dir, {}),
    });
    try {
      expect(await ordersAnswer(server.url, token, opened)).toEqual({ ok: true, value: [] });
    } finally {
      await server.close();
    }
  }, 60_000);
});
