// What the store believes about a model's files: the hub's tree API answer (validated, since it is
// external data that decides what is written where) and the manifest.json cached next to the files, which
// is what lets a later start decide "ready" without the network.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** No single model file comes near this; a bigger claim is a broken or hostile answer. */
export const MAX_FILE_BYTES = 8 * 1024 ** 3;

const HEX40 = /^[0-9a-f]{40}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** True for a relative, forward-slash path that stays inside the folder it is joined to. */
export function isSafeRepoPath(value: string): boolean {
  if (value.length === 0 || value.length > 1000) return false;
  if (value.startsWith('/') || value.includes('\\') || value.includes('\0')) return false;
  // A drive letter or an alternate data stream would escape the folder on Windows.
  if (value.includes(':')) return false;
  return value.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

const RepoPathSchema = z.string().refine(isSafeRepoPath, 'path escapes the model folder');
const ByteCountSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** One entry of `GET /api/models/{repo}/tree/{revision}?recursive=true`. */
export const TreeEntrySchema = z.object({
  type: z.string().max(32),
  path: RepoPathSchema,
  size: ByteCountSchema,
  oid: z.string().regex(HEX40, 'oid is not a git object id'),
  lfs: z
    .object({
      oid: z.string().regex(HEX64, 'lfs.oid is not a sha256'),
      size: ByteCountSchema,
    })
    .optional(),
});
export type TreeEntry = z.infer<typeof TreeEntrySchema>;
export const TreeSchema = z.array(TreeEntrySchema).max(100_000);

export const ManifestFileSchema = z.object({
  path: RepoPathSchema,
  size: ByteCountSchema.max(MAX_FILE_BYTES),
  /** Content sha256 for LFS files (the hub's lfs.oid). */
  sha256: z.string().regex(HEX64).nullable(),
  /** Git blob sha1 for small files kept in git: sha1("blob <size>\0" + bytes). */
  gitSha1: z.string().regex(HEX40).nullable(),
  /** Set once the file on disk was hashed and matched; later starts trust the size alone. */
  verified: z.boolean(),
});
export type ManifestFile = z.infer<typeof ManifestFileSchema>;

export const ManifestSchema = z.object({
  version: z.literal(1),
  id: z.string().max(200),
  repo: z.string().max(200),
  revision: z.string().max(200),
  fetchedAt: z.string().max(64),
  files: z.array(ManifestFileSchema).max(1000),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export function manifestFileFromTree(entry: TreeEntry): ManifestFile {
  if (entry.lfs) {
    return { path: entry.path, size: entry.lfs.size, sha256: entry.lfs.oid, gitSha1: null, verified: false };
  }
  return { path: entry.path, size: entry.size, sha256: null, gitSha1: entry.oid, verified: false };
}

/** Joins a repo path onto a folder, refusing anything that would land outside it. */
export function resolveInside(root: string, repoPath: string): string {
  if (!isSafeRepoPath(repoPath)) throw new Error(`unsafe path ${JSON.stringify(repoPath)}`);
  const base = path.resolve(root);
  const target = path.resolve(base, ...repoPath.split('/'));
  if (target !== base && !target.startsWith(base + path.sep)) {
    throw new Error(`path ${JSON.stringify(repoPath)} escapes ${base}`);
  }
  return target;
}

export interface HashCheck {
  ok: boolean;
  algorithm: 'sha256' | 'git-sha1';
  expected: string;
  actual: string;
}

/** Hashes a file the way the hub identifies it; null when the manifest has no hash for it. */
export async function checkFileHash(
  file: string,
  expected: Pick<ManifestFile, 'size' | 'sha256' | 'gitSha1'>,
  signal?: AbortSignal,
): Promise<HashCheck | null> {
  const algorithm = expected.sha256 ? 'sha256' : expected.gitSha1 ? 'git-sha1' : null;
  if (!algorithm) return null;
  const hash = createHash(algorithm === 'sha256' ? 'sha256' : 'sha1');
  // The blob header uses the size the manifest promised; a file of another size cannot match anyway.
  if (algorithm === 'git-sha1') hash.update(`blob ${expected.size}\0`);
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024, signal });
  for await (const chunk of stream) hash.update(chunk as Buffer);
  const actual = hash.digest('hex');
  const want = (algorithm === 'sha256' ? expected.sha256 : expected.gitSha1) ?? '';
  return { ok: actual === want, algorithm, expected: want, actual };
}

/** The byte range of a 206 answer: `bytes 100-199/200` (total may be `*`). */
export function parseContentRange(
  value: string | null,
): { start: number; end: number; total: number | null } | null {
  const match = value?.match(/^bytes (\d+)-(\d+)\/(\d+|\*)$/);
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  const total = match[3] === '*' ? null : Number(match[3]);
  if (end < start || (total !== null && end >= total)) return null;
  return { start, end, total };
}

/** The `rel="next"` URL of a Link header, used by the hub to page long tree listings. */
export function nextLink(value: string | null): string | null {
  if (!value) return null;
  for (const part of value.split(',')) {
    const match = part.match(/<([^>]+)>\s*;\s*rel="?next"?/);
    if (match?.[1]) return match[1];
  }
  return null;
}
