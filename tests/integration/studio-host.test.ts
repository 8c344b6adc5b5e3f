import { DEFAULT_WORKSPACE_LAYOUT } from '../../core/protocol/studio-settings';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../server/backend';
import { testToken } from '../support/room-clients';
import { quietLogger } from '../support/quiet-logger';
import { StudioHost } from '../../main/studio-host';

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'lb-host-'));

describe('StudioHost', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend({ sqliteFile: ':memory:', logger: quietLogger, media: false });
  });
  afterAll(() => backend.close());

  const makeHost = (userDataDir = dataDir(), serverUrl = backend.url) =>
    new StudioHost({
      mode: 'browser',
      serverUrl,
      userDataDir,
      version: '9.9.9',
      logger: quietLogger,
      hostToken: testToken('host'),
    });

  it('answers unknown methods and bad arguments with typed errors and keeps serving', async () => {
    const host = makeHost();
    expect(await host.invoke('shell.exec', ['rm -rf /'])).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(await host.invoke('__proto__', [])).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(await host.invoke('settings.setLanguage', 'en')).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    expect(await host.invoke('settings.setLanguage', [{ toString: 'x' }])).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', issues: [{ path: '0' }] },
    });
    expect(await host.invoke('app.getInfo', [])).toMatchObject({
      ok: true,
      value: { name: 'LiveBridge Studio', version: '9.9.9', mode: 'browser', serverUrl: backend.url },
    });
    host.close();
    host.close(); // closing twice is harmless
    expect(await host.invoke('app.getInfo', [])).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('keeps the language choice across restarts of the host', async () => {
    const dir = dataDir();
    const first = makeHost(dir);
    expect(await first.invoke('settings.setLanguage', ['zh-CN'])).toMatchObject({
      ok: true,
      value: { language: 'zh-CN' },
    });
    first.close();
    const second = makeHost(dir);
    expect(await second.invoke('settings.get', [])).toMatchObject({ ok: true, value: { language: 'zh-CN' } });
    second.close();
  });

  it('starts on defaults from a corrupt settings file and keeps the bad copy', async () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'settings.json'), '{"language": "<script>"');
    const host = makeHost(dir);
    expect(await host.invoke('settings.get', [])).toMatchObject({ ok: true, value: { language: null } });
    const bad = readdirSync(dir).find((f) => f.startsWith('settings.json.bad-'))!;
    expect(readFileSync(path.join(dir, bad), 'utf8')).toContain('<script>');
    await host.invoke('settings.setLanguage', ['en']);
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toMatchObject({
      version: 2,
      language: 'en',
    });
    host.close();
  });

  it('keeps every preference changed at the same moment from different places, keys apart', async () => {
    const dir = dataDir();
    const host = makeHost(dir);
    const danmaku = { hidden: true, opacity: 0.6, speed: 1.5, fontSize: 18 };
    const results = await Promise.all([
      host.invoke('settings.setLanguage', ['zh-CN']),
      host.invoke('captions.setSettings', [{ sourceLang: 'ja', openaiKey: 'sk-secret-123' }]),
      host.invoke('settings.set', [{ captionTargets: ['es', 'ko'] }]),
      host.invoke('captions.setSettings', [{ translator: 'deepl', deeplKey: 'dl-secret-456' }]),
      host.invoke('settings.set', [{ danmaku }]),
      host.invoke('settings.set', [{ hiddenPanels: ['orders'] }]),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    host.close();

    const again = makeHost(dir);
    expect(await again.invoke('settings.get', [])).toEqual({
      ok: true,
      value: {
        language: 'zh-CN',
        captionTargets: ['es', 'ko'],
        danmaku,
        hiddenPanels: ['orders'],
        workspace: DEFAULT_WORKSPACE_LAYOUT,
        orientation: 'landscape',
        homeMarket: null,
      },
    });
    expect(await again.invoke('captions.getSettings', [])).toMatchObject({
      ok: true,
      value: { sourceLang: 'ja', translator: 'deepl', openaiKeySet: true, deeplKeySet: true },
    });
    const settingsText = readFileSync(path.join(dir, 'settings.json'), 'utf8');
    expect(settingsText).not.toContain('secret');
    expect(statSync(path.join(dir, 'caption-keys.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, 'caption-keys.json'), 'utf8')).toContain('sk-secret-123');
    // A preference the schema does not know is refused, not stored.
    expect(await again.invoke('settings.set', [{ theme: 'dark' }])).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    again.close();
  });

  it('reports the backend connected with a latency, and disconnected when it is unreachable', async () => {
    const host = makeHost();
    await expect
      .poll(
        async () =>
          ((await host.invoke('backend.getStatus', [])) as { value: { state: string } }).value.state,
      )
      .toBe('connected');
    const status = (await host.invoke('backend.getStatus', [])) as { value: { latencyMs: number | null } };
    expect(status.value.latencyMs).toBeGreaterThanOrEqual(0);
    host.close();

    const orphan = makeHost(dataDir(), 'http://127.0.0.1:9');
    await new Promise((r) => setTimeout(r, 300));
    const down = (await orphan.invoke('backend.getStatus', [])) as {
      value: { state: string; lastError: string };
    };
    expect(down.value.state).not.toBe('connected');
    orphan.close();
  });
});
