// window.studio's multistream methods through the host's one entry point: arguments are validated with the
// contract's schemas and bad input comes back as a typed error, never as a throw.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quietLogger } from '../../tests/support/quiet-logger';
import { StudioHost } from '../studio-host';

const host = new StudioHost({
  mode: 'browser',
  serverUrl: 'http://127.0.0.1:9',
  userDataDir: mkdtempSync(path.join(os.tmpdir(), 'lb-ms-api-')),
  version: '0.0.0',
  logger: quietLogger,
});
afterAll(() => host.close());

describe('window.studio multistream methods', () => {
  it('refuses a URL that is not rtmp:// or rtmps:// with a typed invalid_argument naming the field', async () => {
    const r = await host.invoke('multistream.save', [
      { name: 'YouTube', url: 'https://a.rtmp.youtube.com/live2', key: 'k', enabled: true },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_argument');
    expect(r.error.issues?.map((i) => i.path)).toEqual(['0.url']);
    expect(await host.invoke('multistream.list', [])).toEqual({ ok: true, value: [] });
  });

  it('refuses unknown fields (a page cannot smuggle a key into list) and saves a good one', async () => {
    const extra = await host.invoke('multistream.save', [
      { name: 'X', url: 'rtmps://live-api-s.facebook.com:443/rtmp/', enabled: false, keySet: true },
    ]);
    expect(extra.ok).toBe(false);
    const saved = await host.invoke('multistream.save', [
      { name: 'Facebook', url: 'rtmps://live-api-s.facebook.com:443/rtmp/', key: 'FB-secret', enabled: true },
    ]);
    expect(saved).toMatchObject({
      ok: true,
      value: { name: 'Facebook', platform: 'facebook', keySet: true },
    });
    expect(JSON.stringify(await host.invoke('multistream.list', []))).not.toContain('FB-secret');
  });

  it('answers start with a typed error while the backend is away, and start needs a host key', async () => {
    const bad = await host.invoke('multistream.start', [{ roomId: 'r1', hostKey: 'short' }]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const away = await host.invoke('multistream.start', [{ roomId: 'r1', hostKey: 'k'.repeat(32) }]);
    expect(away).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
