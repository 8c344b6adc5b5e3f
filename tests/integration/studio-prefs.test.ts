// The studio window's preferences against the host's real settings store: what an earlier version kept in
// the window's localStorage is handed to the host once and removed there; changes made quickly one after
// another all reach settings.json.
import { DEFAULT_WORKSPACE_LAYOUT } from '../../core/protocol/studio-settings';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../core/protocol/result';
import { createStudioApi, type StudioApi } from '../../core/protocol/studio-client';
import { SettingsStore } from '../../main/settings/settings-store';
import { quietLogger } from '../support/quiet-logger';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

/** window.studio's settings methods served by a SettingsStore, as the host serves them. */
function hostApi(store: SettingsStore): { api: StudioApi; sets: unknown[] } {
  const sets: unknown[] = [];
  const api = createStudioApi(
    (async (method: string, args: unknown[]) => {
      if (method === 'settings.get') return ok(store.get());
      if (method === 'settings.set') {
        sets.push(args[0]);
        return ok(store.update(args[0] as never));
      }
      throw new Error(`unexpected ${method}`);
    }) as never,
    () => () => undefined,
  );
  return { api, sets };
}

describe('studio preferences in the renderer', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    vi.resetModules();
    storage = new MemoryStorage();
    vi.stubGlobal('localStorage', storage);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('hands the old localStorage preferences to the host once and removes them here', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-prefs-'));
    const { api, sets } = hostApi(new SettingsStore(dir, quietLogger));
    vi.stubGlobal('window', { studio: api });
    storage.setItem('livebridge.captionTargets', JSON.stringify(['es', 'xx', 'ja']));
    storage.setItem(
      'livebridge.danmaku',
      JSON.stringify({ hidden: true, opacity: 0.5, speed: 1.5, fontSize: 32 }),
    );
    storage.setItem('livebridge.language', 'zh-CN');

    const prefs = await import('../../renderer/studio/studio-prefs');
    await prefs.loadStudioPrefs();
    const expected = {
      language: 'zh-CN',
      captionTargets: ['es', 'ja'],
      danmaku: { hidden: true, opacity: 0.5, speed: 1.5, fontSize: 32 },
      hiddenPanels: [],
      workspace: DEFAULT_WORKSPACE_LAYOUT,
      orientation: 'landscape',
      homeMarket: null,
    };
    expect(prefs.studioPrefs()).toEqual(expected);
    expect(new SettingsStore(dir, quietLogger).get()).toEqual(expected);
    expect(storage.getItem('livebridge.captionTargets')).toBeNull();
    expect(storage.getItem('livebridge.danmaku')).toBeNull();
    // Every page still opens in the chosen language before it hears from the host.
    expect(storage.getItem('livebridge.language')).toBe('zh-CN');

    // The next window has nothing left to import.
    vi.resetModules();
    const next = await import('../../renderer/studio/studio-prefs');
    await next.loadStudioPrefs();
    expect(sets).toHaveLength(1);
    expect(next.studioPrefs()).toEqual(expected);
  });

  it('sends quick changes in order, together while one is on its way, and loses none', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-prefs-'));
    const { api, sets } = hostApi(new SettingsStore(dir, quietLogger));
    vi.stubGlobal('window', { studio: api });
    const prefs = await import('../../renderer/studio/studio-prefs');
    await prefs.loadStudioPrefs();
    expect(sets).toEqual([]); // nothing to import, nothing sent

    for (const opacity of [0.9, 0.8, 0.7, 0.6]) {
      prefs.studioDanmakuPrefs.save({ hidden: false, paused: true, opacity, speed: 1, fontSize: 24 });
    }
    prefs.saveStudioPrefs({ captionTargets: ['ko'] });
    await vi.waitFor(() =>
      expect(new SettingsStore(dir, quietLogger).get()).toMatchObject({
        captionTargets: ['ko'],
        danmaku: { opacity: 0.6 },
      }),
    );
    expect(sets.length).toBeLessThan(5);
    expect(prefs.studioDanmakuPrefs.load()).toMatchObject({ opacity: 0.6, paused: false });
  });
});
