// This node's analytics: every room's state (RoomAnalytics from core/metrics) fed with the facts made here
// and the facts relayed by the other gateway nodes, so each node holds the whole room and shows the same
// numbers. Facts made here are stored and relayed in batches (one write and one relay message per tick,
// whatever the event rate); each 10 s bucket is closed once a grace period has passed its end (the late,
// out-of-order facts of other nodes are in by then), its rollup upserted and its windows told on the bus.
import type {
  Alert,
  RestreamSummary,
  RollupBucket,
  StreamHealth,
} from '../../core/protocol/analytics-events';
import { type AnalyticsFact } from '../../core/metrics/facts';
import { sameRestream } from '../../core/multistream/restream-summary';
import { RoomAnalytics, type ClosedBucket } from '../../core/metrics/room-analytics';
import type { Logger } from '../log';
import type { RoomBus } from '../modules/room-bus';
import type { StoredRollup, StudioStore } from '../store/store';
import { RecentKeys } from './lru';

/** How long past a bucket's end it stays open for facts relayed late by other nodes. */
export const CLOSE_GRACE_MS = 2000;
export const FLUSH_MS = 250;
const CLOSE_TICK_MS = 1000;
/** Recently seen fact ids (resends, relays) per node. */
const DEDUPE_KEYS = 200_000;
/** Facts kept for a retry when the database is down, at most. */
const MAX_UNSAVED = 100_000;
/** Closed buckets kept in memory per room (those not stored yet, and a little history for the room view). */
const RECENT_BUCKETS = 12;
/** An ended room's state is kept this long (its last buckets close, ops may still look). */
const ENDED_KEEP_MS = 5 * 60_000;

export interface RoomEntry {
  state: RoomAnalytics;
  title: string;
  host: string;
  liveSince: number | null;
  live: boolean;
  endedAt: number | null;
  /** Online at each minute's last closed bucket (the board's sparkline), by minute start. */
  trend: Map<number, number>;
  recent: RollupBucket[];
  health: (StreamHealth & { at: number }) | null;
  openAlerts: Map<string, boolean>;
  /** The room's compliance violation events so far (read from the store: one per event, however it grew). */
  violations: number;
  /** The room's restream destinations counted, as the multistream module last told (null: none). */
  restream: RestreamSummary | null;
  /** Something the board shows changed since the last board tick. */
  dirty: boolean;
  lastFactAt: number;
}

export interface HubListener {
  /** Buckets of a room just closed (after the rollups were queued and the windows told). */
  closed(roomId: string, entry: RoomEntry, buckets: ClosedBucket[]): void;
  /** The room's live state changed (went live, ended). */
  liveChanged(roomId: string, entry: RoomEntry): void;
}

export class AnalyticsHub {
  readonly rooms = new Map<string, RoomEntry>();
  private readonly seen = new RecentKeys(DEDUPE_KEYS);
  private readonly violationReads = new Map<string, number>();
  private unsaved: AnalyticsFact[] = [];
  private unrelayed: AnalyticsFact[] = [];
  private rollups: StoredRollup[] = [];
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;
  /** Facts made on this node, and facts relayed from others, counted (for the bench and tests). */
  madeTotal = 0;
  relayedTotal = 0;

  constructor(
    private readonly deps: {
      repo: StudioStore;
      bus: RoomBus;
      log: Logger;
      listener: HubListener;
      clock?: () => number;
    },
  ) {
    this.timers.push(setInterval(() => void this.flush(), FLUSH_MS));
    this.timers.push(setInterval(() => this.closeBuckets(), CLOSE_TICK_MS));
    for (const t of this.timers) t.unref?.();
  }

  now(): number {
    return (this.deps.clock ?? Date.now)();
  }

