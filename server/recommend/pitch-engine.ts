// Pitch next on this gateway node: every room's signals (from the bus: comments with their insight, and the
// analytics facts every node hears), the host's top picks told to the host and ops within a moment of a
// signal, and the learning: when a pin ends a presentation, the node that claims it in the store adds it to
// the seller's history and teaches the seller's policy, which is persisted. Viewers ask for "You may also
// like" from their own trail in the room.
import type { AnalyticsFact } from '../../core/metrics/facts';
import type { AlsoLike, PitchNext } from '../../core/protocol/pitch';
import type { CommentInsight } from '../../core/protocol/room-events';
import { PitchPolicy } from '../../core/recommend/pitch/policy';
import type { PitchPolicyState, PresentedSegment } from '../../core/recommend/pitch/types';
import { RecentKeys } from '../analytics/lru';
import type { Logger } from '../log';
import type { StudioStore } from '../store/store';
import { PitchRoom, type SellerMemory } from './pitch-room';

/** Picks are worked out again this long after the first new signal (a burst is one update). */
export const PITCH_DEBOUNCE_MS = 250;
/** ...and at least this often while a room has viewers (windows slide, "not presented for" grows). */
const REFRESH_MS = 15_000;
/** Products "You may also like" shows. */
export const ALSO_LIKE = 4;
/** A viewer's "You may also like" reads the catalog again when it is older than this. */
const CATALOG_MS = 2_000;
/** Ended rooms remembered (their late signals are dropped). */
const ENDED_KEPT = 10_000;
/** The policy's seed: the same signals give the same picks on every node and every run. */
const SEED = 18;

export interface PitchEngineDeps {
  repo: StudioStore;
  log: Logger;
  /** Tells the room's host and ops on this node. */
  send(next: PitchNext): void;
  now?: () => number;
}

export class PitchEngine {
  private readonly rooms = new Map<string, Promise<PitchRoom>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Rooms that ended: a late signal (a viewer's leave, a relayed comment) must not bring one back. */
  private readonly ended = new RecentKeys(ENDED_KEPT);
  private readonly refresh: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly deps: PitchEngineDeps) {
    this.now = deps.now ?? Date.now;
    this.refresh = setInterval(() => {
      for (const roomId of this.rooms.keys()) this.schedule(roomId, 0);
    }, REFRESH_MS);
    this.refresh.unref?.();
  }

  get size(): number {
    return this.rooms.size;
  }

  private room(roomId: string): Promise<PitchRoom> {
    let room = this.rooms.get(roomId);
    if (!room) {
      room = this.open(roomId);
      this.rooms.set(roomId, room);
      room.catch(() => this.rooms.delete(roomId));
    }
    return room;
  }

  private async open(roomId: string): Promise<PitchRoom> {
    const room = new PitchRoom(roomId, await this.memory(roomId), this.now());
    await this.readCatalog(room);
    return room;
  }

  private async memory(roomId: string): Promise<SellerMemory> {
    const { repo } = this.deps;
    const seller = await repo.rooms.ownerSub(roomId);
    if (!seller) return { seller: null, history: new Map(), policy: new PitchPolicy({ seed: SEED }) };
    const [history, state] = await Promise.all([repo.pitch.history(seller), repo.pitch.policy(seller)]);
    return {
      seller,
      history,
      policy: new PitchPolicy({ seed: SEED, state: state as PitchPolicyState | null }),
    };
  }

  private async readCatalog(room: PitchRoom): Promise<void> {
    room.catalogAt = this.now();
    const [products, margins] = await Promise.all([
      this.deps.repo.products.list(room.roomId),
      this.deps.repo.products.margins(room.roomId),
    ]);
    room.setCatalog(products, margins);
  }

  /** A comment accepted on any node, with its insight. */
  comment(roomId: string, at: number, x: CommentInsight | undefined): void {
    if (!x) return;
    this.with(roomId, (room) => room.comment(at, x));
  }

  /** Analytics facts heard from any node (a batch may span rooms). */
  facts(facts: readonly AnalyticsFact[]): void {
    for (const f of facts) {
      if (f.kind === 'live' && f.state === 'end') continue;
      this.with(f.roomId, (room) => {
        const ended = room.fact(f);
        if (ended) void this.learn(room, ended);
      });
    }
  }

  /** The catalog changed (an edit, a pin, stock): read it again. */
  productsChanged(roomId: string): void {
    if (!this.rooms.has(roomId) || this.ended.has(roomId)) return;
    void this.room(roomId)
      .then(async (room) => {
        await this.readCatalog(room);
        this.schedule(roomId);
      })
      .catch((error: unknown) =>
        this.deps.log.warn({ roomId, err: String(error) }, 'pitch next: catalog not read'),
      );
  }

  /** The picks now (staff asking, e.g. on opening the studio or the ops room view). */
  async get(roomId: string): Promise<PitchNext> {
    if (this.ended.has(roomId)) return { roomId, at: this.now(), picks: [], presenting: null };
    const room = await this.room(roomId);
    await this.readCatalog(room);
    return room.next(this.now());
  }

