// The desktop app's embedded backend in its own process: the real entry (server/backend-process.ts) forked
// the way the app forks it (a child_process stand-in for utilityProcess, same messages), driven by the
// real lifecycle (electron/backend-lifecycle.ts).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendLifecycle, type BackendState } from '../../electron/backend-lifecycle';
import { buildElectron } from '../../scripts/lib/build';
import { ELECTRON_OUT } from '../../scripts/lib/paths';
import { ROOT, tempDataDir } from '../support/processes';
import { isAlive, nodeUtilityFork } from '../support/utility-process';

const running: BackendLifecycle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((b) => b.stop()));
});

function lifecycle(dataDir = tempDataDir('livebridge-desktop-'), entry?: string) {
  const forked = nodeUtilityFork({ MEDIASOUP_WORKER_BIN: '/nonexistent/mediasoup-worker' }, entry);
  const backend = new BackendLifecycle({
    fork: forked.fork,
    dataDir,
    readyTimeoutMs: 60_000,
    backoff: { initialMs: 100, maxMs: 1000 },
  });
  running.push(backend);
  const states: BackendState[] = [];
  backend.onState((s) => states.push(s));
  return { backend, forked, states, dataDir };
}

/** Resolves with the error message, or null once the socket connects. */
function tryConnect(url: string, token: string): Promise<string | null> {
  const socket = connect(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve(null);
    });
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(error.message);
    });
  });
}

async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('embedded backend in a utility process', () => {
  it('comes up on loopback with SQLite in the data folder and its host token; a wrong token is refused', async () => {
    const { backend, dataDir } = lifecycle();
    const ready = await backend.start();
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(backend.state.status).toBe('ready');
    expect(existsSync(path.join(dataDir, 'livebridge.sqlite'))).toBe(true);
    const health = (await (await fetch(`${ready.url}/healthz`)).json()) as { store: string };
    expect(health.store).toBe('sqlite');

    expect(await tryConnect(ready.url, ready.hostToken)).toBeNull();
    expect(await tryConnect(ready.url, ready.opsToken)).toBeNull();
    const forged = `${ready.hostToken.slice(0, -4)}AAAA`;
    expect(await tryConnect(ready.url, forged)).not.toBeNull();
    expect(await tryConnect(ready.url, 'not-a-token')).not.toBeNull();
  }, 120_000);

  it('restarts a killed backend on the same port, and its host token still works', async () => {
    const { backend, forked, states } = lifecycle();
    const first = await backend.start();
    const firstPid = backend.pid!;
    process.kill(firstPid, 'SIGKILL');
    await waitFor(() => states.some((s) => s.status === 'restarting'));
    await waitFor(() => backend.state.status === 'ready' && backend.pid !== firstPid);
    expect(isAlive(firstPid)).toBe(false);
    expect(forked.children).toHaveLength(2);
    const restarting = states.find((s) => s.status === 'restarting');
    expect(restarting).toMatchObject({ attempt: 2, reason: expect.stringMatching(/exited with code 137/) });
    expect(backend.state).toMatchObject({ status: 'ready', url: first.url });
    expect(await tryConnect(first.url, first.hostToken)).toBeNull();
  }, 180_000);

  it('the bundle the package carries (dist/electron/backend-process.cjs) comes up the same way', async () => {
    await buildElectron();
    const { backend } = lifecycle(undefined, path.join(ELECTRON_OUT, 'backend-process.cjs'));
    const ready = await backend.start();
    expect(await tryConnect(ready.url, ready.hostToken)).toBeNull();
  }, 120_000);

  it('a backend whose app died without stopping it (kill -9) exits on its own', async () => {
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/support/backend-parent.ts', tempDataDir()],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    parent.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await waitFor(() => out.includes('\n'));
    const { pid, port } = JSON.parse(out) as { pid: number; port: number };
    expect(isAlive(pid)).toBe(true);
    parent.kill('SIGKILL');
    await waitFor(() => !isAlive(pid), 15_000);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 120_000);

  it('stop closes the backend: the process is gone and its port refuses connections', async () => {
    const { backend } = lifecycle();
    const ready = await backend.start();
    const pid = backend.pid!;
    await backend.stop();
    expect(backend.state.status).toBe('stopped');
    expect(isAlive(pid)).toBe(false);
    await expect(fetch(`${ready.url}/healthz`)).rejects.toThrow();
    await backend.stop(); // twice is fine
  }, 120_000);
});