  /** The room's entry, made on first use (its title and live state loaded from the store). */
  room(roomId: string): RoomEntry {
    let entry = this.rooms.get(roomId);
    if (entry) return entry;
    entry = {
      state: new RoomAnalytics(roomId),
      title: '',
      host: '',
      liveSince: null,
      live: false,
      endedAt: null,
      trend: new Map(),
      recent: [],
      health: null,
      openAlerts: new Map(),
      violations: 0,
      restream: null,
      dirty: true,
      lastFactAt: this.now(),
    };
    this.rooms.set(roomId, entry);
    const e = entry;
    void this.deps.repo.rooms
      .get(roomId)
      .then(async (room) => {
        if (!room) return;
        e.title ||= room.title;
        e.host ||= room.hostLanguage;
        if (room.status === 'live' && e.endedAt === null) {
          e.liveSince ??= await this.deps.repo.rooms.liveStartedAt(roomId);
          this.setLive(roomId, e, true);
        }
        // A late fact (a comment stored just after the end, a relay) for a room that has ended: held only
        // until its bucket closes, like the room was.
        if (room.status === 'ended' && e.endedAt === null) e.endedAt = this.now();
        if (room.status === 'live') this.countViolations(roomId);
      })
      .catch((error: unknown) => this.deps.log.warn({ roomId, err: String(error) }, 'room not loaded'));
    return entry;
  }

  /**
   * A fact made on this node: counted, stored and relayed; false for a resend seen already. `dedupe: false`
   * is for facts the caller de-duplicated itself (heartbeats, per connection): the node's set of recent ids
   * stays small (it would otherwise hold a heartbeat id per viewer every 10 s).
   */
  record(fact: AnalyticsFact, dedupe = true): boolean {
    if (this.closed || (dedupe && !this.seen.add(fact.id))) return false;
    this.apply(fact);
    this.madeTotal += 1;
    if (this.unsaved.length < MAX_UNSAVED) this.unsaved.push(fact);
    this.unrelayed.push(fact);
    return true;
  }

  /** Facts relayed by another node. */
  receive(facts: readonly AnalyticsFact[]): void {
    for (const fact of facts) {
      if (!this.seen.add(fact.id)) continue;
      this.relayedTotal += 1;
      this.apply(fact);
    }
  }

  private apply(fact: AnalyticsFact): void {
    const entry = this.room(fact.roomId);
    if (!entry.state.apply(fact))
      this.deps.log.debug({ roomId: fact.roomId, id: fact.id }, 'analytics fact after its bucket closed');
    entry.dirty = true;
    entry.lastFactAt = this.now();
    if (fact.kind === 'live') {
      if (fact.state === 'start') {
        entry.title = fact.title ?? entry.title;
        entry.host = fact.host ?? entry.host;
        entry.liveSince = entry.state.timeline.live().since ?? fact.at;
        entry.endedAt = null;
        this.setLive(fact.roomId, entry, true);
      } else {
        entry.endedAt = fact.at;
        this.setLive(fact.roomId, entry, false);
      }
    }
  }

  setLive(roomId: string, entry: RoomEntry, live: boolean): void {
    if (entry.live === live) return;
    entry.live = live;
    entry.dirty = true;
    this.deps.listener.liveChanged(roomId, entry);
  }

  // Health and alerts only decorate a room this node holds (a live room is held from its live fact on):
  // news of a room already let go (an alert cleared at its end) must not bring it back.
  health(roomId: string, health: StreamHealth, at: number): void {
    const entry = this.rooms.get(roomId);
    if (!entry) return;
    entry.health = { ...health, at };
    entry.dirty = true;
  }

  alert(roomId: string, alert: Alert): void {
    const entry = this.rooms.get(roomId);
    if (!entry) return;
    if (alert.open) entry.openAlerts.set(alert.id, true);
    else entry.openAlerts.delete(alert.id);
    entry.dirty = true;
  }

  /**
   * The room's restream counts, told by the node its multistream runs on (again every 30 s unchanged, so
   * the board changes only when the counts do). Like health, it only decorates a room this node holds.
   */
  restream(roomId: string, restream: RestreamSummary | null): void {
    const entry = this.rooms.get(roomId);
    if (!entry) return;
    if (sameRestream(entry.restream, restream)) return;
    entry.restream = restream && { live: restream.live, total: restream.total, trouble: restream.trouble };
    entry.dirty = true;
  }

