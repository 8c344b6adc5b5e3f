// The manifest.json kept in each model's folder: read, written atomically, and rebuilt from the hub's tree
// listing at the pinned commit when it does not cover what is about to be downloaded.
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  manifestFileFromTree,
  ManifestSchema,
  MAX_FILE_BYTES,
  type Manifest,
  type ManifestFile,
  type TreeEntry,
} from './hub-manifest';
import type { HubClient } from './hub-client';
import {
  formatApproxSize,
  isCommitSha,
  modelFiles,
  type HubModelEntry,
  type ModelVariant,
} from './model-catalog';
import type { ModelStoreMessages } from './model-store-messages';
import { pinFiles, type ModelPin } from './model-pins';
import type { Logger } from '../log';

const MB = 1_000_000;

export interface HubManifestCacheOptions {
  hub: HubClient;
  messages: ModelStoreMessages;
  log: Logger;
  variant: ModelVariant;
}

export class HubManifestCache {
  private tmpCounter = 0;

  constructor(private readonly options: HubManifestCacheOptions) {}

  /** The manifest.json of a folder; null when there is none or it cannot be read (that is logged). */
  async read(folder: string): Promise<Manifest | null> {
    const { log } = this.options;
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
      log.warn({ file, issue: parsed.error.issues[0]?.message }, 'manifest.json unreadable; ignored');
    } catch {
      log.warn({ file }, 'manifest.json is not JSON; ignored');
    }
    return null;
  }

  /** Writes beside the file and renames, so a crash never leaves half a manifest. */
  async write(folder: string, manifest: Manifest): Promise<void> {
    const file = path.join(folder, 'manifest.json');
    this.tmpCounter += 1;
    const tmp = `${file}.${process.pid}.${this.tmpCounter}.tmp`;
    await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(tmp, file);
  }

  async markVerified(
    folder: string,
    manifest: Manifest,
    file: ManifestFile,
    verified: boolean,
  ): Promise<void> {
    if (file.verified === verified) return;
    file.verified = verified;
    await this.write(folder, manifest);
  }

  fileOf(manifest: Manifest, file: string): ManifestFile {
    const found = manifest.files.find((f) => f.path === file);
    if (!found) throw new Error(`manifest lacks ${file}`);
    return found;
  }

  /**
   * The cached manifest when it covers this model at its pinned commit, else one built from the tree API at
   * that commit. Unpinned: the commit an unfinished first download started on, or the branch head now.
   */
  async forDownload(
    entry: HubModelEntry,
    folder: string,
    pin: ModelPin | null,
    signal: AbortSignal,
  ): Promise<Manifest> {
    const { hub, messages, variant } = this.options;
    const cached = await this.read(folder);
    const needed = modelFiles(entry, variant);
    const started = cached?.repo === entry.repo && isCommitSha(cached.revision) ? cached.revision : null;
    const revision = pin?.revision ?? started ?? (await hub.fetchHeadCommit(entry, signal));
    if (
      cached &&
      cached.repo === entry.repo &&
      cached.revision === revision &&
      needed.every((file) => cached.files.some((f) => f.path === file))
    ) {
      const pinned = pinFiles(cached.files, pin);
      if (pinned.conflicts.length === 0) return { ...cached, files: pinned.files };
    }

    const tree = await hub.fetchTree(entry, revision, signal);
    const byPath = new Map<string, TreeEntry>();
    for (const item of tree) if (item.type === 'file') byPath.set(item.path, item);
    for (const file of needed) {
      if (!byPath.has(file)) {
        throw messages.invalidError(entry, `${entry.repo} (commit ${revision}) has no file ${file}`);
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
    if (pin && conflict) throw messages.pinConflictError(entry, pin, conflict);
    const files: ManifestFile[] = [];
    for (const fresh of pinnedFiles) {
      const file = fresh.path;
      if (fresh.size > MAX_FILE_BYTES) {
        throw messages.invalidError(
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
    const estimate = entry.approxBytes[variant];
    const limit = Math.max(estimate * 4, estimate + 256 * MB);
    if (total > limit) {
      throw messages.invalidError(
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
    await this.write(folder, manifest);
    return manifest;
  }
}
