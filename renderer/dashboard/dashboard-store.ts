// The dashboard's store. Shape: { connection; refusal; board: { status, error }; tiles (roomId -> tile);
// lastUpdateAt; sort; alertsOnly; alerts (id -> Alert); room: the open room or null; helpOpen }. Plain
// data only: the BackendClient lives in DashboardService.
import type { PitchNext } from '../../core/protocol/pitch';
import { create } from 'zustand';
import type {
  Alert,
  BoardUpdate,
  OpsNote,
  OpsRoomUpdate,
  OpsRoomView,
  RollupBucket,
  RoomWindows,
} from '../../core/protocol/analytics-events';
import type { RecordingStatus } from '../../core/protocol/replay';
import type { CommentWire, Order, Product } from '../../core/protocol/room-events';
import { applyBoardUpdate, DEFAULT_SORT, tilesFrom, type BoardSort, type TileMap } from './board-model';
import type { BackendConnection } from '../shared/backend-client';
import type { Problem } from '../shared/problem';
import { upsertBucket } from './room-model';

export type { Problem } from '../shared/problem';

export type LoadStatus = 'loading' | 'ready' | 'error';

/** Comments kept per room view (the feed shows the latest). */
export const COMMENT_LIMIT = 200;

export interface RoomState {
  roomId: string;
  status: LoadStatus;
  error: Problem | null;
  title: string;
  liveSince: number | null;
  buckets: RollupBucket[];
  windows: RoomWindows | null;
  notes: (OpsNote & { dismissed: boolean })[];
  pins: OpsRoomView['pins'];
  /** The backend's recorder of the room (null until it has said). */
  recording: RecordingStatus | null;
  /** Pitch next's picks for the room (null until the backend said). */
  pitch: PitchNext | null;
  products: Product[];
  orders: Record<string, Order>;
  comments: CommentWire[];
}

interface DashboardState {
  connection: BackendConnection;
  /** No token in the address or this tab's storage. */
  noToken: boolean;
  board: { status: LoadStatus; error: Problem | null };
  tiles: TileMap;
  /** BoardUpdate.at of the latest update applied (0 before any). */
  lastUpdateAt: number;
  sort: BoardSort;
  alertsOnly: boolean;
  alerts: Record<string, Alert>;
  room: RoomState | null;
  helpOpen: boolean;
}

interface DashboardActions {
  set(patch: Partial<DashboardState>): void;
  boardLoaded(tiles: Parameters<typeof tilesFrom>[0], at: number): void;
  boardUpdated(update: BoardUpdate): void;
  alertChanged(alert: Alert): void;
  roomOpened(roomId: string): void;
  roomLoaded(view: OpsRoomView): void;
  roomFailed(roomId: string, error: Problem): void;
  /** Changes the open room, if it is still `roomId`. */
  patchRoom(roomId: string, patch: (room: RoomState) => Partial<RoomState>): void;
  bucketArrived(update: OpsRoomUpdate): void;
}

export type DashboardStore = DashboardState & DashboardActions;

const initial: DashboardState = {
  connection: 'connecting',
  noToken: false,
  board: { status: 'loading', error: null },
  tiles: {},
  lastUpdateAt: 0,
  sort: DEFAULT_SORT,
  alertsOnly: false,
  alerts: {},
  room: null,
  helpOpen: false,
};

export const createDashboardStore = () =>
  create<DashboardStore>()((set, get) => ({
    ...initial,
    set: (patch) => set(patch),
    boardLoaded: (list, at) =>
      set({ tiles: tilesFrom(list), board: { status: 'ready', error: null }, lastUpdateAt: at }),
    boardUpdated: (update) => {
      const tiles = applyBoardUpdate(get().tiles, update);
      set({ tiles, lastUpdateAt: update.at });
    },
    alertChanged: (alert) => set({ alerts: { ...get().alerts, [alert.id]: alert } }),
    roomOpened: (roomId) =>
      set({
        room: {
          roomId,
          status: 'loading',
          error: null,
          title: get().tiles[roomId]?.title ?? '',
          liveSince: get().tiles[roomId]?.liveSince ?? null,
          buckets: [],
          windows: null,
          notes: [],
          pins: [],
          recording: null,
          pitch: null,
          products: [],
          orders: {},
          comments: [],
        },
      }),
    roomLoaded: (view) => {
      get().patchRoom(view.roomId, () => ({
        status: 'ready',
        error: null,
        title: view.title,
        liveSince: view.liveSince,
        buckets: view.buckets,
        windows: view.windows,
        notes: view.notes,
        pins: view.pins,
      }));
      const alerts = { ...get().alerts };
      for (const a of view.alerts) alerts[a.id] = a;
      set({ alerts });
    },
    roomFailed: (roomId, error) => get().patchRoom(roomId, () => ({ status: 'error', error })),
    patchRoom: (roomId, patch) => {
      const room = get().room;
      if (room?.roomId === roomId) set({ room: { ...room, ...patch(room) } });
    },
    bucketArrived: (update) =>
      get().patchRoom(update.roomId, (room) => ({
        buckets: upsertBucket(room.buckets, update.bucket),
        windows: update.windows,
      })),
  }));

export const useDashboardStore = createDashboardStore();