  /**
   * The room's violations changed (a new event here, or its alert told by any node): counted again from the
   * store, which every node shares, so each node's tile says the same. Only the latest read is kept.
   */
  countViolations(roomId: string): void {
    const entry = this.rooms.get(roomId);
    if (!entry) return;
    const read = (this.violationReads.get(roomId) ?? 0) + 1;
    this.violationReads.set(roomId, read);
    this.deps.repo.compliance
      .count(roomId)
      .then((n) => {
        if (this.violationReads.get(roomId) !== read) return;
        this.violationReads.delete(roomId);
        if (entry.violations === n) return;
        entry.violations = n;
        entry.dirty = true;
      })
      .catch((error: unknown) =>
        this.deps.log.warn({ roomId, err: String(error) }, 'compliance violations not counted'),
      );
  }

  /** Stores and relays the facts made here since the last flush, and the closed buckets' rollups. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.flushOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const { repo, bus, log } = this.deps;
    if (this.unrelayed.length > 0) {
      const facts = this.unrelayed;
      this.unrelayed = [];
      void bus.emit('analytics:facts', { roomId: '*', facts });
    }
    if (this.unsaved.length > 0) {
      const facts = this.unsaved;
      this.unsaved = [];
      try {
        await repo.analytics.addFacts(facts);
      } catch (error) {
        log.error({ err: String(error), count: facts.length }, 'analytics facts not stored; will retry');
        this.unsaved = facts.concat(this.unsaved).slice(0, MAX_UNSAVED);
      }
    }
    if (this.rollups.length > 0) {
      const rollups = this.rollups;
      this.rollups = [];
      try {
        await repo.analytics.upsertRollups(rollups);
      } catch (error) {
        log.error({ err: String(error), count: rollups.length }, 'rollups not stored; will retry');
        this.rollups = rollups.concat(this.rollups);
      }
    }
  }

  /** Closes every room's buckets that ended a grace period ago. */
  closeBuckets(now = this.now()): void {
    for (const [roomId, entry] of this.rooms) {
      const closed = entry.state.closeUntil(now - CLOSE_GRACE_MS);
      // An ended room is released once the bucket of its end has closed (its rollups are queued): the room
      // view reads an ended room back from the stored facts (OpsBoard.roomView).
      if (entry.endedAt !== null && entry.state.closedUntil > entry.endedAt) this.rooms.delete(roomId);
      if (closed.length === 0) continue;
      entry.dirty = true;
      for (const c of closed) {
        this.rollups.push(c);
        entry.trend.set(Math.floor(c.bucket.start / 60_000) * 60_000, c.bucket.room.online);
        entry.recent.push(c.bucket);
      }
      if (entry.recent.length > RECENT_BUCKETS) entry.recent.splice(0, entry.recent.length - RECENT_BUCKETS);
      for (const minute of entry.trend.keys()) if (minute < now - 31 * 60_000) entry.trend.delete(minute);
      const { at, last, previous } = entry.state.windows();
      void this.deps.bus.emit('analytics:window', { roomId, at, last, previous });
      this.deps.listener.closed(roomId, entry, closed);
    }
  }

  /** Forgets rooms that ended a while ago, and rooms with nothing going on for `idleMs`. */
  sweep(idleMs: number, now = this.now()): void {
    for (const [roomId, entry] of this.rooms) {
      const ended = entry.endedAt !== null && now - entry.endedAt > ENDED_KEEP_MS;
      const idle = !entry.live && now - entry.lastFactAt > idleMs && entry.state.onlineNow(now).size === 0;
      if (ended || idle) this.rooms.delete(roomId);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    await this.flush();
    await this.flush(); // what a flush in progress left behind
  }
}
