// Which commit of its hub repository a model comes from, and the hashes its files must have there.
//
// A catalog entry with a revision (hub-pins.ts) is pinned by the catalog: its files are listed and fetched at
// that commit, and the hashes the catalog knows are enforced over whatever the hub lists. An entry without
// one is pinned on first use: the first download resolves the head of its branch to a commit once, and when
// it has completed, models.lock.json (in the store folder) records that commit and every file's sha256. From
// then on every download of the model, a repair or a re-download after removing it included, uses that
// commit and must produce those bytes; the branch moving on upstream changes nothing. Downloads of
// catalog-pinned models are recorded too, so files the catalog has no hash for are held to the first bytes
// seen at that commit. Removing a model keeps its lock entry; deleting models.lock.json forgets the pins.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../log';
import { isSafeRepoPath, resolveInside, type ManifestFile } from './hub-manifest';
import { isCommitSha, isSha256, type CommitSha, type HubModelEntry, type ModelEntry } from './model-catalog';

export const LOCK_FILE = 'models.lock.json';

const HEX40 = /^[0-9a-f]{40}$/;
const HEX64 = /^[0-9a-f]{64}$/;

const LockedModelSchema = z.object({
  repo: z.string().max(200),
  revision: z.string().regex(HEX40),
  pinnedAt: z.string().max(64),
  files: z.record(
    z.string().max(1000).refine(isSafeRepoPath),
    z.object({ size: z.number().int().nonnegative(), sha256: z.string().regex(HEX64) }),
  ),
});
const LockSchema = z.object({
  version: z.literal(1),
  models: z.record(z.string().max(200), LockedModelSchema),
});
type Lock = z.infer<typeof LockSchema>;
type LockedModel = z.infer<typeof LockedModelSchema>;

export type PinSource = 'catalog' | 'lock';

export interface ModelPin {
  by: PinSource;
  revision: CommitSha;
  /** What each known file must be: its sha256, and its size where the lock recorded one. */
  files: ReadonlyMap<string, { sha256: string; size: number | null }>;
}

/** What the model status tells about a pin. */
export interface PinStatus {
  by: PinSource;
  revision: string;
}

/** A file the hub lists with another hash or size than the pin says. */
export interface PinConflict {
  path: string;
  what: 'sha256' | 'size';
  pinned: string;
  listed: string;
}

/** "pinned by the catalog to commit 1a2b3c4" / "pinned by models.lock.json to commit 1a2b3c4". */
export function describePin(pin: Pick<ModelPin, 'by' | 'revision'>): string {
  const by = pin.by === 'catalog' ? 'the catalog' : LOCK_FILE;
  return `pinned by ${by} to commit ${pin.revision.slice(0, 12)}`;
}

/** Refuses a hub entry whose revision is a branch or tag, or whose hashes are not sha256s. */
export function checkEntryPin(entry: ModelEntry): void {
  if (entry.id === LOCK_FILE) throw new Error(`model id ${entry.id} is the lock file's name`);
  if (entry.source !== 'hub') return;
  if (entry.revision !== null && !isCommitSha(entry.revision)) {
    throw new Error(`revision of ${entry.id} must be a 40-hex commit, not ${JSON.stringify(entry.revision)}`);
  }
  if (entry.revision === null && Object.keys(entry.sha256).length > 0) {
    throw new Error(`${entry.id} lists hashes without the commit they belong to`);
  }
  for (const [file, hash] of Object.entries(entry.sha256)) {
    if (!isSafeRepoPath(file) || !isSha256(hash))
      throw new Error(`bad pinned hash for ${file} of ${entry.id}`);
  }
}

/** The commit in an answer of `GET /api/models/{repo}/revision/{branch}`, or null when there is none. */
export function commitFromRevisionInfo(json: unknown): CommitSha | null {
  const sha = (json as { sha?: unknown } | null)?.sha;
  return isCommitSha(sha) ? sha : null;
}

/**
 * The manifest's files with the pinned hashes put in (the pin wins), and where the hub's listing disagreed.
 * A small git file the pin has a sha256 for is then checked by that sha256 instead of its blob sha1.
 */
