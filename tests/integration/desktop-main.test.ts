// The real main process (the built dist/electron/main.cjs) in plain Node, with the electron module stubbed
// where the binary is needed (tests/support/electron-stub.mjs): it starts its embedded backend in a
// utility-process stand-in, serves window.studio over IPC, asks before closing while live, and stops the
// backend when it quits.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_MARKER_FILE } from '../../main/live-marker';
import { buildElectron } from '../../scripts/lib/build';
import { ELECTRON_OUT } from '../../scripts/lib/paths';
import { ROOT, tempDataDir } from '../support/processes';
import { isAlive } from '../support/utility-process';

type Heard = { type: string; [key: string]: unknown };

class MainProcess {
  readonly heard: Heard[] = [];
  private ids = 0;
  readonly exited: Promise<number | null>;
  constructor(readonly child: ChildProcess) {
    child.on('message', (m) => this.heard.push(m as Heard));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }
  async waitFor(type: string, timeoutMs = 60_000): Promise<Heard> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.heard.find((h) => h.type === type);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type}; heard ${JSON.stringify(this.heard)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  async invoke(method: string, ...args: unknown[]): Promise<{ ok: boolean; value?: unknown }> {
    const id = ++this.ids;
    this.child.send({ cmd: 'invoke', id, method, args });
    for (;;) {
      const r = this.heard.find((h) => h.type === 'result' && h.id === id);
      if (r) return r.result as { ok: boolean; value?: unknown };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  send(message: object): void {
    this.child.send(message);
  }
}

async function waitUntil(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const started: MainProcess[] = [];
afterEach(() => {
  for (const main of started.splice(0)) if (main.child.exitCode === null) main.child.kill('SIGKILL');
});

function startMain(env: NodeJS.ProcessEnv = {}): MainProcess {
  const child = fork(path.join(ELECTRON_OUT, 'main.cjs'), [], {
    cwd: ROOT,
    execArgv: ['--import', path.join(ROOT, 'tests/support/electron-stub.mjs')],
    env: {
      ...process.env,
      LOG_LEVEL: 'error',
      LIVEBRIDGE_HOME: tempDataDir('livebridge-main-'),
      LIVEBRIDGE_SERVER_URL: '',
      MEDIASOUP_WORKER_BIN: '/nonexistent/mediasoup-worker',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const main = new MainProcess(child);
  started.push(main);
  return main;
}

const connects = (url: string, token: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(url, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    socket.once('connect', () => (socket.close(), resolve(true)));
    socket.once('connect_error', () => (socket.close(), resolve(false)));
  });

beforeAll(async () => {
  await buildElectron();
}, 120_000);

describe('the desktop main process (Electron stubbed)', () => {
  it('runs its own backend on loopback, gives the studio its host token, and stops it on quit', async () => {
    const main = startMain();
    await main.waitFor('ready');
    const { pid } = await main.waitFor('backend');
    const info = (await main.invoke('app.getInfo')) as {
      ok: true;
      value: { serverUrl: string; hostToken: string };
    };
    expect(info.value.serverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await connects(info.value.serverUrl, info.value.hostToken)).toBe(true);
    expect(await main.invoke('updates.getStatus')).toEqual({ ok: true, value: { state: 'unsupported' } });
    await main.waitFor('tray-menu');

    main.send({ cmd: 'tray-quit' });
    expect(await main.exited).toBe(0);
    expect(isAlive(pid as number)).toBe(false);
  }, 120_000);

  it('asks before closing while live; "keep streaming" keeps it, "end and close" ends and quits', async () => {
    const home = tempDataDir('livebridge-main-');
    const main = startMain({ LIVEBRIDGE_HOME: home });
    await main.waitFor('ready');
    const { pid } = await main.waitFor('backend');
    await main.invoke('live.report', { live: true, roomId: 'room-1', title: 'Night market' });
    const tray = main.heard.filter((h) => h.type === 'tray-menu').at(-1)!;
    expect(tray.labels).toContain('Live now: Night market');

    main.send({ cmd: 'answer', response: 0 });
    main.send({ cmd: 'close-window' });
    const dialog = await main.waitFor('dialog');
    expect(dialog.options).toMatchObject({
      message: 'Closing LiveBridge Studio ends your live stream.',
      buttons: ['Keep streaming', 'End stream and close'],
      defaultId: 0,
      cancelId: 0,
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(main.heard.some((h) => h.type === 'closed')).toBe(false);

    main.heard.length = 0;
    main.send({ cmd: 'answer', response: 1 });
    main.send({ cmd: 'close-window' });
    await main.waitFor('closed');
    expect(await main.exited).toBe(0);
    expect(isAlive(pid as number)).toBe(false);
    // Ended on purpose: nothing is offered to resume.
    expect(existsSync(path.join(home, LIVE_MARKER_FILE))).toBe(false);
  }, 120_000);

  it('after a crash while live, the next start offers that stream; the orphaned backend exits', async () => {
    const home = tempDataDir('livebridge-main-');
    const first = startMain({ LIVEBRIDGE_HOME: home });
    await first.waitFor('ready');
    const { pid } = await first.waitFor('backend');
    await first.invoke('live.report', { live: true, roomId: 'room-1', title: 'Night market' });
    first.child.kill('SIGKILL');
    await first.exited;
    await waitUntil(() => !isAlive(pid as number));

    const next = startMain({ LIVEBRIDGE_HOME: home });
    await next.waitFor('ready');
    expect(await next.invoke('live.resumable')).toMatchObject({
      ok: true,
      value: { roomId: 'room-1', title: 'Night market' },
    });
  }, 120_000);

  it('with --server it starts no backend of its own', async () => {
    const main = startMain({
      LIVEBRIDGE_SERVER_URL: 'http://127.0.0.1:9',
      LIVEBRIDGE_HOST_TOKEN: 'remote-token',
    });
    await main.waitFor('ready');
    const info = (await main.invoke('app.getInfo')) as { value: { serverUrl: string; hostToken: string } };
    expect(info.value).toMatchObject({ serverUrl: 'http://127.0.0.1:9', hostToken: 'remote-token' });
    expect(main.heard.some((h) => h.type === 'backend')).toBe(false);
  }, 60_000);
});
