// The studio window's store. Shape: { info: AppInfo | null; opsLink, replayLink: string | null;
// backend: BackendStatus | null; desktop: DesktopUi (updates and the stream a crash left live);
// hostError: ProtocolError | null; live: LiveState; room: RoomFeed; captions: CaptionsUi } plus the actions
// that set them. Plain data only: the RoomClient lives in renderer/studio/room-session.ts, tracks in
// renderer/studio/live/live-session.ts, the AudioContext and worklet in renderer/studio/captions/captions-session.ts.
import { create, type StateCreator } from 'zustand';
import type { ProtocolError } from '../../core/protocol/result';
import type { StreamHealth } from '../../core/media/stream-health';
import type { OpsNote } from '../../core/protocol/analytics-events';
import type { ComplianceViolation, RoomMarkets } from '../../core/protocol/compliance';
import type { PitchNext } from '../../core/protocol/pitch';
import type { MoodAlert, MoodSnapshot } from '../../core/protocol/insight-events';
import type { RecordingStatus } from '../../core/protocol/replay';
import type { CommentWire, ModerationState, Order, Product } from '../../core/protocol/room-events';
import type { ResumableStream, UpdateStatus } from '../../core/protocol/desktop';
import type { AppInfo, BackendStatus, OutboxStatus } from '../../core/protocol/studio-api';
import type { Caption, CaptionLanguage, CaptionSettings, CaptionsStatus } from '../../core/protocol/captions';
import { applyCaption, EMPTY_LANE, type CaptionLaneState } from '../captions/caption-lines';
import {
  productArrived,
  settlePending,
  type PendingHostAction,
  type PendingOutcome,
} from '../studio/room/pending-actions';

interface HostSlice {
  info: AppInfo | null;
  /** The backend's ops dashboard with this machine's ops token (null: the studio has none). */
  opsLink: string | null;
  /** The backend's replay page with this studio's host token (null: no token). */
  replayLink: string | null;
  hostError: ProtocolError | null;
  setInfo(info: AppInfo): void;
  setOpsLink(url: string | null): void;
  setReplayLink(url: string | null): void;
  setHostError(error: ProtocolError | null): void;
}

interface BackendSlice {
  backend: BackendStatus | null;
  setBackend(status: BackendStatus): void;
}

/** The desktop app's side: its updates, and the stream the last session left live (to resume). */
export interface DesktopUi {
  updates: UpdateStatus | null;
  resumable: ResumableStream | null;
}

interface DesktopSlice {
  desktop: DesktopUi;
  patchDesktop(patch: Partial<DesktopUi>): void;
}

