// Where a danmaku layer keeps its settings: the viewer page in localStorage, so that every page opens with
// them; the studio with the host's preferences (renderer/studio/studio-prefs.ts).
import { DANMAKU_SIZES, DANMAKU_SPEEDS } from '../../core/protocol/studio-settings';
import { DEFAULT_DANMAKU_SETTINGS, type DanmakuSettings } from './danmaku-engine';

export { DANMAKU_SIZES, DANMAKU_SPEEDS };

export interface DanmakuPrefsStore {
  /** Read once, when the layer mounts. */
  load(): DanmakuSettings;
  save(settings: DanmakuSettings): void;
}

const STORAGE_KEY = 'livebridge.danmaku';

const pick = <T extends number>(value: unknown, allowed: readonly T[], fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

export function loadDanmakuSettings(): DanmakuSettings {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_DANMAKU_SETTINGS };
    const s = raw as Record<string, unknown>;
    const opacity = typeof s.opacity === 'number' && s.opacity >= 0.2 && s.opacity <= 1 ? s.opacity : 1;
    return {
      hidden: s.hidden === true,
      // A reload starts playing again: pausing is for the moment.
      paused: false,
      opacity,
      speed: pick(s.speed, Object.values(DANMAKU_SPEEDS), DEFAULT_DANMAKU_SETTINGS.speed),
      fontSize: pick(s.fontSize, Object.values(DANMAKU_SIZES), DEFAULT_DANMAKU_SETTINGS.fontSize),
    };
  } catch {
    return { ...DEFAULT_DANMAKU_SETTINGS };
  }
}

export function saveDanmakuSettings(settings: DanmakuSettings): void {
  try {
    const { hidden, opacity, speed, fontSize } = settings;
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ hidden, opacity, speed, fontSize }));
  } catch {
    // private mode: the settings last for this page only
  }
}

export const localDanmakuPrefs: DanmakuPrefsStore = { load: loadDanmakuSettings, save: saveDanmakuSettings };
