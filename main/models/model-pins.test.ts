import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManifestFile } from './hub-manifest';
import { commitSha, type AsrModelEntry, type Sha256 } from './model-catalog';
import {
  checkEntryPin,
  commitFromRevisionInfo,
  describePin,
  LOCK_FILE,
  ModelPins,
  pinFiles,
  type ModelPin,
} from './model-pins';

const C1 = commitSha('1111111111111111111111111111111111111111');
const C2 = commitSha('2222222222222222222222222222222222222222');
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const silent = pino({ level: 'silent' });

const ENTRY: AsrModelEntry = {
  id: 'tiny-asr',
  kind: 'asr',
  name: 'Tiny ASR',
  source: 'hub',
  repo: 'test-org/tiny-asr',
  revision: null,
  sha256: {},
  files: ['config.json', 'onnx/encoder_model.onnx'],
  approxBytes: { fp32: 1000, quantized: 1000 },
};
const PINNED: AsrModelEntry = {
  ...ENTRY,
  id: 'pinned-asr',
  revision: C1,
  sha256: { 'config.json': A as Sha256 },
};

const lfs = (p: string, hash: string, size = 10): ManifestFile => ({
  path: p,
  size,
  sha256: hash,
  gitSha1: null,
  verified: false,
});
const git = (p: string, size = 10): ManifestFile => ({
  path: p,
  size,
  sha256: null,
  gitSha1: 'f'.repeat(40),
  verified: false,
});
const pinOf = (files: Record<string, { sha256: string; size: number | null }>): ModelPin => ({
  by: 'lock',
  revision: C1,
  files: new Map(Object.entries(files)),
});

describe('pinFiles', () => {
  it('leaves files alone without a pin, and puts the pinned sha256 on a small git file', () => {
    const files = [lfs('a.onnx', A), git('config.json')];
    expect(pinFiles(files, null)).toEqual({ files, conflicts: [] });
    const { files: pinned, conflicts } = pinFiles(files, pinOf({ 'config.json': { sha256: B, size: 10 } }));
    expect(conflicts).toEqual([]);
    expect(pinned[0]).toBe(files[0]);
    expect(pinned[1]).toMatchObject({ path: 'config.json', sha256: B, gitSha1: 'f'.repeat(40) });
  });

  it('reports a listed sha256 or size that differs from the pin, and keeps the pinned hash', () => {
    const { files, conflicts } = pinFiles(
      [lfs('a.onnx', A), git('config.json', 12)],
      pinOf({ 'a.onnx': { sha256: B, size: null }, 'config.json': { sha256: A, size: 10 } }),
    );
    expect(conflicts).toEqual([
      { path: 'a.onnx', what: 'sha256', pinned: B, listed: A },
      { path: 'config.json', what: 'size', pinned: '10', listed: '12' },
    ]);
    expect(files.map((f) => f.sha256)).toEqual([B, A]);
  });
});

describe('pin checks', () => {
  it('reads the commit from the revision API, and nothing else', () => {
    expect(commitFromRevisionInfo({ id: 'x/y', sha: C2 })).toBe(C2);
    expect(commitFromRevisionInfo({ sha: 'main' })).toBeNull();
    expect(commitFromRevisionInfo({ sha: 'A'.repeat(40) })).toBeNull();
    expect(commitFromRevisionInfo(null)).toBeNull();
    expect(commitFromRevisionInfo([C2])).toBeNull();
  });

  it('accepts a commit or no revision, and refuses branches, stray hashes and the lock file name', () => {
    expect(() => checkEntryPin(ENTRY)).not.toThrow();
    expect(() => checkEntryPin(PINNED)).not.toThrow();
    const branch = { ...ENTRY, revision: 'main' } as unknown as AsrModelEntry;
    expect(() => checkEntryPin(branch)).toThrow(/40-hex commit, not "main"/);
    expect(() => checkEntryPin({ ...ENTRY, sha256: { 'config.json': A as Sha256 } })).toThrow(
      /without the commit/,
    );
    expect(() => checkEntryPin({ ...PINNED, sha256: { 'config.json': 'zz' as Sha256 } })).toThrow(
      /bad pinned/,
    );
    expect(() => checkEntryPin({ ...PINNED, sha256: { '../x': A as Sha256 } })).toThrow(/bad pinned/);
    expect(() => checkEntryPin({ ...ENTRY, id: LOCK_FILE })).toThrow(/lock file/);
    expect(describePin({ by: 'catalog', revision: C1 })).toBe('pinned by the catalog to commit 111111111111');
  });
});