export type LivePhase = 'idle' | 'preview' | 'starting' | 'live' | 'ending' | 'ended';

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export interface LiveState {
  phase: LivePhase;
  /** The stream title as typed in the Go live form (empty: the default); the room session owns it. */
  title: string;
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

/** The room's live feed: the latest comments (capped), the catalog and the orders. */
export interface RoomFeed {
  comments: CommentWire[];
  shed: number;
  products: Product[];
  orders: Order[];
  outbox: OutboxStatus | null;
  error: string | null;
  /** The room's rolling mood from the server's comment insight (host and ops only). */
  mood: MoodSnapshot | null;
  /** Newest first, a few. */
  alerts: MoodAlert[];
  /** Host actions in the outbox that the room does not show yet, oldest first. */
  pending: PendingHostAction[];
  /** The room's rules as the backend last sent them (null until a moderation action this session). */
  moderation: ModerationState | null;
  /** Notes from operations staff not dismissed yet, oldest first. */
  notes: OpsNote[];
  /** The backend's recorder of this stream (null until it has said). */
  recording: RecordingStatus | null;
  /** Pitch next: the backend's picks of what to present next (null until it has said). */
  pitch: PitchNext | null;
  /** The compliance guard's flags on the host's own words, oldest first (host and ops only). */
  violations: ComplianceViolation[];
  /** The markets the stream is checked against, their viewer shares and guides (null until known). */
  markets: RoomMarkets | null;
}

const COMMENT_CAP = 300;
const ALERT_CAP = 5;

interface RoomSlice {
  room: RoomFeed;
  addComments(items: CommentWire[], shed?: number): void;
  removeComment(id: string): void;
  upsertProduct(product: Product): void;
  upsertOrder(order: Order): void;
  patchRoom(patch: Partial<RoomFeed>): void;
  addAlert(alert: MoodAlert): void;
  addPending(action: PendingHostAction): void;
  settlePending(id: string, outcome: PendingOutcome): void;
}

/** Where the microphone's audio to the captions host stands (the renderer's side of captions). */
export type CaptureState = 'off' | 'starting' | 'on' | 'stopping';

export interface AudioFlow {
  sent: number;
  dropped: number;
  rejected: number;
  /** The AudioContext's rate; not 16000 means the worklet resamples. */
  contextRate: number | null;
}

/** Live captions as the studio shows them: the host's status and settings, and the caption lines. */
export interface CaptionsUi {
  /** The host's last captions.getStatus() (engines, lag, models); null before the first answer. */
  status: CaptionsStatus | null;
  settings: CaptionSettings | null;
  capture: CaptureState;
  /** Languages the host chose to translate into from the start. */
  targets: CaptionLanguage[];
  /** From caption:demand: caption languages the room's viewers asked for, with how many each. */
  demand: Record<string, number>;
  /** Caption lines per language, from the room's `caption` events. */
  lanes: Record<string, CaptionLaneState>;
  audio: AudioFlow;
  /** Why captions could not start or stopped, in words (the host's message). */
  error: string | null;
  settingsError: string | null;
  /** The host could not report the captions status (an older host, or it is restarting). */
  statusError: string | null;
  /** The room socket's caption subscription failed (the lines then come from the host's status only). */
  feedError: string | null;
  /** A download request the host refused, per model id. */
  downloadErrors: Record<string, string>;
}

interface CaptionsSlice {
  captions: CaptionsUi;
  patchCaptions(patch: Partial<CaptionsUi>): void;
  addCaption(caption: Caption, receivedAt: number): void;
}

export type StudioState = HostSlice & BackendSlice & LiveSlice & RoomSlice & CaptionsSlice & DesktopSlice;

const upsert = <T extends { id: string }>(list: T[], item: T) => {
  const i = list.findIndex((x) => x.id === item.id);
  return i === -1 ? [...list, item] : list.map((x, j) => (j === i ? item : x));
};

const createRoomSlice: StateCreator<StudioState, [], [], RoomSlice> = (set) => ({
  room: {
    comments: [],
    shed: 0,
    products: [],
    orders: [],
    outbox: null,
    error: null,
    mood: null,
    alerts: [],
    pending: [],
    moderation: null,
    notes: [],
    recording: null,
    pitch: null,
    violations: [],
    markets: null,
  },
  addComments: (items, shed = 0) =>
    set((s) => {
      const known = new Set(s.room.comments.map((c) => c.id));
      const fresh = items.filter((c) => !known.has(c.id));
      return {
        room: {
          ...s.room,
          comments: [...s.room.comments, ...fresh].slice(-COMMENT_CAP),
          shed: s.room.shed + shed,
        },
      };
    }),
  removeComment: (id) =>
    set((s) => ({ room: { ...s.room, comments: s.room.comments.filter((c) => c.id !== id) } })),
  upsertProduct: (product) =>
    set((s) => ({
      room: {
        ...s.room,
        products: upsert(s.room.products, product),
        pending: productArrived(s.room.pending, product.id),
      },
    })),
  upsertOrder: (order) => set((s) => ({ room: { ...s.room, orders: upsert(s.room.orders, order) } })),
  patchRoom: (patch) => set((s) => ({ room: { ...s.room, ...patch } })),
  addAlert: (alert) =>
    set((s) => ({ room: { ...s.room, alerts: [alert, ...s.room.alerts].slice(0, ALERT_CAP) } })),
  addPending: (action) => set((s) => ({ room: { ...s.room, pending: [...s.room.pending, action] } })),
  settlePending: (id, outcome) =>
    set((s) => ({
      room: { ...s.room, pending: settlePending(s.room.pending, id, outcome, s.room.products) },
    })),
});

const initialLive: LiveState = {
  phase: 'idle',
  title: '',
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
  opsLink: null,
  replayLink: null,
  hostError: null,
  setInfo: (info) => set({ info }),
  setOpsLink: (opsLink) => set({ opsLink }),
  setReplayLink: (replayLink) => set({ replayLink }),
  setHostError: (hostError) => set({ hostError }),
});

const createDesktopSlice: StateCreator<StudioState, [], [], DesktopSlice> = (set) => ({
  desktop: { updates: null, resumable: null },
  patchDesktop: (patch) => set((s) => ({ desktop: { ...s.desktop, ...patch } })),
});

const createBackendSlice: StateCreator<StudioState, [], [], BackendSlice> = (set) => ({
  backend: null,
  setBackend: (backend) => set({ backend }),
});

const createCaptionsSlice: StateCreator<StudioState, [], [], CaptionsSlice> = (set) => ({
  captions: {
    status: null,
    settings: null,
    capture: 'off',
    targets: [],
    demand: {},
    lanes: {},
    audio: { sent: 0, dropped: 0, rejected: 0, contextRate: null },
    error: null,
    settingsError: null,
    statusError: null,
    feedError: null,
    downloadErrors: {},
  },
  patchCaptions: (patch) => set((s) => ({ captions: { ...s.captions, ...patch } })),
  addCaption: (caption, receivedAt) =>
    set((s) => {
      const lane = s.captions.lanes[caption.lang] ?? EMPTY_LANE;
      const next = applyCaption(lane, caption, receivedAt);
      if (next === lane) return s;
      return { captions: { ...s.captions, lanes: { ...s.captions.lanes, [caption.lang]: next } } };
    }),
});

export const useStudioStore = create<StudioState>()((...a) => ({
  ...createHostSlice(...a),
  ...createBackendSlice(...a),
  ...createLiveSlice(...a),
  ...createRoomSlice(...a),
  ...createCaptionsSlice(...a),
  ...createDesktopSlice(...a),
}));

export const selectInfo = (s: StudioState) => s.info;
export const selectOpsLink = (s: StudioState) => s.opsLink;
export const selectReplayLink = (s: StudioState) => s.replayLink;
export const selectBackend = (s: StudioState) => s.backend;
export const selectHostError = (s: StudioState) => s.hostError;
export const selectLive = (s: StudioState) => s.live;
export const selectRoom = (s: StudioState) => s.room;
export const selectCaptions = (s: StudioState) => s.captions;
export const selectOpsNotes = (s: StudioState) => s.room.notes;
export const selectRecording = (s: StudioState) => s.room.recording;
export const selectUpdates = (s: StudioState) => s.desktop.updates;
export const selectResumable = (s: StudioState) => s.desktop.resumable;
