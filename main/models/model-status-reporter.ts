// The store's events: a model's state as listeners see it, and download progress that is throttled and
// never goes back. Also the bookkeeping of a running download that both are computed from.
import { performance } from 'node:perf_hooks';
import type { ModelEntry, ModelKind } from './model-catalog';
import type { ModelPins, PinStatus } from './model-pins';
import type { Logger } from '../log';

export type ModelState = 'missing' | 'downloading' | 'verifying' | 'ready' | 'error';

export interface ModelStoreStatus {
  id: string;
  kind: ModelKind;
  name: string;
  state: ModelState;
  /** Total size in bytes: exact once the hub was asked (or the files are here), else the estimate. */
  bytes: number;
  downloadedBytes: number;
  error: string | null;
  /** The folder holding the model's files, when ready. */
  path: string | null;
  /** The commit a hub model comes from, pinned by the catalog or models.lock.json; null if none yet. */
  pin: PinStatus | null;
}

export interface ModelProgress {
  id: string;
  downloadedBytes: number;
  bytes: number;
}

/** One model being made ready: callers waiting on it share it. */
export interface DownloadJob {
  readonly entry: ModelEntry;
  readonly controller: AbortController;
  /** `checking` while the disk is looked at: nothing to announce yet, the model may well be ready. */
  state: 'checking' | 'downloading' | 'verifying';
  bytes: number;
  /** Bytes of files already complete and verified. */
  completedBytes: number;
  /** Bytes on disk of the file being fetched. */
  currentBytes: number;
  /** The last value reported: progress never goes back, even when a server makes a file start over. */
  reported: number;
  lastEmitAt: number;
  lastEmitted: number;
  waiters: number;
  promise: Promise<string>;
}

type Listener<T> = (value: T) => void;

export interface ModelStatusReporterOptions {
  pins: ModelPins;
  log: Logger;
  /** Least time between progress events. */
  progressIntervalMs: number;
}

export class ModelStatusReporter {
  private readonly progressListeners = new Set<Listener<ModelProgress>>();
  private readonly statusListeners = new Set<Listener<ModelStoreStatus>>();

  constructor(private readonly options: ModelStatusReporterOptions) {}

  onProgress(listener: Listener<ModelProgress>): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  onStatus(listener: Listener<ModelStoreStatus>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  get hasStatusListeners(): boolean {
    return this.statusListeners.size > 0;
  }

  clear(): void {
    this.progressListeners.clear();
    this.statusListeners.clear();
  }

  makeStatus(
    entry: ModelEntry,
    state: ModelState,
    bytes: number,
    downloadedBytes: number,
    error: string | null,
    folder: string | null,
  ): ModelStoreStatus {
    return {
      id: entry.id,
      kind: entry.kind,
      name: entry.name,
      state,
      bytes,
      downloadedBytes,
      error,
      path: folder,
      pin: this.options.pins.status(entry),
    };
  }

  jobStatus(job: DownloadJob): ModelStoreStatus {
    const state = job.state === 'checking' ? 'downloading' : job.state;
    return this.makeStatus(job.entry, state, job.bytes, job.reported, null, null);
  }

  setJobState(job: DownloadJob, state: DownloadJob['state']): void {
    if (job.state === state) return;
    job.state = state;
    this.emitStatus(this.jobStatus(job));
  }

  /** Reports the job's bytes, at most once per progress interval unless `force`d. */
  emitProgress(job: DownloadJob, force = false): void {
    const now = performance.now();
    const value = Math.min(job.bytes, job.completedBytes + job.currentBytes);
    if (value > job.reported) job.reported = value;
    if (job.reported === job.lastEmitted && !force) return;
    if (!force && now - job.lastEmitAt < this.options.progressIntervalMs) return;
    job.lastEmitAt = now;
    job.lastEmitted = job.reported;
    const event: ModelProgress = { id: job.entry.id, downloadedBytes: job.reported, bytes: job.bytes };
    for (const listener of this.progressListeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.log.warn({ err: String(error) }, 'progress listener threw');
      }
    }
  }

  emitStatus(status: ModelStoreStatus): void {
    for (const listener of this.statusListeners) {
      try {
        listener(status);
      } catch (error) {
        this.options.log.warn({ err: String(error) }, 'status listener threw');
      }
    }
  }
}
