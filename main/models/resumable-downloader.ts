// Downloads a hub model's missing files into the store: each into <path>.part, resumed with a Range request
// where the server allows, hashed, and renamed only once it matched, so a file under its final name is whole.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { checkFileHash, parseContentRange, resolveInside, type ManifestFile } from './hub-manifest';
import type { HubClient } from './hub-client';
import type { HubManifestCache } from './hub-manifest-cache';
import { modelFiles, type HubModelEntry, type ModelVariant } from './model-catalog';
import { fileSize, type ModelFolders } from './model-folders';
import { describePin, type ModelPins } from './model-pins';
import { ModelStoreError, RetryableError } from './model-store-error';
import type { ModelStoreMessages } from './model-store-messages';
import type { DownloadJob, ModelStatusReporter } from './model-status-reporter';
import type { Logger } from '../log';

export interface ResumableDownloaderOptions {
  hub: HubClient;
  manifests: HubManifestCache;
  folders: ModelFolders;
  pins: ModelPins;
  reporter: ModelStatusReporter;
  messages: ModelStoreMessages;
  log: Logger;
  variant: ModelVariant;
}

export class ResumableDownloader {
  constructor(private readonly options: ResumableDownloaderOptions) {}

  /** Makes the store's copy of `entry` whole and verified (every file hashed again with `verify`). */
  async download(job: DownloadJob, entry: HubModelEntry, verify: boolean): Promise<string> {
    const { hub, manifests, folders, pins, reporter, messages, log, variant } = this.options;
    const signal = job.controller.signal;
    const folder = folders.modelDir(entry);
    await mkdir(folder, { recursive: true });
    const pin = await pins.pinFor(entry);
    const manifest = await manifests.forDownload(entry, folder, pin, signal);
    const needed = modelFiles(entry, variant).map((file) => manifests.fileOf(manifest, file));
    job.bytes = needed.reduce((sum, file) => sum + file.size, 0);

    const todo: ManifestFile[] = [];
    for (const file of needed) {
      const size = await fileSize(resolveInside(folder, file.path));
      if (size === file.size && file.verified && !verify) job.completedBytes += file.size;
      else todo.push(file);
    }
    reporter.emitProgress(job);

    for (const file of todo) {
      const target = resolveInside(folder, file.path);
      const part = `${target}.part`;
      const size = await fileSize(target);
      if (size === file.size) {
        // Whole but not (or no longer trusted as) verified: copied in by hand, or a re-check was asked.
        reporter.setJobState(job, 'verifying');
        const check = await checkFileHash(target, file, signal);
        if (!check || check.ok) {
          await manifests.markVerified(folder, manifest, file, true);
          job.completedBytes += file.size;
          reporter.emitProgress(job);
          continue;
        }
        log.warn(
          { model: entry.id, file: file.path },
          'file on disk does not match its hash; downloading it again',
        );
        await rm(target, { force: true });
        await manifests.markVerified(folder, manifest, file, false);
      } else if (size !== null) {
        await rm(target, { force: true });
        await manifests.markVerified(folder, manifest, file, false);
      }

      reporter.setJobState(job, 'downloading');
      await mkdir(path.dirname(part), { recursive: true });
      await hub.withRetries(entry, signal, () =>
        this.fetchFile(job, entry, manifest.revision, file, part, signal),
      );

      reporter.setJobState(job, 'verifying');
      const check = await checkFileHash(part, file, signal);
      if (check && !check.ok) {
        await rm(part, { force: true });
        const pinned = pin?.files.has(file.path) ? describePin(pin) : `listed by ${entry.repo}`;
        throw messages.downloadChecksumError(entry, file.path, check.algorithm, pinned);
      }
      await rename(part, target);
      await manifests.markVerified(folder, manifest, file, true);
      job.currentBytes = 0;
      job.completedBytes += file.size;
      log.info({ model: entry.id, file: file.path, bytes: file.size }, 'model file downloaded and verified');
      reporter.setJobState(job, 'downloading');
      reporter.emitProgress(job);
    }

    await pins.record(entry, manifest.revision, folder, needed);
    job.completedBytes = job.bytes;
    job.currentBytes = 0;
    reporter.emitProgress(job, true);
    return folder;
  }

  /** Downloads one file into `part`, resuming from the bytes already there when the server allows. */
  private async fetchFile(
    job: DownloadJob,
    entry: HubModelEntry,
    revision: string,
    file: ManifestFile,
    part: string,
    signal: AbortSignal,
  ): Promise<void> {
    const { hub, reporter, messages, log } = this.options;
    let offset = (await fileSize(part)) ?? 0;
    if (offset > file.size) {
      await rm(part, { force: true });
      offset = 0;
    }
    job.currentBytes = offset;
    reporter.emitProgress(job);
    if (offset === file.size) return;

    const url = hub.fileUrl(entry, revision, file.path);
    const stall = new AbortController();
    let timer = setTimeout(() => stall.abort(), hub.stallTimeoutMs);
    const kick = () => {
      clearTimeout(timer);
      timer = setTimeout(() => stall.abort(), hub.stallTimeoutMs);
    };
    try {
      const headers: Record<string, string> = offset > 0 ? { Range: `bytes=${offset}-` } : {};
      const kept = offset > 0 || job.completedBytes > 0;
      const response = await hub.send(entry, url, headers, signal, stall.signal, kept);
      let start = 0;
      if (response.status === 206) {
        const range = parseContentRange(response.headers.get('content-range'));
        if (!range || range.start !== offset || (range.total !== null && range.total !== file.size)) {
          await response.body?.cancel().catch(() => undefined);
          await rm(part, { force: true });
          throw new RetryableError(
            messages.invalidError(entry, `the server sent the wrong part of ${file.path}`),
          );
        }
        start = offset;
      } else if (response.status === 200) {
        if (offset > 0)
          log.info({ model: entry.id, file: file.path }, 'server ignored Range; starting the file over');
      } else if (response.status === 416 && offset > 0) {
        await response.body?.cancel().catch(() => undefined);
        await rm(part, { force: true });
        throw new RetryableError(messages.invalidError(entry, `the server refused to resume ${file.path}`));
      } else {
        await response.body?.cancel().catch(() => undefined);
        throw messages.httpFailure(entry, response.status, file.path);
      }
      if (!response.body) throw new RetryableError(messages.offlineError(entry, 'empty response', true));

      if (start > 0) log.info({ model: entry.id, file: file.path, from: start }, 'resuming download');
      const handle = await open(part, start === 0 ? 'w' : 'a');
      const reader = response.body.getReader();
      let written = start;
      job.currentBytes = written;
      let discard = false;
      try {
        for (;;) {
          const chunk = await hub.readChunk(entry, reader, signal, stall.signal, true);
          if (chunk.done) break;
          kick();
          if (written + chunk.value.byteLength > file.size) {
            throw messages.oversizeError(entry, file.path, file.size);
          }
          await handle.write(chunk.value);
          written += chunk.value.byteLength;
          job.currentBytes = written;
          reporter.emitProgress(job);
        }
        await handle.datasync();
      } catch (error) {
        // Not awaited: a body whose read had to be given up may never answer its cancel either.
        reader.cancel().catch(() => undefined);
        // Bytes past the listed size mean the file is not the one the manifest describes: none are kept.
        discard = error instanceof ModelStoreError && error.code === 'invalid';
        throw error;
      } finally {
        await handle.close().catch(() => undefined);
        if (discard) await rm(part, { force: true });
      }
      if (written < file.size) {
        throw new RetryableError(
          messages.offlineError(entry, `the connection closed during ${file.path}`, true),
        );
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
