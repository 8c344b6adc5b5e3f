// The replay of every stream (直播复盘). When a stream ends its replay is 'finishing': the recorder is given up
// to FINALIZE_TIMEOUT_MS to close its last file, the analytics of the end's 10 s bucket are given time to be
// stored (server/analytics/analytics-hub.ts closes a bucket CLOSE_GRACE_MS after its end and stores it on
// its next flush), then the detail is built from the store (replay-builder.ts), stored, and the replay is
// 'ready'; connections watching it are told. A stream still live in the store that no host has joined since
// this backend started (its backend was killed) is 'partial': replayable up to the last thing stored.
// Detail and list items of live streams are computed on demand; file URLs are signed when handed out.
import {
  REPLAY_READY_TARGET_MS,
  type ReplayDetail,
  type ReplayListItem,
  type ReplayState,
} from '../../core/protocol/replay';
import { BUCKET_MS } from '../../core/protocol/analytics-events';
import { StudioError } from '../../core/protocol/result';
import { CLOSE_GRACE_MS, FLUSH_MS } from '../analytics/analytics-hub';
import type { GatewayServer } from '../gateway-types';
import type { Logger } from '../log';
import type { RecordingsApi } from '../media-out/recording-api';
import type { ReplayRoomRow, StudioStore } from '../store/store';
import { buildReplay, endOf, type BuiltReplay } from './replay-builder';
import type { ReplayTickets } from './tickets';

export const FINALIZE_TIMEOUT_MS = 40_000;
/** Live streams' details and list items are recomputed at most this often. */
const LIVE_CACHE_MS = 10_000;
const LIVE_CACHE_MAX = 64;

export const replayChannel = (roomId: string) => `replay:${roomId}`;

export interface ReplayServiceDeps {
  repo: StudioStore;
  recordings: RecordingsApi;
  tickets: ReplayTickets;
  log: Logger;
  io: GatewayServer;
  clock?: () => number;
  finalizeTimeoutMs?: number;
}

export class ReplayService {
  /** Rooms that went live, or whose host joined, since this backend started: their hosts are alive. */
  private readonly alive = new Set<string>();
  private readonly finishing = new Map<string, Promise<void>>();
  private readonly liveCache = new Map<string, { at: number; detail: ReplayDetail }>();
  private readonly building = new Map<string, Promise<BuiltReplay>>();
  private closed = false;

  constructor(private readonly deps: ReplayServiceDeps) {}

  private now(): number {
    return (this.deps.clock ?? Date.now)();
  }

  hostAlive(roomId: string): void {
    this.alive.add(roomId);
  }

  wentLive(roomId: string): void {
    this.alive.add(roomId);
    this.tell(roomId, 'live', null);
  }

  /** The stream ended (on this node): its replay is finishing, and ready once built. */
  ended(roomId: string): void {
    this.alive.delete(roomId);
    this.liveCache.delete(roomId);
    this.finish(roomId, this.now());
  }

  /** Resolves when the room's replay, if finishing, is built (for tests and shutdown). */
  settled(roomId: string): Promise<void> {
    return this.finishing.get(roomId) ?? Promise.resolve();
  }

  private tell(roomId: string, state: ReplayState, readyAt: number | null): void {
    if (!this.closed) this.deps.io.to(replayChannel(roomId)).emit('replay:state', { roomId, state, readyAt });
  }

  /** Builds the replay; `endedAt`: the stream just ended (its last analytics are waited for), null: long ago. */
  private finish(roomId: string, endedAt: number | null): void {
    if (this.finishing.has(roomId) || this.closed) return;
    this.tell(roomId, 'finishing', null);
    const run = this.finishOnce(roomId, endedAt)
      .catch((error: unknown) => this.deps.log.error({ roomId, err: String(error) }, 'replay not built'))
      .finally(() => this.finishing.delete(roomId));
    this.finishing.set(roomId, run);
  }

  private async finishOnce(roomId: string, justEnded: number | null): Promise<void> {
    const { repo, recordings, log } = this.deps;
    const [finalized] = await Promise.all([
      recordings.finalized(roomId, this.deps.finalizeTimeoutMs ?? FINALIZE_TIMEOUT_MS),
      justEnded !== null ? this.analyticsStored(roomId, justEnded) : undefined,
    ]);
    if (!finalized) log.warn({ roomId }, 'replay: the recording was not finalized in time; built without it');
    const row = await repo.replay.room(roomId);
    if (!row || row.status !== 'ended' || this.closed) return; // went live again meanwhile
    const buildStart = this.now();
    const { detail, endedAt } = await buildReplay(repo, recordings, row, 'ready', buildStart);
    // Ready is when it is built (and stored just below), not when the build began.
    const readyAt = this.now();
    detail.readyAt = readyAt;
    await repo.replay.putSummary(
      { roomId, state: 'ready', endedAt, readyAt, item: detail.item },
      detail,
      readyAt,
    );
    const tookMs = readyAt - endedAt;
    const fields = { roomId, readyAfterEndMs: tookMs, buildMs: readyAt - buildStart };
    // Over the target is worth a warning only for a stream that just ended here.
    if (justEnded !== null && tookMs > REPLAY_READY_TARGET_MS)
      log.warn(fields, 'replay ready after its target');
    else log.info(fields, 'replay ready');
    this.tell(roomId, 'ready', readyAt);
  }

