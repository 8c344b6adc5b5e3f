// `window.__danmaku`: the layer's state for the end-to-end test and the bench, only when the page was opened
// with ?danmakuDebug. It reads what was drawn and can start a replay; it cannot inject markup.
import type { DanmakuComment } from '../../core/danmaku/lane-layout';
import type { DanmakuLogEntry } from '../../core/danmaku/replay-log';
import type { DanmakuEngine, DanmakuSnapshot } from './danmaku-engine';

export interface DanmakuTestHook {
  snapshot(): DanmakuSnapshot;
  push(comments: DanmakuComment[]): void;
  /** Replays `entries` from now at real time (their `t` in ms). */
  replay(entries: DanmakuLogEntry[]): void;
}

declare global {
  interface Window {
    __danmaku?: DanmakuTestHook;
  }
}

export const DANMAKU_DEBUG_FLAG = 'danmakuDebug';

/** Exposes `engine` when the page's URL has the flag; returns the disposer. */
export function exposeForTests(engine: DanmakuEngine): () => void {
  if (!new URLSearchParams(location.search).has(DANMAKU_DEBUG_FLAG)) return () => undefined;
  const hook: DanmakuTestHook = {
    snapshot: () => engine.snapshot(),
    push: (comments) => engine.push(comments),
    replay: (entries) => void engine.replay(entries),
  };
  window.__danmaku = hook;
  return () => {
    if (window.__danmaku === hook) delete window.__danmaku;
  };
}
