import net from 'node:net';
import { expect, test } from '@playwright/test';
import { startServer, startStudio, tempDataDir } from '../support/processes';
import { testToken } from '../support/room-clients';

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** True once no process of the launched process group is left (helpers such as esbuild exit on EOF). */
async function groupIsGone(pid: number, withinMs = 3000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      process.kill(-pid, 0);
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('npm start prints one studio line, honours --port, and Ctrl-C stops everything it started', async ({
  page,
}) => {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));

  const studio = await startStudio(['--port', String(port)]);
  expect(studio.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/studio#token=`));
  const studioLines = studio
    .output()
    .split('\n')
    .filter((l) => l.startsWith('LiveBridge Studio:'));
  expect(studioLines).toHaveLength(1);

  await page.goto(studio.url);
  const info = await page.evaluate(() => window.studio!.app.getInfo());
  if (!info.ok) throw new Error(info.error.message);
  const backendPort = Number(new URL(info.value.serverUrl).port);
  await page.close();

  const code = await studio.stop('SIGINT');
  expect(code).toBe(0);
  expect(await portIsClosed(port)).toBe(true);
  expect(await portIsClosed(backendPort)).toBe(true);
  expect(await groupIsGone(studio.child.pid!)).toBe(true);
});

test('npm start refuses a bad flag with its usage, and a busy port with a clear message', async () => {
  const bad = startStudio(['--prot', '1']);
  await expect(bad).rejects.toThrow(/Unknown option '--prot'[\s\S]*Usage: npm start/);

  const busy = net.createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  const port = (busy.address() as net.AddressInfo).port;
  await expect(startStudio(['--port', String(port)])).rejects.toThrow(`port ${port} is in use`);
  busy.close();
});

test('npm run server starts the backend alone and --server points the studio at it', async ({ page }) => {
  const server = await startServer();
  const health = await (await fetch(`${server.url}/healthz`)).json();
  expect(health).toEqual({ ok: true, store: 'sqlite' });

  const studio = await startStudio(['--server', server.url, '--host-token', testToken('host')], {
    LIVEBRIDGE_HOME: tempDataDir(),
  });
  await page.goto(studio.url);
  await expect(page.getByTestId('backend-state')).toHaveAttribute('data-state', 'connected');
  const info = await page.evaluate(() => window.studio!.app.getInfo());
  expect(info).toMatchObject({ ok: true, value: { serverUrl: new URL(server.url).origin } });

  // The studio says so when its backend goes away, and keeps running.
  expect(await server.stop('SIGTERM')).toBe(0);
  await expect(page.getByTestId('backend-state')).not.toHaveAttribute('data-state', 'connected');
  expect(await studio.stop()).toBe(0);
});