  /** "You may also like" for a viewer known by its keys (analytics id, handle) in the room. */
  async alsoLike(roomId: string, viewer: string, handle: string): Promise<AlsoLike> {
    if (this.ended.has(roomId)) return { roomId, products: [], basis: 'best_sellers' };
    const room = await this.room(roomId);
    // Stock and pins changed on other nodes reach this one as facts or not at all: read them now and then.
    if (this.now() - room.catalogAt > CATALOG_MS) await this.readCatalog(room);
    const available = room.products.filter((p) => p.stock > 0 && p.id !== room.pinned && !p.pinned);
    const byId = new Map(available.map((p) => [p.id, p]));
    const best = room.trails.bestSellers(available.map((p) => p.id));
    const trail = room.trails.trailOf([`v:${viewer}`, `b:${handle}`]);
    const fromSession = room.trails.next(trail, ALSO_LIKE * 3, this.now()).filter((id) => byId.has(id));
    const ids = [...fromSession, ...best.filter((id) => !fromSession.includes(id))].slice(0, ALSO_LIKE);
    return {
      roomId,
      products: ids.map((id) => byId.get(id)!),
      basis: fromSession.length > 0 ? 'session' : 'best_sellers',
    };
  }

  /** The room ended: its last presentation is learned from, and the room let go. */
  async end(roomId: string): Promise<void> {
    this.ended.add(roomId);
    const pending = this.rooms.get(roomId);
    if (!pending) return;
    const room = await pending;
    const ended = room.pin(this.now(), null);
    if (ended) await this.learn(room, ended);
    this.release(roomId);
  }

  /** Lets go of rooms with no signal for `idleMs`. */
  async sweepIdle(idleMs: number): Promise<void> {
    const now = this.now();
    for (const [roomId, pending] of [...this.rooms]) {
      const room = await pending.catch(() => null);
      if (room && now - Math.max(room.lastAt, room.openedAt) >= idleMs) this.release(roomId);
    }
  }

  release(roomId: string): void {
    this.rooms.delete(roomId);
    clearTimeout(this.timers.get(roomId));
    this.timers.delete(roomId);
  }

  close(): void {
    clearInterval(this.refresh);
    for (const roomId of [...this.rooms.keys()]) this.release(roomId);
  }

  private with(roomId: string, fn: (room: PitchRoom) => void): void {
    if (this.ended.has(roomId)) return;
    void this.room(roomId)
      .then((room) => {
        fn(room);
        this.schedule(roomId);
      })
      .catch((error: unknown) =>
        this.deps.log.warn({ roomId, err: String(error) }, 'pitch next: signal lost'),
      );
  }

  private schedule(roomId: string, delay = PITCH_DEBOUNCE_MS): void {
    if (this.timers.has(roomId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(roomId);
      this.send(roomId).catch((error: unknown) =>
        this.deps.log.warn({ roomId, err: String(error) }, 'pitch next: picks not sent'),
      );
    }, delay);
    timer.unref?.();
    this.timers.set(roomId, timer);
  }

  private async send(roomId: string): Promise<void> {
    const pending = this.rooms.get(roomId);
    if (!pending) return;
    const room = await pending;
    if (this.now() - room.catalogAt > CATALOG_MS) await this.readCatalog(room);
    const next = room.next(this.now());
    const text = JSON.stringify([next.picks, next.presenting]);
    if (text === room.lastSent) return;
    room.lastSent = text;
    this.deps.send(next);
  }

  /** Claims the presentation in the store; the node that does adds it to the history and teaches the policy. */
  private async learn(room: PitchRoom, segment: PresentedSegment): Promise<void> {
    const { repo, log } = this.deps;
    const { seller, policy, history } = room.memory;
    try {
      const outcome = {
        roomId: room.roomId,
        productId: segment.productId,
        key: segment.key,
        from: segment.from,
        to: segment.to,
        viewerMinutes: segment.viewerMinutes,
        viewers: segment.viewersAtStart,
        orders: segment.orders,
        gmvMinor: segment.gmvMinor,
      };
      if (seller && !(await repo.pitch.addPresentation(seller, outcome, this.now()))) {
        // Another node learned it: take the seller's memory as that node stored it.
        room.memory = await this.memory(room.roomId);
        return;
      }
      const before = history.get(segment.key);
      history.set(segment.key, {
        presentations: (before?.presentations ?? 0) + 1,
        viewerMinutes: (before?.viewerMinutes ?? 0) + segment.viewerMinutes,
        viewers: (before?.viewers ?? 0) + segment.viewersAtStart,
        orders: (before?.orders ?? 0) + segment.orders,
        gmvMinor: (before?.gmvMinor ?? 0) + segment.gmvMinor,
      });
      policy.learn(segment);
      if (seller) await repo.pitch.savePolicy(seller, policy.state(), this.now());
    } catch (error) {
      log.warn({ roomId: room.roomId, err: String(error) }, 'pitch next: a presentation was not learned');
    }
  }
}