  /** Waits until the end's 10 s bucket is closed and stored (its rollup, or the time that takes). */
  private async analyticsStored(roomId: string, endedAt: number): Promise<void> {
    const bucket = Math.floor(endedAt / BUCKET_MS) * BUCKET_MS;
    const deadline = bucket + BUCKET_MS + CLOSE_GRACE_MS + 4 * FLUSH_MS + 1000;
    while (!this.closed && this.now() < deadline) {
      const [rollup] = await this.deps.repo.analytics.rollups(roomId, bucket, 1);
      if (rollup && rollup.start === bucket) {
        const facts = await this.deps.repo.analytics.facts(roomId, bucket);
        if (endOf(facts) !== null) return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** The replay's state now, from the store and what this node knows. */
  stateOf(row: ReplayRoomRow): ReplayState {
    if (row.status === 'live' || row.status === 'created') return this.alive.has(row.id) ? 'live' : 'partial';
    if (this.finishing.has(row.id)) return 'finishing';
    if (row.summary?.state === 'ready') return 'ready';
    // Ended without a replay (its backend stopped while finishing, it ended before replays existed, or
    // another node is finishing it): built here now.
    this.finish(row.id, null);
    return 'finishing';
  }

  async room(roomId: string): Promise<ReplayRoomRow> {
    const row = await this.deps.repo.replay.room(roomId);
    if (!row) throw new StudioError('not_found', `No stream ${roomId} to replay`);
    return row;
  }

  /** The detail without URLs: stored when ready (or partial), computed otherwise. */
  private async rawDetail(row: ReplayRoomRow, state: ReplayState): Promise<ReplayDetail> {
    const { repo, recordings } = this.deps;
    if ((state === 'ready' || state === 'partial') && row.summary?.state === state) {
      const stored = await repo.replay.detail(row.id);
      if (stored) return stored;
    }
    const cached = this.liveCache.get(row.id);
    if (cached && cached.detail.item.state === state && this.now() - cached.at < LIVE_CACHE_MS)
      return cached.detail;
    // One build at a time per room and state: pages asking while it runs share it.
    const key = `${row.id}\0${state}`;
    let build = this.building.get(key);
    if (!build) {
      build = buildReplay(repo, recordings, row, state, this.now()).finally(() => this.building.delete(key));
      this.building.set(key, build);
    }
    const { detail, endedAt } = await build;
    const now = detail.readyAt ?? this.now();
    if (state === 'partial') {
      await repo.replay.putSummary(
        { roomId: row.id, state, endedAt, readyAt: now, item: detail.item },
        detail,
        now,
      );
    } else {
      if (this.liveCache.size >= LIVE_CACHE_MAX) this.liveCache.delete(this.liveCache.keys().next().value!);
      this.liveCache.set(row.id, { at: now, detail });
    }
    return detail;
  }

  async detail(row: ReplayRoomRow): Promise<ReplayDetail> {
    const state = this.stateOf(row);
    const detail = await this.rawDetail(row, state);
    const files = new Map((await this.deps.recordings.segments(row.id)).map((s) => [s.seq, s.file]));
    return {
      ...detail,
      item: { ...detail.item, state },
      recording: {
        ...detail.recording,
        status: this.deps.recordings.status(row.id),
        segments: detail.recording.segments.map((s) => ({
          ...s,
          url: files.has(s.seq) ? this.deps.tickets.url(row.id, `segments/${s.seq}.webm`) : null,
        })),
      },
    };
  }

  /** Streams newest first (a host's own when `owner` is given). */
  async list(options: { before?: number; limit: number; owner?: string }): Promise<ReplayListItem[]> {
    const rows = await this.deps.repo.replay.rooms(options);
    return Promise.all(
      rows.map(async (row) => {
        const state = this.stateOf(row);
        if (state === 'ready' && row.summary) return { ...row.summary.item, state };
        if (state === 'partial' && row.summary?.state === 'partial') return { ...row.summary.item, state };
        // Live and finishing streams: their numbers are on their page (the list stays cheap with many live).
        if (state !== 'partial') return this.placeholder(row, state);
        return { ...(await this.rawDetail(row, state)).item, state };
      }),
    );
  }

  /** What the list shows of a stream whose numbers are still being made (live, or finishing). */
  private placeholder(row: ReplayRoomRow, state: ReplayState): ReplayListItem {
    return {
      roomId: row.id,
      title: row.title,
      hostLanguage: row.hostLanguage,
      state,
      liveStartedAt: row.liveStartedAt,
      endedAt: null,
      durationMs: state === 'live' ? Math.max(0, this.now() - row.liveStartedAt) : 0,
      gmv: {},
      orders: 0,
      peakOnline: 0,
      comments: 0,
      mood: { pos: 0, neu: 0, neg: 0 },
      recorded: this.deps.recordings.status(row.id).segments > 0,
    };
  }

  /** Stops building; waits a moment for builds in progress (an unfinished one is finished on demand later). */
  async close(): Promise<void> {
    this.closed = true;
    const pending = Promise.all([...this.finishing.values()]);
    await Promise.race([pending, new Promise((r) => setTimeout(r, 1000).unref?.())]);
  }
}
