// `window.__scenes`: the scene on air, the compositor's cross-fade draw times and the id of the producer the
// video goes out on, for the end-to-end test, only when the page was opened with ?arDebug. Read-only.
import { arDebugEnabled } from '../../ar/test-hook';

export interface ScenesTestHook {
  scene(): string | null;
  /** The live video producer's id (null when not live): a scene switch must keep it. */
  producerId(): string | null;
  /** The compositor's output size. */
  size(): { width: number; height: number } | null;
}

declare global {
  interface Window {
    __scenes?: ScenesTestHook;
  }
}

/** Installs the hook when the page has ?arDebug; returns the disposer. */
export function exposeScenesHook(hook: ScenesTestHook): () => void {
  if (!arDebugEnabled()) return () => undefined;
  window.__scenes = hook;
  return () => {
    if (window.__scenes === hook) delete window.__scenes;
  };
}
