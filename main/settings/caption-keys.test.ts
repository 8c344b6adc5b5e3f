import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quietLogger } from '../../tests/support/quiet-logger';
import { CaptionKeysFile } from './caption-keys';

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'lb-keys-'));
const modeOf = (file: string) => statSync(file).mode & 0o777;

const onWindows = process.platform === 'win32';
if (onWindows) console.warn('[CaptionKeysFile] skipped: Windows has no POSIX file modes (the 0600 checks)');

describe.skipIf(onWindows)('CaptionKeysFile', () => {
  it('writes the keys readable by the user only (0600), whatever the umask', () => {
    const dir = dataDir();
    const keys = new CaptionKeysFile(dir, quietLogger);
    const umask = process.umask(0);
    try {
      keys.update({ openaiKey: ' sk-test-1 ' });
    } finally {
      process.umask(umask);
    }
    expect(modeOf(keys.file)).toBe(0o600);
    expect(JSON.parse(readFileSync(keys.file, 'utf8'))).toEqual({ openaiKey: 'sk-test-1' });
    keys.update({ deeplKey: 'dl-1' });
    expect(modeOf(keys.file)).toBe(0o600);
    expect(new CaptionKeysFile(dir, quietLogger).get()).toEqual({ openaiKey: 'sk-test-1', deeplKey: 'dl-1' });
  });

  it('forgets a key given as empty and leaves the other', () => {
    const keys = new CaptionKeysFile(dataDir(), quietLogger);
    keys.update({ openaiKey: 'sk-a', deeplKey: 'dl-a' });
    expect(keys.update({ openaiKey: '' })).toEqual({ deeplKey: 'dl-a' });
  });

  it('makes a keys file that others could read private again when it loads it', () => {
    const dir = dataDir();
    const file = path.join(dir, 'caption-keys.json');
    writeFileSync(file, JSON.stringify({ deeplKey: 'dl-old' }));
    chmodSync(file, 0o644);
    expect(new CaptionKeysFile(dir, quietLogger).get()).toEqual({ deeplKey: 'dl-old' });
    expect(modeOf(file)).toBe(0o600);
  });

  it('starts without keys from a corrupt file and keeps it aside, still private', () => {
    const dir = dataDir();
    const file = path.join(dir, 'caption-keys.json');
    writeFileSync(file, '{"openaiKey": "sk-', { mode: 0o600 });
    expect(new CaptionKeysFile(dir, quietLogger).get()).toEqual({});
    const [bad] = readdirSync(dir).filter((f) => f.startsWith('caption-keys.json.bad-'));
    expect(modeOf(path.join(dir, bad!))).toBe(0o600);
  });
});