export function pinFiles(
  files: readonly ManifestFile[],
  pin: ModelPin | null,
): { files: ManifestFile[]; conflicts: PinConflict[] } {
  const conflicts: PinConflict[] = [];
  const out = files.map((file) => {
    const expected = pin?.files.get(file.path);
    if (!expected) return file;
    if (file.sha256 && file.sha256 !== expected.sha256) {
      conflicts.push({ path: file.path, what: 'sha256', pinned: expected.sha256, listed: file.sha256 });
    }
    if (expected.size !== null && expected.size !== file.size) {
      conflicts.push({ path: file.path, what: 'size', pinned: `${expected.size}`, listed: `${file.size}` });
    }
    return file.sha256 === expected.sha256 ? file : { ...file, sha256: expected.sha256 };
  });
  return { files: out, conflicts };
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The pins of one model store: the catalog's, and the lock file's for what was downloaded. */
export class ModelPins {
  private readonly file: string;
  private lock: Lock | null = null;
  private loading: Promise<void> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private tmpCounter = 0;

  constructor(
    dir: string,
    private readonly log: Logger,
  ) {
    this.file = path.join(dir, LOCK_FILE);
  }

  /** Reads the lock file once; later calls wait for that read. */
  load(): Promise<void> {
    this.loading ??= this.read().then((lock) => {
      this.lock = lock;
    });
    return this.loading;
  }

  async pinFor(entry: HubModelEntry): Promise<ModelPin | null> {
    await this.load();
    return this.pinNow(entry);
  }

  /** The pin as far as it is known without waiting: status() loads the lock before asking. */
  status(entry: ModelEntry): PinStatus | null {
    if (entry.source !== 'hub') return null;
    const pin = this.pinNow(entry);
    return pin ? { by: pin.by, revision: pin.revision } : null;
  }

  /**
   * Records a completed download: the commit and the sha256 of each of `files` (all verified, in `folder`).
   * Small git files have no sha256 in the manifest; they are hashed here.
   */
  async record(entry: HubModelEntry, revision: string, folder: string, files: ManifestFile[]): Promise<void> {
    if (!isCommitSha(revision)) throw new Error(`not a commit: ${revision}`);
    const hashed: LockedModel['files'] = {};
    for (const file of files) {
      const sha256 = file.sha256 ?? (await sha256OfFile(resolveInside(folder, file.path)));
      hashed[file.path] = { size: file.size, sha256 };
    }
    let fresh = false;
    const write = this.writing.then(async () => {
      // Read again: another store on the same folder may have written since this one loaded.
      const lock = (await this.read()) ?? { version: 1 as const, models: {} };
      const old = lock.models[entry.id];
      const same = old !== undefined && old.repo === entry.repo && old.revision === revision;
      fresh = !same;
      const keep = same ? old.files : {};
      lock.models[entry.id] = {
        repo: entry.repo,
        revision,
        pinnedAt: same ? old.pinnedAt : new Date().toISOString(),
        files: { ...keep, ...hashed },
      };
      this.tmpCounter += 1;
      const tmp = `${this.file}.${process.pid}.${this.tmpCounter}.tmp`;
      await writeFile(tmp, `${JSON.stringify(lock, null, 2)}\n`);
      await rename(tmp, this.file);
      this.lock = lock;
      this.loading = Promise.resolve();
    });
    this.writing = write.catch(() => undefined);
    await write;
    if (fresh) this.log.info({ model: entry.id, revision }, 'model pinned');
  }

  private pinNow(entry: HubModelEntry): ModelPin | null {
    const locked = this.lock?.models[entry.id];
    const lockUsable = locked && locked.repo === entry.repo && isCommitSha(locked.revision);
    if (entry.revision) {
      const files = new Map<string, { sha256: string; size: number | null }>();
      // Files the lock recorded at the catalog's commit, then the catalog's own hashes over them.
      if (lockUsable && locked.revision === entry.revision) {
        for (const [file, value] of Object.entries(locked.files)) files.set(file, value);
      }
      for (const [file, sha256] of Object.entries(entry.sha256)) {
        files.set(file, { sha256, size: files.get(file)?.size ?? null });
      }
      return { by: 'catalog', revision: entry.revision, files };
    }
    if (!lockUsable) return null;
    const files = new Map(Object.entries(locked.files).map(([file, value]) => [file, { ...value }]));
    return { by: 'lock', revision: locked.revision as CommitSha, files };
  }

  private async read(): Promise<Lock | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return null;
    }
    try {
      const parsed = LockSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // not JSON: handled below like a wrong shape
    }
    // Kept aside rather than overwritten: it is the only record of what was pinned.
    const aside = `${this.file}.unreadable-${Date.now()}`;
    await rename(this.file, aside).catch(() => undefined);
    this.log.warn(
      { file: this.file, movedTo: aside },
      `${LOCK_FILE} is unreadable; models are pinned afresh`,
    );
    return null;
  }
}
