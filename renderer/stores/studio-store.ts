// The studio window's store. Shape: { info: AppInfo | null; backend: BackendStatus | null;
// hostError: ProtocolError | null; live: LiveState } plus the actions that set them. Plain data only:
// the RoomClient, tracks and sockets live in renderer/studio/live/live-session.ts.
import { create, type StateCreator } from 'zustand';
import type { ProtocolError } from '../../core/protocol/result';
import type { StreamHealth } from '../../core/media/stream-health';
import type { AppInfo, BackendStatus } from '../../core/protocol/studio-api';

interface HostSlice {
  info: AppInfo | null;
  hostError: ProtocolError | null;
  setInfo(info: AppInfo): void;
  setHostError(error: ProtocolError | null): void;
}

interface BackendSlice {
  backend: BackendStatus | null;
  setBackend(status: BackendStatus): void;
}

export type LivePhase = 'idle' | 'preview' | 'starting' | 'live' | 'ending' | 'ended';

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export interface LiveState {
  phase: LivePhase;
  roomId: string | null;
  viewerUrl: string | null;
  micMuted: boolean;
  cameras: DeviceOption[];
  microphones: DeviceOption[];
  cameraId: string | null;
  microphoneId: string | null;
  health: StreamHealth | null;
  /** A message for the host, already in words (from a typed error or the browser). */
  error: string | null;
  mediaReset: boolean;
}

interface LiveSlice {
  live: LiveState;
  patchLive(patch: Partial<LiveState>): void;
}

export type StudioState = HostSlice & BackendSlice & LiveSlice;

const initialLive: LiveState = {
  phase: 'idle',
  roomId: null,
  viewerUrl: null,
  micMuted: false,
  cameras: [],
  microphones: [],
  cameraId: null,
  microphoneId: null,
  health: null,
  error: null,
  mediaReset: false,
};

const createLiveSlice: StateCreator<StudioState, [], [], LiveSlice> = (set) => ({
  live: initialLive,
  patchLive: (patch) => set((s) => ({ live: { ...s.live, ...patch } })),
});

const createHostSlice: StateCreator<StudioState, [], [], HostSlice> = (set) => ({
  info: null,
  hostError: null,
  setInfo: (info) => set({ info }),
  setHostError: (hostError) => set({ hostError }),
});

const createBackendSlice: StateCreator<StudioState, [], [], BackendSlice> = (set) => ({
  backend: null,
  setBackend: (backend) => set({ backend }),
});

export const useStudioStore = create<StudioState>()((...a) => ({
  ...createHostSlice(...a),
  ...createBackendSlice(...a),
  ...createLiveSlice(...a),
}));

export const selectInfo = (s: StudioState) => s.info;
export const selectBackend = (s: StudioState) => s.backend;
export const selectHostError = (s: StudioState) => s.hostError;
export const selectLive = (s: StudioState) => s.live;
