// The studio's services root against a window.studio that records what it is asked: one initial ask per
// host state and then only pushes (no poller), pushes validated before use, keys that work with every
// panel hidden, and one close() that undoes all of it.
import i18next from 'i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_CAPTION_SETTINGS,
  type CaptionsStatus,
  type ModelStatus,
} from '../../../core/protocol/captions';
import { ok } from '../../../core/protocol/result';
import type { StudioEvent } from '../../../core/protocol/studio-api';
import { createStudioApi } from '../../../core/protocol/studio-client';
import { resources } from '../../shared/studio-locales';
import { useStudioStore } from '../../stores/studio-store';
import type { KeyPress } from '../commands/keybindings';
import { COMMAND, panelCommand } from '../commands/studio-commands';
import { STUDIO_PANELS } from '../panels/studio-panels';
import { createStudioServices, type StudioServices } from './studio-services';

const INFO = {
  name: 'LiveBridge Studio',
  version: 't',
  mode: 'browser' as const,
  platform: 'test',
  serverUrl: 'http://127.0.0.1:9',
  hostToken: 'host-token',
};
const BACKEND = { url: 'http://127.0.0.1:9', state: 'connected' as const, latencyMs: 2, lastError: null };
const OUTBOX = { online: true, queued: 0, lastError: null, lastRejected: null };
const model = (state: ModelStatus['state']): ModelStatus => ({
  id: 'whisper-base',
  kind: 'asr',
  name: 'Whisper base',
  state,
  bytes: 100,
  downloadedBytes: state === 'ready' ? 100 : 40,
  error: null,
  required: true,
});
const CAPTIONS: CaptionsStatus = {
  state: 'idle',
  error: null,
  roomId: null,
  sourceLang: 'en',
  targets: [],
  lanes: [],
  lagP50Ms: null,
  lagP95Ms: null,
  rtf: null,
  speaking: false,
  models: [model('downloading')],
};

/** A window.studio whose answers are canned and whose pushes the test sends. */
function fakeStudio() {
  const calls: string[] = [];
  const listeners = new Map<StudioEvent, Set<(payload: unknown) => void>>();
  const disposed: StudioEvent[] = [];
  const answers: Record<string, unknown> = {
    'app.getInfo': INFO,
    'settings.get': { language: null },
    'backend.getStatus': BACKEND,
    'outbox.getStatus': OUTBOX,
    'captions.getStatus': CAPTIONS,
    'captions.getSettings': { ...DEFAULT_CAPTION_SETTINGS, sourceLang: 'en' },
    'translate.comments': [],
    'ops.dashboardLink': { url: 'http://127.0.0.1:9/dashboard?token=ops-token' },
    'replay.link': { url: 'http://127.0.0.1:9/replay?token=host-token' },
    'multistream.list': [],
    'updates.getStatus': { state: 'unsupported' },
  };
  const api = createStudioApi(
    (async (method: string) => {
      calls.push(method);
      return ok(answers[method] ?? null);
    }) as never,
    (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
        disposed.push(event);
      };
    },
  );
  const push = (event: StudioEvent, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  const subscribed = () => [...listeners].filter(([, set]) => set.size > 0).map(([event]) => event);
  return { api, calls, push, subscribed, disposed };
}

