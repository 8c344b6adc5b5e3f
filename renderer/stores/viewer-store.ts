// The viewer page's store. Shape: { status: ViewerStatus; detail: string | null; needsUnmute: boolean;
// stats: ViewerStats | null }. Plain data only; the RoomClient lives in ViewerApp's effect.
import { create } from 'zustand';

export type ViewerStatus =
  | 'noRoom'
  | 'connecting'
  | 'waiting'
  | 'live'
  | 'hostReconnecting'
  | 'ended'
  | 'offline'
  | 'notFound'
  | 'unavailable';

export interface ViewerStats {
  width: number | null;
  height: number | null;
  fps: number | null;
  framesDecoded: number;
  audioSamples: number;
  latencyP50: number | null;
  latencyP95: number | null;
  latencySamples: number[];
}

interface ViewerState {
  status: ViewerStatus;
  detail: string | null;
  needsUnmute: boolean;
  stats: ViewerStats | null;
  set(patch: Partial<Omit<ViewerState, 'set'>>): void;
}

export const useViewerStore = create<ViewerState>()((set) => ({
  status: 'connecting',
  detail: null,
  needsUnmute: false,
  stats: null,
  set: (patch) => set(patch),
}));