describe('ModelPins', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'model-pins-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function folderWith(files: Record<string, string>): Promise<string> {
    const folder = path.join(dir, 'tiny-asr');
    for (const [p, data] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(folder, p)), { recursive: true });
      await writeFile(path.join(folder, p), data);
    }
    return folder;
  }

  it('has no pin for an unpinned entry until a download is recorded, then the lock pins it', async () => {
    const pins = new ModelPins(dir, silent);
    expect(await pins.pinFor(ENTRY)).toBeNull();
    const folder = await folderWith({ 'config.json': '{"a":1}' });
    await pins.record(ENTRY, C1, folder, [git('config.json', 7), lfs('onnx/encoder_model.onnx', A, 99)]);

    const pin = await new ModelPins(dir, silent).pinFor(ENTRY);
    expect(pin?.by).toBe('lock');
    expect(pin?.revision).toBe(C1);
    // The small file was hashed from disk; the LFS one keeps the hash it was verified against.
    expect(Object.fromEntries(pin?.files ?? [])).toEqual({
      'config.json': { size: 7, sha256: sha256('{"a":1}') },
      'onnx/encoder_model.onnx': { size: 99, sha256: A },
    });
    expect(pins.status(ENTRY)).toEqual({ by: 'lock', revision: C1 });
  });

  it('adds files recorded later at the same commit, and starts over when the commit changes', async () => {
    const pins = new ModelPins(dir, silent);
    const folder = await folderWith({});
    await pins.record(ENTRY, C1, folder, [lfs('onnx/encoder_model.onnx', A)]);
    await pins.record(ENTRY, C1, folder, [lfs('onnx/encoder_model_quantized.onnx', B)]);
    expect([...((await pins.pinFor(ENTRY))?.files.keys() ?? [])].sort()).toEqual([
      'onnx/encoder_model.onnx',
      'onnx/encoder_model_quantized.onnx',
    ]);
    await pins.record(ENTRY, C2, folder, [lfs('onnx/encoder_model.onnx', B)]);
    const pin = await pins.pinFor(ENTRY);
    expect(pin?.revision).toBe(C2);
    expect([...(pin?.files.keys() ?? [])]).toEqual(['onnx/encoder_model.onnx']);
    await expect(pins.record(ENTRY, 'main', folder, [])).rejects.toThrow(/not a commit/);
  });

  it('pins a catalog entry to the catalog commit, with lock hashes of that commit under the catalog ones', async () => {
    const pins = new ModelPins(dir, silent);
    expect((await pins.pinFor(PINNED))?.files.get('config.json')).toEqual({ sha256: A, size: null });
    const folder = await folderWith({});
    await pins.record(PINNED, C1, folder, [lfs('config.json', A, 5), lfs('onnx/encoder_model.onnx', B, 50)]);
    const pin = await pins.pinFor(PINNED);
    expect(pin?.by).toBe('catalog');
    expect(Object.fromEntries(pin?.files ?? [])).toEqual({
      'config.json': { sha256: A, size: 5 },
      'onnx/encoder_model.onnx': { sha256: B, size: 50 },
    });
    // A lock entry left from another commit (the catalog moved on) does not apply.
    await pins.record(PINNED, C2, folder, [lfs('onnx/encoder_model.onnx', A)]);
    expect(Object.fromEntries((await pins.pinFor(PINNED))?.files ?? [])).toEqual({
      'config.json': { sha256: A, size: null },
    });
  });

  it('moves an unreadable lock file aside instead of overwriting it', async () => {
    await writeFile(path.join(dir, LOCK_FILE), '{ not json');
    const pins = new ModelPins(dir, silent);
    expect(await pins.pinFor(ENTRY)).toBeNull();
    const names = await readdir(dir);
    expect(names.filter((n) => n.startsWith(`${LOCK_FILE}.unreadable-`))).toHaveLength(1);
    await pins.record(ENTRY, C1, dir, [lfs('onnx/encoder_model.onnx', A)]);
    const lock = JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8')) as { version: number };
    expect(lock.version).toBe(1);
  });
});
