// The model store's pinning against a fake hub whose branch moves and whose commits can be rewritten.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CATALOG,
  failureOf,
  FakeHub,
  FILES,
  listFiles,
  REPO,
  repoFiles,
  sha256,
  TINY_ASR,
} from './fake-hub.test-helper';
import { commitSha, type AsrModelEntry } from './model-catalog';
import { LOCK_FILE } from './model-pins';
import { ModelStore, type ModelStoreOptions } from './model-store';

let hub: FakeHub;
let root: string;
let storeDir: string;
let stores: ModelStore[];

const hashOnDisk = async (file: string) => sha256(await readFile(file));

function makeStore(extra: Partial<ModelStoreOptions> = {}): ModelStore {
  const store = new ModelStore({
    dir: storeDir,
    baseUrl: hub.baseUrl,
    catalog: CATALOG,
    logger: pino({ level: 'silent' }),
    retries: 1,
    retryDelayMs: 10,
    ...extra,
  });
  stores.push(store);
  return store;
}

beforeEach(async () => {
  hub = new FakeHub();
  hub.repos.set(REPO, repoFiles());
  await hub.start();
  root = await mkdtemp(path.join(os.tmpdir(), 'model-pins-store-'));
  storeDir = path.join(root, 'models');
  stores = [];
});

afterEach(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await hub.stop();
  await rm(root, { recursive: true, force: true });
});

