// A hub on 127.0.0.1 for the model store tests, and the fixtures they share. Not a test file itself.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'vitest';
import type { AsrModelEntry, ModelEntry, VadModelEntry } from './model-catalog';
import { ModelStoreError } from './model-store';

// ---- a hub on 127.0.0.1: the tree API, resolve/ (LFS files redirect to a "CDN" path), Range support ----

export interface HubFile {
  path: string;
  data: Buffer;
  lfs: boolean;
}

export interface RequestLog {
  kind: 'tree' | 'resolve' | 'cdn' | 'revision';
  /** The revision asked for: a branch or a commit. */
  revision: string;
  path: string;
  range: string | null;
  status: number;
  bytesSent: number;
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
export const sha1 = (data: Buffer | string) => createHash('sha1').update(data).digest('hex');
export const gitBlobSha1 = (data: Buffer) =>
  createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class FakeHub {
  /** The files at the head of each repo's main branch; setting new ones moves the branch. */
  readonly repos = new Map<string, HubFile[]>();
  /** Every commit the branch was seen at, by `repo@sha` (a test may rewrite one, as a hostile server would). */
  readonly commits = new Map<string, HubFile[]>();
  /** When set, the revision API answers this instead of `{ sha }`. */
  revisionOverride: unknown = undefined;
  readonly requests: RequestLog[] = [];
  /** Per file: bytes to send in the next response before the connection is cut (once). */
  readonly cutOnce = new Map<string, number>();
  /** After a cut, stop listening altogether. */
  goAwayAfterCut = false;
  /** Files served with one byte flipped. */
  readonly corrupt = new Set<string>();
  ignoreRange = false;
  chunkDelayMs = 0;
  /** Per file: bytes to send in the next response before going silent, connection left open (once). */
  readonly stallOnce = new Map<string, number>();
  /** When set, the tree API answers this instead of the real listing. */
  treeOverride: unknown = undefined;
  /** When set, the listing comes in pages of this many entries, linked by `Link: <…>; rel="next"`. */
  treePageSize: number | null = null;
  /** Where the Link header of a paged listing points (default: this server). */
  treeLinkOrigin: string | null = null;
  port = 0;
  private server: Server | null = null;

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  file(repo: string, filePath: string): HubFile {
    const found = this.repos.get(repo)?.find((f) => f.path === filePath);
    if (!found) throw new Error(`no ${repo}/${filePath}`);
    return found;
  }

  fileRequests(filePath: string): RequestLog[] {
    return this.requests
      .filter((r) => r.kind === 'resolve' || r.kind === 'cdn')
      .filter((r) => r.path === filePath && r.status !== 302);
  }

  /** The commit the main branch is at now: a hash of its content, recorded so it can be fetched later. */
  head(repo: string): string {
    const files = this.repos.get(repo) ?? [];
    const sha = sha1(`${repo}\n${files.map((f) => `${f.path} ${sha256(f.data)}`).join('\n')}`);
    if (!this.commits.has(`${repo}@${sha}`)) this.commits.set(`${repo}@${sha}`, [...files]);
    return sha;
  }

  private filesAt(repo: string, revision: string): HubFile[] | undefined {
    if (!this.repos.has(repo)) return undefined;
    return revision === 'main' ? this.repos.get(repo) : this.commits.get(`${repo}@${revision}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub');
    const info = url.pathname.match(/^\/api\/models\/([^/]+)\/([^/]+)\/revision\/([^/]+)$/);
    if (info) {
      const repo = `${info[1]}/${info[2]}`;
      const revision = decodeURIComponent(info[3] ?? '');
      const sha = revision === 'main' && this.repos.has(repo) ? this.head(repo) : revision;
      const found = this.filesAt(repo, sha) !== undefined;
      this.requests.push({
        kind: 'revision',
        revision,
        path: repo,
        range: null,
        status: found ? 200 : 404,
        bytesSent: 0,
      });
      if (!found) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Revision not found"}');
        return;
      }
      const body = this.revisionOverride !== undefined ? this.revisionOverride : { id: repo, sha };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    const tree = url.pathname.match(/^\/api\/models\/([^/]+)\/([^/]+)\/tree\/([^/]+)(?:\/(.*))?$/);
    if (tree) {
      const repo = `${tree[1]}/${tree[2]}`;
      const revision = decodeURIComponent(tree[3] ?? '');
      this.requests.push({ kind: 'tree', revision, path: repo, range: null, status: 200, bytesSent: 0 });
      const files = this.filesAt(repo, revision);
      if (!files) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Repository not found"}');
        return;
      }
      const body = this.treeOverride !== undefined ? this.treeOverride : this.listing(files, tree[4] ?? '');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      let page = body;
      if (this.treePageSize && Array.isArray(body)) {
        const cursor = Number(url.searchParams.get('cursor') ?? 0);
        page = body.slice(cursor, cursor + this.treePageSize);
        if (cursor + this.treePageSize < body.length) {
          const next = new URL(url.pathname, this.treeLinkOrigin ?? this.baseUrl);
          next.searchParams.set('recursive', 'true');
          next.searchParams.set('cursor', String(cursor + this.treePageSize));
          headers.link = `<${next.href}>; rel="next"`;
        }
      }
      res.writeHead(200, headers).end(JSON.stringify(page));
      return;
    }
    const resolve = url.pathname.match(/^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/);
    const cdn = url.pathname.match(/^\/cdn\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/);
    const [owner, name, revision, rest] = resolve
      ? [resolve[1], resolve[2], resolve[3], resolve[4]]
      : cdn
        ? [cdn[2], cdn[3], cdn[1], cdn[4]]
        : [];
    if (!owner || !name || !revision || !rest) {
      res.writeHead(404).end();
      return;
    }
    const repo = `${owner}/${name}`;
    const filePath = decodeURIComponent(rest);
    const file = this.filesAt(repo, decodeURIComponent(revision))?.find((f) => f.path === filePath);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    if (resolve && file.lfs) {
      // Like the hub: LFS files are served from elsewhere, and the client must follow the redirect.
      this.requests.push({
        kind: 'resolve',
        revision,
        path: filePath,
        range: req.headers.range ?? null,
        status: 302,
        bytesSent: 0,
      });
      res.writeHead(302, { location: `/cdn/${revision}/${repo}/${filePath}` }).end();
      return;
    }
    await this.serve(req, res, file, resolve ? 'resolve' : 'cdn', revision);
  }

  private listing(files: HubFile[], folder: string): unknown[] {
    const inFolder = files.filter((f) => folder === '' || f.path.startsWith(`${folder}/`));
    const dirs = new Set(
      inFolder.map((f) => path.posix.dirname(f.path)).filter((d) => d !== '.' && d !== folder),
    );
    return [
      ...[...dirs].map((dir) => ({ type: 'directory', oid: sha1(`tree ${dir}`), size: 0, path: dir })),
      ...inFolder.map((f) => ({
        type: 'file',
        // An LFS file's git oid is that of its pointer file; the content hash is lfs.oid.
        oid: f.lfs ? sha1(`pointer ${f.path}`) : gitBlobSha1(f.data),
        size: f.data.length,
        path: f.path,
        ...(f.lfs ? { lfs: { oid: sha256(f.data), size: f.data.length, pointerSize: 134 } } : {}),
      })),
    ];
  }

  private async serve(
    req: IncomingMessage,
    res: ServerResponse,
    file: HubFile,
    kind: 'resolve' | 'cdn',
    revision: string,
  ) {
    let data = file.data;
    if (this.corrupt.has(file.path)) {
      data = Buffer.from(data);
      const middle = Math.floor(data.length / 2);
      data[middle] = (data[middle] ?? 0) ^ 0xff;
    }
    const total = data.length;
    const range = req.headers.range ?? null;
    const log: RequestLog = { kind, revision, path: file.path, range, status: 200, bytesSent: 0 };
    this.requests.push(log);
    let start = 0;
    const asked = range?.match(/^bytes=(\d+)-$/);
    if (asked && !this.ignoreRange) {
      start = Number(asked[1]);
      if (start >= total) {
        log.status = 416;
        res.writeHead(416, { 'content-range': `bytes */${total}` }).end();
        return;
      }
      log.status = 206;
      res.writeHead(206, {
        'content-length': total - start,
        'content-range': `bytes ${start}-${total - 1}/${total}`,
        'accept-ranges': 'bytes',
      });
    } else {
      res.writeHead(200, { 'content-length': total, 'accept-ranges': 'bytes' });
    }
    const cut = this.cutOnce.get(file.path);
    if (cut !== undefined) this.cutOnce.delete(file.path);
    const stallAt = this.stallOnce.get(file.path);
    if (stallAt !== undefined) this.stallOnce.delete(file.path);
    let offset = start;
    while (offset < total) {
      if (res.destroyed) return;
      let end = Math.min(total, offset + 64 * 1024);
      if (cut !== undefined) end = Math.min(end, start + cut);
      if (stallAt !== undefined) end = Math.min(end, start + stallAt);
      const chunk = data.subarray(offset, end);
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
      log.bytesSent += chunk.length;
      offset = end;
      if (cut !== undefined && log.bytesSent >= cut) {
        await sleep(50); // let what was written reach the client before the connection drops
        res.socket?.destroy();
        if (this.goAwayAfterCut) await this.stop();
        return;
      }
      if (stallAt !== undefined && log.bytesSent >= stallAt) {
        // Go quiet without closing, like a dead proxy; only the client giving up ends this response.
        await new Promise<void>((resolve) => res.once('close', resolve));
        return;
      }
      if (this.chunkDelayMs > 0) await sleep(this.chunkDelayMs);
    }
    res.end();
  }
}

// ---- fixtures ----

export const REPO = 'test-org/tiny-asr';
export const FILES = [
  'config.json',
  'tokenizer.json',
  'onnx/encoder_model.onnx',
  'onnx/decoder_model_merged.onnx',
];

export const TINY_ASR: AsrModelEntry = {
  id: 'tiny-asr',
  kind: 'asr',
  name: 'Tiny ASR (speech recognition)',
  source: 'hub',
  repo: REPO,
  // No commit known: pinned on first download, in models.lock.json.
  revision: null,
  sha256: {},
  files: FILES,
  approxBytes: { fp32: 3_700_000, quantized: 800_000 },
};
export const MISSING_REPO: AsrModelEntry = { ...TINY_ASR, id: 'gone-asr', repo: 'test-org/gone' };
export const VAD: VadModelEntry = {
  id: 'test-vad',
  kind: 'vad',
  name: 'Test VAD (voice activity detection)',
  source: 'bundled',
  packageName: 'fake-vad-package',
  packageDir: 'dist',
  files: ['vad.onnx'],
  approxBytes: { fp32: 1000, quantized: 1000 },
};
export const CATALOG: readonly ModelEntry[] = [TINY_ASR, MISSING_REPO, VAD];

export function repoFiles(): HubFile[] {
  const config = Buffer.from(JSON.stringify({ model_type: 'whisper', d_model: 384, note: 'test fixture' }));
  const tokenizer = Buffer.from(JSON.stringify({ vocab: Array.from({ length: 4000 }, (_, i) => `tok${i}`) }));
  return [
    { path: 'README.md', data: Buffer.from('# tiny\n'), lfs: false },
    { path: 'config.json', data: config, lfs: false },
    { path: 'tokenizer.json', data: tokenizer, lfs: false },
    { path: 'onnx/encoder_model.onnx', data: randomBytes(1_500_000), lfs: true },
    { path: 'onnx/decoder_model_merged.onnx', data: randomBytes(2_000_000), lfs: true },
    { path: 'onnx/encoder_model_quantized.onnx', data: randomBytes(300_000), lfs: true },
    { path: 'onnx/decoder_model_merged_quantized.onnx', data: randomBytes(400_000), lfs: true },
  ];
}

export async function failureOf(promise: Promise<unknown>): Promise<ModelStoreError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ModelStoreError);
    return error as ModelStoreError;
  }
  throw new Error('expected a rejection');
}

export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function listFiles(folder: string): Promise<string[]> {
  if (!existsSync(folder)) return [];
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}