function fakeWindow() {
  const listeners = new Set<(e: KeyPress) => void>();
  return {
    addEventListener: (_type: 'keydown', l: (e: KeyPress) => void) => listeners.add(l),
    removeEventListener: (_type: 'keydown', l: (e: KeyPress) => void) => listeners.delete(l),
    press(init: Partial<KeyPress> & { key: string }) {
      const e = { code: '', ctrlKey: false, metaKey: false, altKey: false, target: null, ...init };
      listeners.forEach((l) => l({ ...e, preventDefault: () => undefined }));
    },
  };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

describe('studio services root', () => {
  const initialStore = useStudioStore.getState();
  let studio: ReturnType<typeof fakeStudio>;
  let keys: ReturnType<typeof fakeWindow>;
  let services: StudioServices;

  beforeAll(async () => {
    await i18next.init({
      resources,
      lng: 'en',
      ns: Object.keys(resources.en ?? {}),
      defaultNS: 'common',
      interpolation: { escapeValue: false },
    });
  });
  beforeEach(() => {
    vi.useFakeTimers();
    studio = fakeStudio();
    keys = fakeWindow();
    // The captions session reaches window.studio itself; the live session makes a MediaStream.
    vi.stubGlobal('window', { studio: studio.api });
    vi.stubGlobal(
      'MediaStream',
      class {
        getVideoTracks = () => [];
        addTrack = () => undefined;
        removeTrack = () => undefined;
      },
    );
    services = createStudioServices({ panels: STUDIO_PANELS, studio: studio.api, keyTarget: keys });
  });
  afterEach(() => {
    services.close();
    vi.unstubAllGlobals();
    vi.useRealTimers();
    useStudioStore.setState(initialStore, true);
  });

  it('asks the host once for each state, then only listens to its pushes: nothing polls', async () => {
    await settle();
    expect([...studio.subscribed()].sort()).toEqual(
      ['backend.status', 'captions.status', 'models.status', 'outbox.status', 'updates.status'].sort(),
    );
    const asked = [...studio.calls].sort();
    expect(asked).toEqual(
      [
        'app.getInfo',
        'backend.getStatus',
        'captions.getSettings',
        'captions.getStatus',
        'outbox.getStatus',
        'ops.dashboardLink',
        'replay.link',
        'multistream.list',
        'settings.get',
        'updates.getStatus',
        'live.resumable',
      ].sort(),
    );
    // A minute later nobody has asked again.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(studio.calls.length).toBe(asked.length);
    const s = useStudioStore.getState();
    expect(s.info).toEqual(INFO);
    expect(s.opsLink).toBe('http://127.0.0.1:9/dashboard?token=ops-token');
    expect(s.replayLink).toBe('http://127.0.0.1:9/replay?token=host-token');
    expect(s.backend).toEqual(BACKEND);
    expect(s.room.outbox).toEqual(OUTBOX);
    expect(s.captions.status).toEqual(CAPTIONS);
  });

  it('puts what the host pushes into the store, and reports a malformed push instead of using it', async () => {
    await settle();
    studio.push('backend.status', { ...BACKEND, state: 'disconnected', latencyMs: null, lastError: 'gone' });
    expect(useStudioStore.getState().backend).toMatchObject({ state: 'disconnected', lastError: 'gone' });
    studio.push('outbox.status', { ...OUTBOX, online: false, queued: 3 });
    expect(useStudioStore.getState().room.outbox).toMatchObject({ online: false, queued: 3 });
    studio.push('captions.status', { ...CAPTIONS, sourceLang: 'es' });
    expect(useStudioStore.getState().captions.status?.sourceLang).toBe('es');
    // Download progress: the models alone.
    studio.push('models.status', [model('ready')]);
    expect(useStudioStore.getState().captions.status?.models).toEqual([model('ready')]);

    studio.push('backend.status', { ...BACKEND, state: 'on fire' });
    expect(useStudioStore.getState().backend).toMatchObject({ state: 'disconnected' });
    expect(useStudioStore.getState().hostError).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('backend.status'),
    });
    // The next good push is used again and clears the error.
    studio.push('backend.status', BACKEND);
    expect(useStudioStore.getState().backend).toEqual(BACKEND);
    expect(useStudioStore.getState().hostError).toBeNull();
  });

  it('runs the shortcuts with every panel but the preview hidden, and says why a refused one did nothing', async () => {
    await settle();
    for (const panel of STUDIO_PANELS.filter((p) => p.hideable)) {
      services.commands.execute(panelCommand(panel.id));
    }
    expect([...services.panels.hiddenPanels()].length).toBe(STUDIO_PANELS.length - 1);
    expect(services.panels.isHidden('preview')).toBe(false);

    keys.press({ key: 'm' });
    expect(useStudioStore.getState().live.micMuted).toBe(true);
    keys.press({ key: 'm' });
    expect(useStudioStore.getState().live.micMuted).toBe(false);

    // K before there is a room: nothing is queued, and the reason is there to show.
    keys.press({ key: 'k' });
    expect(services.commands.refusal()).toMatchObject({
      id: COMMAND.mark,
      reason: 'A mark belongs to a room: go live or add a product first',
    });
    expect(studio.calls).not.toContain('analytics.mark');
    // T while try-on is off, Ctrl+Enter while the stream is starting: refused, with their reasons.
    keys.press({ key: 't' });
    expect(services.commands.refusal()?.reason).toMatch(/Try-on is off/);
    useStudioStore.getState().patchLive({ phase: 'starting' });
    keys.press({ key: 'Enter', ctrlKey: true });
    expect(services.commands.refusal()).toMatchObject({
      id: COMMAND.toggleLive,
      reason: 'Going live: wait until the stream has started.',
    });
    // In the interface language.
    await i18next.changeLanguage('zh-CN');
    keys.press({ key: 'Enter', ctrlKey: true });
    expect(services.commands.refusal()?.reason).not.toMatch(/Going live/);
    await i18next.changeLanguage('en');
  });

  it('asks for viewer comments to be translated as they come, with the Comments panel hidden', async () => {
    await settle();
    services.panels.setHidden('comments', true);
    useStudioStore.getState().addComments([
      {
        id: 'c1',
        t: 1,
        a: 'v1',
        n: 'Ana',
        text: '¿Cuánto cuesta?',
        k: 'v',
        x: { lang: 'es', s: 'neu', sc: 0, i: [], p: null },
      },
    ]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(studio.calls).toContain('translate.comments');
  });

  it('closes once: every subscription and the key listener go, and a second close is harmless', async () => {
    await settle();
    services.close();
    expect([...studio.disposed].sort()).toEqual(
      ['backend.status', 'captions.status', 'models.status', 'outbox.status', 'updates.status'].sort(),
    );
    expect(studio.subscribed()).toEqual([]);
    keys.press({ key: 'm' });
    expect(useStudioStore.getState().live.micMuted).toBe(false);
    expect(() => services.close()).not.toThrow();
    expect(studio.disposed).toHaveLength(5);
  });
});
