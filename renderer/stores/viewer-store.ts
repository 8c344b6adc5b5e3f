// The viewer page's store. Shape: { status: ViewerStatus; detail: string | null; needsUnmute: boolean;
// stats: ViewerStats | null; comments, pinned product and this viewer's order }. Plain data only; the RoomClient lives in ViewerApp's effect.
import { create } from 'zustand';
import type { CommentWire, Order, Product } from '../../core/protocol/room-events';

export type ViewerStatus =
  | 'noRoom'
  | 'connecting'
  | 'waiting'
  | 'live'
  | 'hostReconnecting'
  | 'ended'
  | 'offline'
  | 'notFound'
  | 'badLink'
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
  comments: CommentWire[];
  shed: number;
  commentError: string | null;
  pinned: Product | null;
  order: Order | null;
  orderError: string | null;
  set(patch: Partial<Omit<ViewerState, 'set' | 'addComments'>>): void;
  addComments(items: CommentWire[], shed?: number): void;
}

export const useViewerStore = create<ViewerState>()((set) => ({
  status: 'connecting',
  detail: null,
  needsUnmute: false,
  stats: null,
  comments: [],
  shed: 0,
  commentError: null,
  pinned: null,
  order: null,
  orderError: null,
  set: (patch) => set(patch),
  addComments: (items, shed = 0) =>
    set((s) => {
      const known = new Set(s.comments.map((c) => c.id));
      return {
        comments: [...s.comments, ...items.filter((c) => !known.has(c.id))].slice(-200),
        shed: s.shed + shed,
      };
    }),
}));
