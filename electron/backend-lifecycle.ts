// The embedded backend's lifetime in the desktop app: forks server/backend-process in a utility process,
// waits for its `ready` (port and this launch's tokens) with a timeout, restarts it with backoff when it
// dies, and stops it (a `stop`, then a kill after a grace period) when the app quits. A restart asks for
// the same port, so the studio host and the window's CSP keep pointing at it.
import { FromBackendSchema, BACKEND_ARGS, type ToBackend } from '../core/protocol/backend-process';

/** What the lifecycle needs of a child: the subset of Electron's UtilityProcess it uses. */
export interface BackendChild {
  readonly pid?: number | undefined;
  postMessage(message: ToBackend): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** Starts the backend entry with these argv flags (utilityProcess.fork in the app). */
export type ForkBackend = (args: string[]) => BackendChild;

export interface EmbeddedBackend {
  url: string;
  hostToken: string;
  opsToken: string;
}

export type BackendState =
  | { status: 'stopped' }
  | { status: 'starting'; attempt: number }
  | ({ status: 'ready' } & EmbeddedBackend)
  | { status: 'restarting'; attempt: number; delayMs: number; reason: string }
  | { status: 'failed'; reason: string };

export interface BackendLifecycleOptions {
  fork: ForkBackend;
  dataDir: string;
  rendererDir?: string;
  /** How long a start may take before the child is killed and counted as a failure (default 60 s). */
  readyTimeoutMs?: number;
  /** How long `stop` waits for a clean exit before killing (default 5 s). */
  stopGraceMs?: number;
  /** Restart delays: initial, doubled each failure up to max (defaults 500 ms, 30 s). */
  backoff?: { initialMs: number; maxMs: number };
  /** Consecutive failed starts before giving up (default 5). A backend up for `stableMs` resets the count. */
  maxRestarts?: number;
  stableMs?: number;
}

export class BackendLifecycle {
  private child: BackendChild | null = null;
  private current: BackendState = { status: 'stopped' };
  private readonly listeners = new Set<(state: BackendState) => void>();
  private port = 0;
  private failures = 0;
  private readySince = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;
  private firstReady: { resolve(b: EmbeddedBackend): void; reject(e: Error): void } | null = null;
  private readonly opts: Required<Omit<BackendLifecycleOptions, 'rendererDir'>> & { rendererDir?: string };

  constructor(options: BackendLifecycleOptions) {
    this.opts = {
      readyTimeoutMs: 60_000,
      stopGraceMs: 5_000,
      backoff: { initialMs: 500, maxMs: 30_000 },
      maxRestarts: 5,
      stableMs: 60_000,
      ...options,
    };
  }

  get state(): BackendState {
    return this.current;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  onState(listener: (state: BackendState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first ready backend; rejects when it never came up (after the restarts). */
  start(): Promise<EmbeddedBackend> {
    if (this.current.status !== 'stopped') throw new Error('the embedded backend is already started');
    this.stopping = null;
    const first = new Promise<EmbeddedBackend>((resolve, reject) => (this.firstReady = { resolve, reject }));
    this.spawn(1);
    return first;
  }

  /** Stops the backend (safe to call twice): `stop`, then a kill after the grace period. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      const child = this.child;
      this.child = null;
      if (child) await this.end(child);
      this.settleFirst(new Error('the embedded backend was stopped'));
      this.set({ status: 'stopped' });
    })();
    return this.stopping;
  }

  private end(child: BackendChild): Promise<void> {
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(killTimer);
        resolve();
      };
      child.on('exit', finish);
      const killTimer = setTimeout(() => {
        child.kill();
        // A kill that is not reported (an already-dead child) must not hang the app's quit.
        setTimeout(finish, 1000).unref();
      }, this.opts.stopGraceMs);
      try {
        child.postMessage({ type: 'stop' });
      } catch {
        child.kill();
      }
    });
  }

  private spawn(attempt: number): void {
    this.set({ status: 'starting', attempt });
    const args = [BACKEND_ARGS.dataDir, this.opts.dataDir, BACKEND_ARGS.port, String(this.port)];
    if (this.opts.rendererDir) args.push(BACKEND_ARGS.rendererDir, this.opts.rendererDir);
    let child: BackendChild;
    try {
      child = this.opts.fork(args);
    } catch (error) {
      this.failed(`could not start: ${(error as Error).message}`);
      return;
    }
    this.child = child;
    let settled = false;
    const timeout = setTimeout(() => {
      if (settled || this.child !== child) return;
      settled = true;
      this.child = null;
      child.kill();
      this.failed(`not ready within ${this.opts.readyTimeoutMs} ms`);
    }, this.opts.readyTimeoutMs);
    let lastError = '';
    child.on('message', (raw) => {
      const message = FromBackendSchema.safeParse(raw);
      if (!message.success || this.child !== child) return;
      if (message.data.type === 'error') {
        lastError = message.data.message;
        return;
      }
      settled = true;
      clearTimeout(timeout);
      this.port = message.data.port;
      this.readySince = Date.now();
      const backend: EmbeddedBackend = {
        url: `http://127.0.0.1:${message.data.port}`,
        hostToken: message.data.hostToken,
        opsToken: message.data.opsToken,
      };
      this.set({ status: 'ready', ...backend });
      this.firstReady?.resolve(backend);
      this.firstReady = null;
    });
    child.on('exit', (code) => {
      clearTimeout(timeout);
      if (this.child !== child) return; // stopped on purpose, or already counted (timeout)
      this.child = null;
      settled = true;
      if (this.readySince && Date.now() - this.readySince >= this.opts.stableMs) this.failures = 0;
      this.readySince = 0;
      this.failed(lastError || `exited with code ${code}`);
    });
  }

  private failed(reason: string): void {
    if (this.stopping) return;
    this.failures += 1;
    if (this.failures > this.opts.maxRestarts) {
      this.set({ status: 'failed', reason });
      this.settleFirst(new Error(`the embedded backend could not start: ${reason}`));
      return;
    }
    const { initialMs, maxMs } = this.opts.backoff;
    const delayMs = Math.min(maxMs, initialMs * 2 ** (this.failures - 1));
    const attempt = this.failures + 1;
    this.set({ status: 'restarting', attempt, delayMs, reason });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopping) this.spawn(attempt);
    }, delayMs);
  }

  private settleFirst(error: Error): void {
    this.firstReady?.reject(error);
    this.firstReady = null;
  }

  private set(state: BackendState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
