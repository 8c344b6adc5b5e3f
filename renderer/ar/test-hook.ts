// `window.__ar`: the AR compositors' state for the end-to-end test and the bench, only when the page was
// opened with ?arDebug. It reads what was drawn and what was tracked; it cannot draw or inject anything.
// The bench's lab (ar-lab.ts) adds a way to open this page's camera into a compositor.
import type { CompositorStats, DrawnRecord, TrackedRecord } from './compositor';

/** What a compositor shows the hook (kept narrow so this file does not import the compositor). */
export interface InspectableCompositor {
  stats(): CompositorStats;
  history(): { drawn: DrawnRecord[]; tracked: TrackedRecord[] };
  clearHistory(): void;
  trackSamples(): number[];
}

export interface LabOptions {
  /** A catalog asset id, or null for the plain camera. */
  assetId: string | null;
  width: number;
  height: number;
}

export interface LabMeasurement {
  /** Frames per second the compositor's output track delivered to its sinks (MediaStreamTrack stats), or where
   * the browser has no track stats, that a playing <video> presented. */
  outputFps: number;
  /** Frames per second a playing <video> of the output presented. */
  presentedFps: number;
  stats: CompositorStats;
  trackMs: number[];
  drawn: DrawnRecord[];
  tracked: TrackedRecord[];
}

export interface FadeMeasurement {
  /** Main-thread ms per frame drawn during a cross-fade (camera, overlay, old scene's snapshot). */
  fadeDrawMs: number[];
  /** Scene switches made in the window. */
  switches: number;
  outputFps: number;
  stats: CompositorStats;
}

export interface ArTestHook {
  /** Stats of the open compositors, oldest first. */
  stats(): CompositorStats[];
  /** Drawn anchor points and tracked landmarks of compositor `index` (the newest by default). */
  history(index?: number): { drawn: DrawnRecord[]; tracked: TrackedRecord[] };
  clear(): void;
  /** Bench only (ar-lab.ts): opens the camera at a size into a compositor wearing `assetId`. */
  open?(options: LabOptions): Promise<CompositorStats>;
  /** Bench only: measures the open lab compositor for `ms`. */
  measure?(ms: number): Promise<LabMeasurement>;
  /** Bench only: switches camera <-> product PiP every `everyMs` for `ms`, measuring the cross-fades. */
  measureFade?(ms: number, everyMs: number): Promise<FadeMeasurement>;
  closeLab?(): void;
}

declare global {
  interface Window {
    __ar?: ArTestHook;
  }
}

export const AR_DEBUG_FLAG = 'arDebug';

export function arDebugEnabled(): boolean {
  return typeof location !== 'undefined' && new URLSearchParams(location.search).has(AR_DEBUG_FLAG);
}

const open: InspectableCompositor[] = [];

function hook(): ArTestHook {
  window.__ar ??= {
    stats: () => open.map((c) => c.stats()),
    history: (index) => {
      const c = open[index ?? open.length - 1];
      return c ? c.history() : { drawn: [], tracked: [] };
    },
    clear: () => open.forEach((c) => c.clearHistory()),
  };
  return window.__ar;
}

/** Lists `compositor` on the hook while it is open (when the page has ?arDebug); returns the disposer. */
export function registerCompositor(compositor: InspectableCompositor): () => void {
  if (!arDebugEnabled()) return () => undefined;
  hook();
  open.push(compositor);
  return () => {
    const i = open.indexOf(compositor);
    if (i !== -1) open.splice(i, 1);
  };
}

/** Adds the bench's lab functions to the hook (ar-lab.ts). */
export function exposeLab(
  lab: Required<Pick<ArTestHook, 'open' | 'measure' | 'measureFade' | 'closeLab'>>,
): void {
  if (!arDebugEnabled()) return;
  Object.assign(hook(), lab);
}
