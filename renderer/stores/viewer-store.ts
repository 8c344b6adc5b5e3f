// The viewer page's store. Shape: { status: ViewerStatus; roomTitle: string | null; detail: string | null;
// needsUnmute: boolean; stats: ViewerStats | null; comments, pinned product and this viewer's order;
// captionLang, captionLane, captionError }. Plain data only; the RoomClient lives in ViewerApp's effect, the caption subscription in
// viewer-captions.ts.
import { create } from 'zustand';
import type { Caption, CaptionLanguage } from '../../core/protocol/captions';
import type { CommentWire, Order, Product } from '../../core/protocol/room-events';
import { applyCaption, EMPTY_LANE, type CaptionLaneState } from '../captions/caption-lines';
import { initialCaptionLanguage } from '../captions/caption-languages';

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
  /** The stream's title as its host typed it (null until the room is joined). */
  roomTitle: string | null;
  detail: string | null;
  needsUnmute: boolean;
  stats: ViewerStats | null;
  comments: CommentWire[];
  shed: number;
  commentError: string | null;
  pinned: Product | null;
  order: Order | null;
  orderError: string | null;
  /** The caption language this viewer reads; null: captions off. */
  captionLang: CaptionLanguage | null;
  /** The lines of that language (cleared when the language changes). */
  captionLane: CaptionLaneState;
  /** The backend refused the caption subscription, in words. */
  captionError: string | null;
  set(patch: Partial<Omit<ViewerState, 'set' | 'addComments' | 'addCaption'>>): void;
  addComments(items: CommentWire[], shed?: number): void;
  addCaption(caption: Caption, receivedAt: number): void;
}

const browserLanguages = (): readonly string[] =>
  typeof navigator === 'undefined'
    ? []
    : navigator.languages?.length
      ? navigator.languages
      : [navigator.language];

export const useViewerStore = create<ViewerState>()((set) => ({
  status: 'connecting',
  roomTitle: null,
  detail: null,
  needsUnmute: false,
  stats: null,
  comments: [],
  shed: 0,
  commentError: null,
  pinned: null,
  order: null,
  orderError: null,
  captionLang: initialCaptionLanguage(browserLanguages()),
  captionLane: EMPTY_LANE,
  captionError: null,
  set: (patch) => set(patch),
  addComments: (items, shed = 0) =>
    set((s) => {
      const known = new Set(s.comments.map((c) => c.id));
      return {
        comments: [...s.comments, ...items.filter((c) => !known.has(c.id))].slice(-200),
        shed: s.shed + shed,
      };
    }),
  addCaption: (caption, receivedAt) =>
    set((s) => {
      const next = applyCaption(s.captionLane, caption, receivedAt);
      return next === s.captionLane ? s : { captionLane: next };
    }),
}));
