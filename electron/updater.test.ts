// The wrapper's own decisions with a scripted engine: when it checks, and when "restart to update" may
// restart. electron-updater's decisions against a real feed: tests/integration/desktop-updates.test.ts.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHECK_INTERVAL_MS, DesktopUpdater, type UpdaterEngine } from './updater';

class ScriptedEngine extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  checks = 0;
  installs: [boolean | undefined, boolean | undefined][] = [];
  checkForUpdates = () => {
    this.checks += 1;
    return Promise.resolve(null);
  };
  quitAndInstall = (isSilent?: boolean, isForceRunAfter?: boolean) => {
    this.installs.push([isSilent, isForceRunAfter]);
  };
}

function harness() {
  const engine = new ScriptedEngine();
  const updater = new DesktopUpdater(engine as unknown as UpdaterEngine);
  return { engine, updater };
}

function downloaded(engine: ScriptedEngine, version = '0.2.0') {
  engine.emit('update-available', { version });
  engine.emit('download-progress', {
    percent: 42.345,
    total: 100,
    transferred: 42,
    bytesPerSecond: 1,
    delta: 1,
  });
  engine.emit('update-downloaded', { version });
}

afterEach(() => vi.useRealTimers());

describe('DesktopUpdater', () => {
  it('downloads on its own and shows the progress, then is ready', () => {
    const { engine, updater } = harness();
    const seen: unknown[] = [];
    updater.onStatus((s) => seen.push(s));
    expect(engine.autoDownload).toBe(true);
    engine.emit('checking-for-update');
    downloaded(engine);
    expect(seen).toEqual([
      { state: 'checking' },
      { state: 'available', version: '0.2.0' },
      { state: 'downloading', version: '0.2.0', percent: 42.3 },
      { state: 'ready', version: '0.2.0', queued: false },
    ]);
  });

  it('checks on start and every 6 hours, not while a download is ready', async () => {
    vi.useFakeTimers();
    const { engine, updater } = harness();
    updater.start();
    expect(engine.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS - 1000);
    expect(engine.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(engine.checks).toBe(2);
    downloaded(engine);
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    expect(engine.checks).toBe(2);
    updater.stop();
  });

  it('restarts to update at once when not live', () => {
    const { engine, updater } = harness();
    expect(updater.restart()).toEqual({ outcome: 'nothing' });
    downloaded(engine);
    expect(updater.restart()).toEqual({ outcome: 'restarting' });
    expect(engine.installs).toEqual([[false, true]]);
  });

  it('never restarts during a live stream: the restart waits for the end of the stream', () => {
    const { engine, updater } = harness();
    downloaded(engine);
    updater.setLive(true);
    expect(updater.restart()).toEqual({ outcome: 'queued' });
    expect(updater.status).toEqual({ state: 'ready', version: '0.2.0', queued: true });
    expect(engine.installs).toEqual([]);
    updater.setLive(true);
    expect(engine.installs).toEqual([]);
    updater.setLive(false);
    expect(engine.installs).toEqual([[false, true]]);
  });

  it('a stream that ends without a restart asked for installs nothing', () => {
    const { engine, updater } = harness();
    downloaded(engine);
    updater.setLive(true);
    updater.setLive(false);
    expect(engine.installs).toEqual([]);
  });

  it('reports errors with their code, but a failed later check keeps a ready update', () => {
    const { engine, updater } = harness();
    engine.emit(
      'error',
      Object.assign(new Error('sha512 checksum mismatch\nstack'), { code: 'ERR_CHECKSUM_MISMATCH' }),
    );
    expect(updater.status).toEqual({
      state: 'error',
      code: 'ERR_CHECKSUM_MISMATCH',
      message: 'sha512 checksum mismatch',
    });
    downloaded(engine);
    engine.emit('error', new Error('offline'));
    expect(updater.status.state).toBe('ready');
  });
});
