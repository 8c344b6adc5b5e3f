// The replay page's store. Shape:
//   connection                 the backend connection (banner, refused token)
//   list                       past streams, newest first; `hasMore` while older pages exist
//   roomId, detail             the open stream (ReplayDetail) and its state as `replay:state` last said
//   lang, transcript           the caption language shown and its lines
//   currentMs, playing,        the player: stream time shown, whether it plays, the segment in the
//   segmentSeq, playerReady    <video> and whether it has metadata (or, without a recording, the detail)
//   commentsVersion            bumps when the comment cache changed (the cache itself lives in the service)
//   search                     the last query and its hits
//   clips                      per highlight (by `fromMs-toMs`): busy, the download, or the error
//   exports                    the ticketed export links once asked for
//   helpOpen, danmakuHidden    UI flags
// Live objects (the socket, the player, the comment cache) live in ReplayService.
import { create } from 'zustand';
import type {
  ReplayClip,
  ReplayDetail,
  ReplayExports,
  ReplayListItem,
  ReplayState,
  SearchHit,
  TranscriptLine,
} from '../../core/protocol/replay';
import type { BackendConnection } from '../shared/backend-client';
import type { Problem } from '../shared/problem';

export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; error: Problem };

export type ClipState =
  { status: 'busy' } | { status: 'done'; clip: ReplayClip } | { status: 'error'; error: Problem };

export interface ReplayStoreState {
  connection: BackendConnection;
  list: Loadable<ReplayListItem[]>;
  hasMore: boolean;
  loadingMore: boolean;
  roomId: string | null;
  detail: Loadable<ReplayDetail>;
  replayState: ReplayState | null;
  lang: string | null;
  transcript: Loadable<TranscriptLine[]>;
  currentMs: number;
  playing: boolean;
  segmentSeq: number | null;
  playerReady: boolean;
  commentsVersion: number;
  commentsError: Problem | null;
  search: { q: string; result: Loadable<{ hits: SearchHit[]; total: number }> };
  clips: Record<string, ClipState>;
  exports: Loadable<ReplayExports>;
  helpOpen: boolean;
  set(patch: Partial<Omit<ReplayStoreState, 'set'>>): void;
}

export const initialStreamState = {
  detail: { status: 'idle' },
  replayState: null,
  lang: null,
  transcript: { status: 'idle' },
  currentMs: 0,
  playing: false,
  segmentSeq: null,
  playerReady: false,
  commentsVersion: 0,
  commentsError: null,
  search: { q: '', result: { status: 'idle' } },
  clips: {},
  exports: { status: 'idle' },
} satisfies Partial<ReplayStoreState>;

export const createReplayStore = () =>
  create<ReplayStoreState>()((set) => ({
    connection: 'connecting',
    list: { status: 'idle' },
    hasMore: false,
    loadingMore: false,
    roomId: null,
    ...initialStreamState,
    helpOpen: false,
    set: (patch) => set(patch),
  }));

export const useReplayStore = createReplayStore();
export type ReplayStore = typeof useReplayStore;

export const clipKey = (h: { fromMs: number; toMs: number }) => `${h.fromMs}-${h.toMs}`;
