import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPTION_SETTINGS } from '../../core/protocol/captions';
import { StudioError } from '../../core/protocol/result';
import { DEFAULT_DANMAKU_PREFS, DEFAULT_WORKSPACE_LAYOUT } from '../../core/protocol/studio-settings';
import { quietLogger } from '../../tests/support/quiet-logger';
import { SettingsFileError } from './settings-file';
import { SettingsStore } from './settings-store';

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'lb-settings-'));
const write = (dir: string, name: string, value: unknown) =>
  writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
const readJson = (dir: string, name: string) =>
  JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown;
const kept = (dir: string, prefix: string) => readdirSync(dir).filter((f) => f.startsWith(prefix));

describe('SettingsStore', () => {
  it('imports a v1 install (settings.json + captions.json) once, and retires captions.json', () => {
    const dir = dataDir();
    write(dir, 'settings.json', { language: 'zh-CN' });
    // What v1 wrote: its captions.json carried the key flags too (they are the keys file's business now).
    write(dir, 'captions.json', {
      ...DEFAULT_CAPTION_SETTINGS,
      recognizer: 'cloud',
      sourceLang: 'en',
      asrModel: 'whisper-small',
      openaiKeySet: true,
    });
    const store = new SettingsStore(dir, quietLogger);
    expect(store.loadError).toBeNull();
    expect(store.get()).toEqual({
      language: 'zh-CN',
      captionTargets: [],
      danmaku: DEFAULT_DANMAKU_PREFS,
      hiddenPanels: [],
      workspace: DEFAULT_WORKSPACE_LAYOUT,
      orientation: 'landscape',
      homeMarket: null,
    });
    expect(store.captions()).toMatchObject({
      recognizer: 'cloud',
      sourceLang: 'en',
      asrModel: 'whisper-small',
    });
    expect(store.captions()).not.toHaveProperty('openaiKeySet');

    const onDisk = readJson(dir, 'settings.json') as Record<string, unknown>;
    expect(onDisk).toMatchObject({ version: 2, language: 'zh-CN', captions: { recognizer: 'cloud' } });
    expect(existsSync(path.join(dir, 'captions.json'))).toBe(false);
    expect(existsSync(path.join(dir, 'captions.json.imported'))).toBe(true);

    // The next start reads settings.json alone: a captions.json written later (by an old version) is ignored.
    write(dir, 'captions.json', { ...DEFAULT_CAPTION_SETTINGS, sourceLang: 'ja' });
    const again = new SettingsStore(dir, quietLogger);
    expect(again.captions().sourceLang).toBe('en');
    expect(again.get().language).toBe('zh-CN');
  });

  it('starts a fresh install on defaults and writes the current version', () => {
    const dir = dataDir();
    const store = new SettingsStore(dir, quietLogger);
    expect(store.loadError).toBeNull();
    expect(store.get()).toEqual({
      language: null,
      captionTargets: [],
      danmaku: DEFAULT_DANMAKU_PREFS,
      hiddenPanels: [],
      workspace: DEFAULT_WORKSPACE_LAYOUT,
      orientation: 'landscape',
      homeMarket: null,
    });
    expect(readJson(dir, 'settings.json')).toMatchObject({ version: 2, language: null });
  });

  it('falls back to defaults from a file that is not JSON, keeps it aside, and never throws', () => {
    const dir = dataDir();
    write(dir, 'settings.json', '{"language": "<script>"');
    write(dir, 'captions.json', { sourceLang: 'es' });
    const store = new SettingsStore(dir, quietLogger);
    expect(store.loadError).toBeInstanceOf(SettingsFileError);
    expect(store.loadError).toMatchObject({ problem: 'not_json' });
    expect(store.loadError!.message).toContain('settings.json.bad-');
    expect(store.get().language).toBeNull();
    // What was still good elsewhere survives: the old caption settings are imported as on a first run.
    expect(store.captions().sourceLang).toBe('es');
    const [bad] = kept(dir, 'settings.json.bad-');
    expect(readFileSync(path.join(dir, bad!), 'utf8')).toContain('<script>');
    expect(store.update({ language: 'en' }).language).toBe('en');
    expect(readJson(dir, 'settings.json')).toMatchObject({ version: 2, language: 'en' });
  });

  it('replaces only the fields that are invalid, keeps every other preference, and keeps the original', () => {
    const dir = dataDir();
    const original = {
      version: 2,
      language: 'fr-XX',
      captionTargets: ['es', 'ja'],
      danmaku: { hidden: true, opacity: 5, speed: 1.5, fontSize: 32 },
      captions: { ...DEFAULT_CAPTION_SETTINGS, recognizer: 'cloud', asrModel: 'whisper-huge' },
    };
    write(dir, 'settings.json', original);
    const store = new SettingsStore(dir, quietLogger);
    expect(store.loadError).toMatchObject({
      problem: 'invalid_fields',
      fields: ['language', 'danmaku.opacity', 'captions.asrModel'],
    });
    expect(store.get()).toEqual({
      language: null,
      captionTargets: ['es', 'ja'],
      danmaku: { hidden: true, opacity: 1, speed: 1.5, fontSize: 32 },
      hiddenPanels: [],
      workspace: DEFAULT_WORKSPACE_LAYOUT,
      orientation: 'landscape',
      homeMarket: null,
    });
    expect(store.captions()).toMatchObject({ recognizer: 'cloud', asrModel: 'whisper-base' });
    const [bad] = kept(dir, 'settings.json.bad-');
    expect(JSON.parse(readFileSync(path.join(dir, bad!), 'utf8'))).toEqual(original);
    expect(new SettingsStore(dir, quietLogger).loadError).toBeNull(); // the file on disk is valid again
  });

  it('reads a newer version as far as it can and keeps that file aside', () => {
    const dir = dataDir();
    write(dir, 'settings.json', {
      version: 7,
      language: 'en',
      captionTargets: ['ko'],
      layout: { dock: 'left' },
    });
    const store = new SettingsStore(dir, quietLogger);
    expect(store.loadError).toMatchObject({ problem: 'newer_version' });
    expect(store.get()).toMatchObject({ language: 'en', captionTargets: ['ko'] });
    const [copy] = kept(dir, 'settings.json.v7-');
    expect(readJson(dir, copy!)).toMatchObject({ layout: { dock: 'left' } });
  });

  it('keeps every change when changes to different preferences come one after another', () => {
    const dir = dataDir();
    const store = new SettingsStore(dir, quietLogger);
    store.update({ language: 'zh-CN' });
    store.updateCaptions({ sourceLang: 'ko' });
    store.update({ captionTargets: ['en'] });
    store.update({ danmaku: { ...DEFAULT_DANMAKU_PREFS, hidden: true } });
    store.update({ hiddenPanels: ['orders', 'mood'] });
    store.updateCaptions({ translator: 'deepl' });
    const reread = new SettingsStore(dir, quietLogger);
    expect(reread.get()).toEqual({
      language: 'zh-CN',
      captionTargets: ['en'],
      danmaku: { ...DEFAULT_DANMAKU_PREFS, hidden: true },
      hiddenPanels: ['orders', 'mood'],
      workspace: DEFAULT_WORKSPACE_LAYOUT,
      orientation: 'landscape',
      homeMarket: null,
    });
    expect(reread.captions()).toMatchObject({ sourceLang: 'ko', translator: 'deepl' });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('answers a write that fails with a typed error and keeps the settings it had', () => {
    const dir = dataDir();
    const store = new SettingsStore(dir, quietLogger);
    store.update({ language: 'en' });
    // settings.json turned into a folder: the rename over it fails, as a full or read-only disk would.
    rmSync(path.join(dir, 'settings.json'));
    mkdirSync(path.join(dir, 'settings.json', 'x'), { recursive: true });
    let thrown: unknown;
    try {
      store.update({ language: 'zh-CN' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StudioError);
    expect(thrown).toMatchObject({ code: 'unavailable' });
    expect(store.get().language).toBe('en');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
