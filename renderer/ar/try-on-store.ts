// The host's try-on as the studio UI shows it. Shape: { tryOn: { enabled, hidden, assetId, status, error,
// stats } } and patchTryOn. Plain data only: the compositor and the overlays live in
// renderer/studio/live/studio-try-on.ts. Built as a slice so it can join the studio store as one.
import { create, type StateCreator } from 'zustand';
import type { FaceTargetState } from '../../core/ar/face-target';

export type TryOnStatus = 'off' | 'loading' | 'on' | 'error';

export interface TryOnStats {
  drawnFps: number;
  trackMs: number | null;
  trackHz: number;
  faces: number;
  /** Which face wears the product when several are in view. */
  target: FaceTargetState;
}

export interface TryOnState {
  /** The host turned try-on on (it follows the pinned product). */
  enabled: boolean;
  /** T: the overlay is hidden right now; the stream shows the plain camera. */
  hidden: boolean;
  /** The asset being worn (the pinned product's), or null. */
  assetId: string | null;
  status: TryOnStatus;
  /** Why try-on could not start, in words. */
  error: string | null;
  stats: TryOnStats | null;
}

export interface TryOnSlice {
  tryOn: TryOnState;
  patchTryOn(patch: Partial<TryOnState>): void;
}

export const INITIAL_TRY_ON: TryOnState = {
  enabled: false,
  hidden: false,
  assetId: null,
  status: 'off',
  error: null,
  stats: null,
};

export const createTryOnSlice: StateCreator<TryOnSlice, [], [], TryOnSlice> = (set) => ({
  tryOn: INITIAL_TRY_ON,
  patchTryOn: (patch) => set((s) => ({ tryOn: { ...s.tryOn, ...patch } })),
});

export const useTryOnStore = create<TryOnSlice>()((...a) => ({ ...createTryOnSlice(...a) }));

export const selectTryOn = (s: TryOnSlice) => s.tryOn;
