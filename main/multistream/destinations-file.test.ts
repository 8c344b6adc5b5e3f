import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { quietLogger } from '../../tests/support/quiet-logger';
import { StudioError } from '../../core/protocol/result';
import { DestinationsFile } from './destinations-file';

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'lb-dest-'));
const modeOf = (file: string) => statSync(file).mode & 0o777;
const YT = 'rtmp://a.rtmp.youtube.com/live2';
const TT = 'rtmp://push-rtmp-l11-sg01.tiktokcdn.com/game';

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { log, lines };
}

function errorOf(fn: () => unknown): StudioError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StudioError) return error;
    throw error;
  }
  throw new Error('expected a StudioError');
}

const onWindows = process.platform === 'win32';
if (onWindows) console.warn('[DestinationsFile] skipped: Windows has no POSIX file modes (the 0600 checks)');

describe.skipIf(onWindows)('DestinationsFile', () => {
  it('writes the destinations readable by the user only (0600), whatever the umask', () => {
    const dir = dataDir();
    const file = new DestinationsFile(dir, quietLogger);
    const umask = process.umask(0);
    try {
      file.save({ name: 'YouTube', url: YT, key: ' yt-key-1 ', enabled: true });
    } finally {
      process.umask(umask);
    }
    expect(modeOf(file.file)).toBe(0o600);
    const stored = JSON.parse(readFileSync(file.file, 'utf8'));
    expect(stored.destinations[0]).toMatchObject({
      name: 'YouTube',
      url: YT,
      key: 'yt-key-1',
      enabled: true,
    });
  });

  it('never lists a key, only whether one is set, with the platform of the URL', () => {
    const dir = dataDir();
    const file = new DestinationsFile(dir, quietLogger);
    const yt = file.save({ name: 'YouTube', url: YT, key: 'yt-secret-key', enabled: true });
    file.save({ name: 'TikTok', url: TT, enabled: false });
    expect(yt).toEqual({
      id: yt.id,
      name: 'YouTube',
      url: YT,
      keySet: true,
      enabled: true,
      platform: 'youtube',
    });
    const listed = new DestinationsFile(dir, quietLogger).list();
    expect(listed.map((d) => [d.name, d.platform, d.keySet, d.enabled])).toEqual([
      ['YouTube', 'youtube', true, true],
      ['TikTok', 'tiktok', false, false],
    ]);
    expect(JSON.stringify(listed)).not.toContain('yt-secret-key');
    expect(listed.every((d) => !('key' in d))).toBe(true);
  });

  it("keeps the key when none is given, replaces it when one is, forgets it on ''", () => {
    const file = new DestinationsFile(dataDir(), quietLogger);
    const d = file.save({ name: 'Twitch', url: 'rtmp://live.twitch.tv/app', key: 'k1', enabled: false });
    file.save({ id: d.id, name: 'Twitch main', url: 'rtmp://live.twitch.tv/app', enabled: true });
    expect(file.enabledWithKeys()).toEqual([
      { id: d.id, name: 'Twitch main', url: 'rtmp://live.twitch.tv/app', key: 'k1' },
    ]);
    file.save({ id: d.id, name: 'Twitch main', url: 'rtmp://live.twitch.tv/app', key: 'k2', enabled: true });
    expect(file.enabledWithKeys()[0]?.key).toBe('k2');
    const forgot = file.save({
      id: d.id,
      name: 'Twitch main',
      url: 'rtmp://live.twitch.tv/app',
      key: '',
      enabled: false,
    });
    expect(forgot.keySet).toBe(false);
    expect(readFileSync(file.file, 'utf8')).not.toContain('k2');
  });

  it('refuses a destination that is on without a key, and a ninth one', () => {
    const file = new DestinationsFile(dataDir(), quietLogger);
    const noKey = errorOf(() => file.save({ name: 'YT', url: YT, enabled: true }));
    expect(noKey.code).toBe('invalid_argument');
    expect(noKey.issues[0]?.path).toBe('key');
    const d = file.save({ name: 'YT', url: YT, key: 'k', enabled: true });
    const forgetWhileOn = errorOf(() => file.save({ id: d.id, name: 'YT', url: YT, key: '', enabled: true }));
    expect(forgetWhileOn.issues[0]?.path).toBe('key');
    for (let i = 1; i < 8; i++)
      file.save({ name: `D${i}`, url: `rtmp://127.0.0.1:${1935 + i}/live`, enabled: false });
    expect(errorOf(() => file.save({ name: 'D9', url: YT, enabled: false })).code).toBe('capacity');
    expect(file.list()).toHaveLength(8);
    expect(errorOf(() => file.remove('nope')).code).toBe('not_found');
    file.remove(d.id);
    expect(file.list().map((x) => x.name)).not.toContain('YT');
  });

  it('starts empty with a warning from a file that is not valid, keeping it aside', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'destinations.json'), '{ not json', { mode: 0o600 });
    const { log, lines } = capturingLogger();
    const file = new DestinationsFile(dir, log);
    expect(file.list()).toEqual([]);
    expect(lines.some((l) => l.level === 40 && /not valid/.test(l.msg))).toBe(true);
    expect(readdirSync(dir).some((n) => n.startsWith('destinations.json.bad-'))).toBe(true);
    // and the log never carries a key
    expect(JSON.stringify(lines)).not.toContain('key-');
  });

  it('makes a destinations file others can read private again', () => {
    const dir = dataDir();
    const target = path.join(dir, 'destinations.json');
    writeFileSync(
      target,
      JSON.stringify({ destinations: [{ id: 'a', name: 'YT', url: YT, key: 'key-x', enabled: true }] }),
    );
    chmodSync(target, 0o644);
    const { log, lines } = capturingLogger();
    const file = new DestinationsFile(dir, log);
    expect(modeOf(target)).toBe(0o600);
    expect(file.list()[0]?.keySet).toBe(true);
    expect(lines.some((l) => l.level === 40)).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('key-x');
  });
});
