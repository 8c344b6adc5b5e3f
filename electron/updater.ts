// Updates: electron-updater (generic provider; the feed URL comes from electron-builder.yml `publish`, which
// electron-builder writes into resources/app-update.yml) checks on start and every 6 hours and downloads in
// the background (differentially from blockmaps where the target has them). Its events become one
// UpdateStatus for the studio page. "Restart to update" never interrupts a live stream: asked while live,
// it waits for the stream's end.
import type { AppUpdater, ProgressInfo, UpdateInfo } from 'electron-updater';
import type { RestartOutcome, UpdateStatus } from '../core/protocol/desktop';

export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** What the wrapper uses of electron-updater's AppUpdater (the real one in the app and in the tests). */
export type UpdaterEngine = Pick<AppUpdater, 'on' | 'checkForUpdates' | 'quitAndInstall'> & {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
};

export class DesktopUpdater {
  private current: UpdateStatus = { state: 'idle', checkedAt: null };
  private readonly listeners = new Set<(status: UpdateStatus) => void>();
  private timer: NodeJS.Timeout | null = null;
  private live = false;
  private version: string | null = null;

  constructor(
    private readonly engine: UpdaterEngine,
    private readonly options: { intervalMs?: number; now?: () => number } = {},
  ) {
    engine.autoDownload = true;
    // A downloaded update installs when the app quits anyway; quitting while live asks first (close guard).
    engine.autoInstallOnAppQuit = true;
    engine.on('checking-for-update', () => this.set({ state: 'checking' }));
    engine.on('update-available', (info: UpdateInfo) => {
      this.version = info.version;
      this.set({ state: 'available', version: info.version });
    });
    engine.on('update-not-available', () => this.set({ state: 'idle', checkedAt: this.now() }));
    engine.on('download-progress', (progress: ProgressInfo) => {
      const percent = Math.max(0, Math.min(100, Math.round(progress.percent * 10) / 10));
      this.set({ state: 'downloading', version: this.version ?? '', percent });
    });
    engine.on('update-downloaded', (info: UpdateInfo) =>
      this.set({ state: 'ready', version: info.version, queued: false }),
    );
    engine.on('error', (error: Error & { code?: unknown }) => {
      // A failed background check must not hide an update that is already downloaded.
      if (this.current.state === 'ready') return;
      this.set({
        state: 'error',
        code: typeof error.code === 'string' ? error.code : null,
        message: error.message.split('\n')[0]!.slice(0, 2000),
      });
    });
  }

  get status(): UpdateStatus {
    return this.current;
  }

  onStatus(listener: (status: UpdateStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Checks now and every interval from then on. */
  start(): void {
    if (this.timer) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? CHECK_INTERVAL_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One check (skipped while a download runs or one is ready). Failures arrive as the error state. */
  async check(): Promise<void> {
    const { state } = this.current;
    if (state === 'checking' || state === 'downloading' || state === 'ready') return;
    try {
      const result = await this.engine.checkForUpdates();
      // Wait for the download so callers (and tests) see where it ended; errors are already reported.
      await result?.downloadPromise?.catch(() => undefined);
    } catch {
      // reported through the engine's `error` event
    }
  }

  /** The user's "restart to update": never while live; then it runs when the stream ends. */
  restart(): RestartOutcome {
    if (this.current.state !== 'ready') return { outcome: 'nothing' };
    if (this.live) {
      this.set({ ...this.current, queued: true });
      return { outcome: 'queued' };
    }
    this.engine.quitAndInstall(false, true);
    return { outcome: 'restarting' };
  }

  /** The studio's live state; the end of a stream runs a restart that was asked for during it. */
  setLive(live: boolean): void {
    this.live = live;
    if (!live && this.current.state === 'ready' && this.current.queued) {
      this.engine.quitAndInstall(false, true);
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private set(status: UpdateStatus): void {
    this.current = status;
    for (const listener of this.listeners) listener(status);
  }
}