describe('ModelStore pinning', () => {
  const ENCODER = 'onnx/encoder_model.onnx';
  const readLock = async () =>
    JSON.parse(await readFile(path.join(storeDir, LOCK_FILE), 'utf8')) as {
      models: Record<string, { repo: string; revision: string; files: Record<string, { sha256: string }> }>;
    };
  /** A catalog entry pinned to the commit the fake hub's branch is at now, with the given hashes. */
  const pinnedEntry = (sha256: Record<string, string>): AsrModelEntry => ({
    ...TINY_ASR,
    id: 'pinned-asr',
    revision: commitSha(hub.head(REPO)),
    sha256: sha256 as AsrModelEntry['sha256'],
  });

  it('pins an unpinned model on its first download: the commit and every file sha256 go to the lock', async () => {
    const store = makeStore();
    expect((await store.status('tiny-asr')).pin).toBeNull();
    await store.ensure('tiny-asr');

    const commit = hub.head(REPO);
    const locked = (await readLock()).models['tiny-asr'];
    expect(locked).toMatchObject({ repo: REPO, revision: commit });
    for (const p of FILES) expect(locked?.files[p]?.sha256).toBe(sha256(hub.file(REPO, p).data));
    // The branch was resolved once; the listing and every file were then taken at the commit.
    expect(hub.requests.filter((r) => r.kind === 'revision').map((r) => r.revision)).toEqual(['main']);
    const rest = hub.requests.filter((r) => r.kind !== 'revision');
    expect(rest.length).toBeGreaterThan(FILES.length);
    expect(rest.every((r) => r.revision === commit)).toBe(true);
    expect((await store.status('tiny-asr')).pin).toEqual({ by: 'lock', revision: commit });
  });

  it('keeps to the pinned commit after the branch moved to other bytes', async () => {
    const store = makeStore();
    const folder = await store.ensure('tiny-asr');
    const commit = hub.head(REPO);
    const before = await hashOnDisk(path.join(folder, ENCODER));

    hub.repos.set(REPO, repoFiles()); // new weights on main
    expect(hub.head(REPO)).not.toBe(commit);
    await store.remove('tiny-asr');
    expect((await store.status('tiny-asr')).pin).toEqual({ by: 'lock', revision: commit });
    hub.requests.length = 0;

    // A re-download, and a repair by a store started later, both fetch the pinned commit's bytes.
    expect(await store.ensure('tiny-asr')).toBe(folder);
    expect(await hashOnDisk(path.join(folder, ENCODER))).toBe(before);
    expect(await hashOnDisk(path.join(folder, ENCODER))).not.toBe(sha256(hub.file(REPO, ENCODER).data));
    await writeFile(path.join(folder, ENCODER), 'damaged');
    await makeStore().ensure('tiny-asr', { verify: true });
    expect(await hashOnDisk(path.join(folder, ENCODER))).toBe(before);
    expect(hub.requests.some((r) => r.kind === 'revision')).toBe(false);
    expect(hub.requests.every((r) => r.revision === commit)).toBe(true);
    expect((await readLock()).models['tiny-asr']?.revision).toBe(commit);
  });

  it('finishes an interrupted first download on the commit it started on, though the branch moved', async () => {
    hub.chunkDelayMs = 10;
    const store = makeStore();
    const controller = new AbortController();
    store.onProgress((event) => {
      if (event.downloadedBytes > 1_000_000) controller.abort();
    });
    expect((await failureOf(store.ensure('tiny-asr', { signal: controller.signal }))).code).toBe('aborted');
    const commit = hub.head(REPO);
    const original = sha256(hub.file(REPO, ENCODER).data);
    expect(existsSync(path.join(storeDir, LOCK_FILE))).toBe(false);

    hub.chunkDelayMs = 0;
    hub.repos.set(REPO, repoFiles());
    const folder = await store.ensure('tiny-asr');
    expect(await hashOnDisk(path.join(folder, ENCODER))).toBe(original);
    expect(hub.requests.filter((r) => r.kind === 'revision')).toHaveLength(1);
    expect((await readLock()).models['tiny-asr']?.revision).toBe(commit);
  });

  it('refuses a pinned commit whose listing changed, with a typed error and no file left', async () => {
    const store = makeStore();
    const folder = await store.ensure('tiny-asr');
    const commit = hub.head(REPO);
    await store.remove('tiny-asr');

    // The server rewrites the pinned commit: other weights under the same commit id.
    const rewritten = (hub.commits.get(`${REPO}@${commit}`) ?? []).map((f) =>
      f.path === ENCODER ? { ...f, data: randomBytes(f.data.length) } : f,
    );
    hub.commits.set(`${REPO}@${commit}`, rewritten);
    hub.requests.length = 0;
    const error = await failureOf(store.ensure('tiny-asr'));
    expect(error).toMatchObject({ code: 'checksum', file: ENCODER, modelId: 'tiny-asr' });
    expect(error.message).toContain(`pinned by ${LOCK_FILE} to commit ${commit.slice(0, 12)}`);
    expect(hub.fileRequests(ENCODER)).toEqual([]);
    expect(existsSync(path.join(folder, ENCODER))).toBe(false);
    expect(existsSync(path.join(folder, `${ENCODER}.part`))).toBe(false);
    expect((await store.status('tiny-asr')).state).toBe('error');
  });

  it('refuses bytes that differ from the lock even where the listing agrees (small git files included)', async () => {
    const store = makeStore();
    const folder = await store.ensure('tiny-asr');
    const commit = hub.head(REPO);
    await store.remove('tiny-asr');

    // config.json rewritten at the pinned commit, same size: its git sha1 in the listing changes with it,
    // but the lock's sha256 is what the download is checked against.
    const files = hub.commits.get(`${REPO}@${commit}`) ?? [];
    const config = files.find((f) => f.path === 'config.json')!;
    const forged = Buffer.from(config.data.toString().replace('test fixture', 'test fixturE'));
    expect(forged.length).toBe(config.data.length);
    hub.commits.set(
      `${REPO}@${commit}`,
      files.map((f) => (f === config ? { ...f, data: forged } : f)),
    );
    const error = await failureOf(store.ensure('tiny-asr'));
    expect(error).toMatchObject({ code: 'checksum', file: 'config.json' });
    expect(error.message).toMatch(/sha256 does not match the one pinned by models\.lock\.json/);
    expect(existsSync(path.join(folder, 'config.json'))).toBe(false);
    expect(existsSync(path.join(folder, 'config.json.part'))).toBe(false);
  });

  it('downloads a catalog-pinned model at its commit without asking for the branch', async () => {
    const entry = pinnedEntry({ [ENCODER]: sha256(hub.file(REPO, ENCODER).data) });
    hub.repos.set(REPO, repoFiles()); // main moved on since the catalog was written
    const store = makeStore({ catalog: [entry] });
    expect((await store.status('pinned-asr')).pin).toEqual({ by: 'catalog', revision: entry.revision });

    const folder = await store.ensure('pinned-asr');
    expect(await hashOnDisk(path.join(folder, ENCODER))).toBe(entry.sha256[ENCODER]);
    expect(hub.requests.some((r) => r.kind === 'revision')).toBe(false);
    expect(hub.requests.every((r) => r.revision === entry.revision)).toBe(true);
    expect((await readLock()).models['pinned-asr']?.revision).toBe(entry.revision);
  });

  it('refuses a catalog-pinned model whose files do not have the catalog hashes', async () => {
    const wrongLfs = pinnedEntry({ [ENCODER]: 'e'.repeat(64) });
    const store = makeStore({ catalog: [wrongLfs] });
    const error = await failureOf(store.ensure('pinned-asr'));
    expect(error).toMatchObject({ code: 'checksum', file: ENCODER });
    expect(error.message).toContain('pinned by the catalog');
    expect(hub.fileRequests(ENCODER)).toEqual([]);

    // A small git file is checked by the catalog's sha256 once downloaded, and deleted on a mismatch.
    const wrongGit = { ...pinnedEntry({ 'config.json': 'c'.repeat(64) }), id: 'pinned-git' };
    const other = makeStore({ catalog: [wrongGit] });
    const second = await failureOf(other.ensure('pinned-git'));
    expect(second).toMatchObject({ code: 'checksum', file: 'config.json' });
    expect(await listFiles(path.join(storeDir, 'pinned-git'))).toEqual(['manifest.json']);
    expect(existsSync(path.join(storeDir, LOCK_FILE))).toBe(false);
  });

  it('refuses a branch name as a catalog revision, and revision info without a commit', async () => {
    const branch = { ...TINY_ASR, revision: 'main' } as unknown as AsrModelEntry;
    expect(() => makeStore({ catalog: [branch] })).toThrow(/40-hex commit/);

    hub.revisionOverride = { id: REPO };
    const error = await failureOf(makeStore().ensure('tiny-asr'));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('names no commit');
  });
});
