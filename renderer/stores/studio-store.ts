// The studio window's store. Shape: { info: AppInfo | null; backend: BackendStatus | null;
// hostError: ProtocolError | null } plus the actions that set them. Plain data only.
import { create, type StateCreator } from 'zustand';
import type { ProtocolError } from '../../core/protocol/result';
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

export type StudioState = HostSlice & BackendSlice;

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
}));

export const selectInfo = (s: StudioState) => s.info;
export const selectBackend = (s: StudioState) => s.backend;
export const selectHostError = (s: StudioState) => s.hostError;
