// `window.__replay`: the page's state for the end-to-end tests and the bench (always on, like the other pages'
// hooks it reads only what is drawn and drives only what a user can: seeking). frameStamp reads the test
// pattern's timestamp code off the frame the video shows (renderer/media/latency-meter.ts).
import type { ReplayState } from '../../core/protocol/replay';
import { readFrameTimestamp } from '../media/latency-meter';
import type { ReplayDanmakuFeed } from './replay-danmaku';
import type { ReplayService } from './replay-service';
import type { ReplayStore } from './replay-store';

export interface ReplayTestHook {
  /** The stream's detail is loaded and the player has metadata (or there is no recording to load). */
  readonly ready: boolean;
  state(): {
    roomId: string | null;
    replayState: ReplayState | null;
    currentMs: number;
    playing: boolean;
    segmentSeq: number | null;
  };
  /** Resolves once the frame at `ms` is shown. */
  seek(ms: number): Promise<void>;
  /** The timestamp code on the frame shown now; null without one. */
  frameStamp(): number | null;
  /** The texts on the danmaku layer now. */
  danmakuOnStage(): string[];
}

declare global {
  interface Window {
    __replay?: ReplayTestHook;
  }
}

export function exposeReplayHook(
  service: ReplayService,
  store: ReplayStore,
  danmaku: ReplayDanmakuFeed,
): () => void {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const video = () => document.querySelector<HTMLVideoElement>('[data-testid="replay-video"]');
  const hook: ReplayTestHook = {
    get ready() {
      const s = store.getState();
      return s.detail.status === 'ready' && s.playerReady;
    },
    state: () => {
      const s = store.getState();
      return {
        roomId: s.roomId,
        replayState: s.replayState,
        currentMs: Math.round(service.player.currentMs()),
        playing: service.player.playing,
        segmentSeq: service.player.segmentSeq,
      };
    },
    seek: (ms) => service.player.seek(ms),
    frameStamp: () => {
      const v = video();
      return v && ctx && service.player.hasRecording ? readFrameTimestamp(v, canvas, ctx) : null;
    },
    danmakuOnStage: () => danmaku.onStage(),
  };
  window.__replay = hook;
  return () => {
    if (window.__replay === hook) delete window.__replay;
  };
}
