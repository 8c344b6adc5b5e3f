import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseBackend, readSavedBackend, SAVED_BACKEND_FILE } from './backend-choice';

describe('chooseBackend', () => {
  it('runs the embedded backend unless --server, LIVEBRIDGE_SERVER_URL or the setting names one', () => {
    expect(chooseBackend(['/app'], {})).toEqual({ kind: 'embedded' });
    expect(
      chooseBackend(['/app', '--server', 'https://live.example.com/x'], { LIVEBRIDGE_HOST_TOKEN: 'h' }),
    ).toEqual({ kind: 'remote', url: 'https://live.example.com', hostToken: 'h', opsToken: null });
    expect(chooseBackend(['--server=http://10.0.0.2:8787'], {})).toMatchObject({
      url: 'http://10.0.0.2:8787',
    });
    expect(chooseBackend([], { LIVEBRIDGE_SERVER_URL: 'http://127.0.0.1:8787' })).toMatchObject({
      kind: 'remote',
    });
  });

  it('the saved setting brings its own token; the command line wins over it', () => {
    const saved = { server: 'https://saved.example.com', hostToken: 'saved-host' };
    expect(chooseBackend([], {}, saved)).toEqual({
      kind: 'remote',
      url: 'https://saved.example.com',
      hostToken: 'saved-host',
      opsToken: null,
    });
    expect(chooseBackend(['--server', 'https://cli.example.com'], {}, saved)).toEqual({
      kind: 'remote',
      url: 'https://cli.example.com',
      hostToken: null,
      opsToken: null,
    });
    expect(chooseBackend([], {}, { server: null })).toEqual({ kind: 'embedded' });
  });

  it('refuses a server that is not an http(s) URL, and a damaged setting file', () => {
    expect(() => chooseBackend(['--server', 'file:///etc/passwd'], {})).toThrow(/http\(s\) URL/);
    expect(() => chooseBackend(['--server', 'nonsense'], {})).toThrow(/http\(s\) URL/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-choice-'));
    expect(readSavedBackend(dir)).toBeNull();
    writeFileSync(path.join(dir, SAVED_BACKEND_FILE), '{"server": 42}');
    expect(() => readSavedBackend(dir)).toThrow(/backend\.json is not a valid backend setting/);
    writeFileSync(path.join(dir, SAVED_BACKEND_FILE), '{"server": "https://a.example.com"}');
    expect(readSavedBackend(dir)).toEqual({ server: 'https://a.example.com' });
  });
});
