// The studio window's copy of the host's preferences (window.studio.settings). Loaded once before the studio
// renders; every change goes to the host, which keeps it in settings.json, so it outlives the window and
// browser mode's changing origin. Preferences an earlier version kept in this window's localStorage are
// handed to the host on the first start, then removed here.
import { CAPTION_LANGUAGES } from '../../core/protocol/captions';
import {
  DanmakuPrefsSchema,
  DEFAULT_SETTINGS,
  type StudioSettings,
  type StudioSettingsPatch,
} from '../../core/protocol/studio-settings';
import { getStudio } from '../bridge/studio-bridge';
import { loadDanmakuSettings, type DanmakuPrefsStore } from '../danmaku/danmaku-settings';
import { STUDIO_LANGUAGES } from '../../core/protocol/languages';
import { storedLanguage } from '../shared/i18n';
import type { PanelLayoutPersistence } from './panels/panel-layout';
import { useStudioStore } from '../stores/studio-store';
import type { WorkspaceLayoutPersistence } from './workspace/workspace-layout';

/** localStorage keys of earlier versions: imported once, then removed. */
export const LEGACY_KEYS = { captionTargets: 'livebridge.captionTargets', danmaku: 'livebridge.danmaku' };
const LOAD_TIMEOUT_MS = 3000;

let current: StudioSettings = DEFAULT_SETTINGS;
let pending: StudioSettingsPatch | null = null;
let sending = false;

export function studioPrefs(): StudioSettings {
  return current;
}

/** Reads the host's preferences (defaults if it does not answer in time) and imports old local ones. */
export async function loadStudioPrefs(): Promise<void> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), LOAD_TIMEOUT_MS));
  const loaded = await Promise.race([getStudio().settings.get(), timeout]);
  if (!loaded?.ok) return;
  current = loaded.value;
  const legacy = legacyPatch(current);
  if (!legacy) return;
  const imported = await getStudio().settings.set(legacy);
  if (!imported.ok) return;
  current = imported.value;
  try {
    for (const key of Object.values(LEGACY_KEYS)) localStorage.removeItem(key);
  } catch {
    // storage refused: nothing was kept there either
  }
}

/** Changes preferences here at once and at the host in order; changes made meanwhile go together. */
export function saveStudioPrefs(patch: StudioSettingsPatch): void {
  current = { ...current, ...patch };
  pending = { ...pending, ...patch };
  void flush();
}

async function flush(): Promise<void> {
  if (sending || !pending) return;
  sending = true;
  const patch = pending;
  pending = null;
  try {
    const saved = await getStudio().settings.set(patch);
    if (!saved.ok) useStudioStore.getState().setHostError(saved.error);
  } finally {
    sending = false;
    void flush();
  }
}

/** The studio preview's danmaku settings, kept by the host (the viewer page keeps its own locally). */
export const studioDanmakuPrefs: DanmakuPrefsStore = {
  load: () => ({ ...current.danmaku, paused: false }),
  save: ({ hidden, opacity, speed, fontSize }) => {
    const parsed = DanmakuPrefsSchema.safeParse({ hidden, opacity, speed, fontSize });
    if (!parsed.success || JSON.stringify(parsed.data) === JSON.stringify(current.danmaku)) return;
    saveStudioPrefs({ danmaku: parsed.data });
  },
};

/** Which studio panels are hidden, kept by the host, so the studio opens as the host left it. */
export const studioPanelPrefs: PanelLayoutPersistence = {
  load: () => current.hiddenPanels,
  save: (hidden) => saveStudioPrefs({ hiddenPanels: [...hidden] }),
};

/** The workspace's arrangement, sizes and collapsed areas, kept by the host (checked again when read). */
export const studioWorkspacePrefs: WorkspaceLayoutPersistence = {
  load: () => current.workspace,
  save: (workspace) => saveStudioPrefs({ workspace }),
};

/** What this window's localStorage still holds from an earlier version, as a change for the host. */
function legacyPatch(host: StudioSettings): StudioSettingsPatch | null {
  const patch: StudioSettingsPatch = {};
  try {
    const targets = localStorage.getItem(LEGACY_KEYS.captionTargets);
    if (targets !== null) {
      const raw: unknown = JSON.parse(targets);
      patch.captionTargets = Array.isArray(raw) ? CAPTION_LANGUAGES.filter((l) => raw.includes(l)) : [];
    }
  } catch {
    patch.captionTargets = [];
  }
  try {
    if (localStorage.getItem(LEGACY_KEYS.danmaku) !== null) {
      const { hidden, opacity, speed, fontSize } = loadDanmakuSettings();
      const parsed = DanmakuPrefsSchema.safeParse({ hidden, opacity, speed, fontSize });
      if (parsed.success) patch.danmaku = parsed.data;
    }
  } catch {
    // storage refused: nothing to import
  }
  // The language stays in localStorage too (every page opens in it); the host learns it if it has none.
  const language = storedLanguage(STUDIO_LANGUAGES);
  if (host.language === null && language !== null) patch.language = language;
  return Object.keys(patch).length > 0 ? patch : null;
}
