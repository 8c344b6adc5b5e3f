// One gateway node's alert rules over its rooms: what each rule remembers between events (the health streak,
// the last minute's comments, the room's video producers, the latest health report), the thresholds in
// effect, and the AlertBook that turns the conditions into stored alerts. Fed by the alerts module from the
// room bus; `tick` runs the rules that depend on time passing (a silent minute, a room without video).
import type { AlertThresholds, RoomMetrics, StreamHealth } from '../../core/protocol/analytics-events';
import type { Product, SentimentLabel } from '../../core/protocol/room-events';
import type { MediaKind, Room } from '../../core/protocol/socket-events';
import type { AlertBook } from './alert-book';
import { gpmDrop, healthIsPoor, HealthStreak, MoodWindow, stockLevel, VideoWatch } from './rules';
import type { Thresholds } from './thresholds';

export interface LatestHealth extends StreamHealth {
  at: number;
  poor: boolean;
}

export interface AlertRulesDeps {
  book: AlertBook;
  thresholds: Pick<Thresholds, 'of' | 'release'>;
  products: { get(roomId: string, productId: string): Promise<Product | null> };
  rooms: { get(roomId: string): Promise<Room | null> };
  clock?: () => number;
}

/** How long late news about an ended room is ignored (a comment batch or a report already on its way). */
const ENDED_MEMORY_MS = 10_000;

const productTitle = (p: Product) => p.titles.en ?? Object.values(p.titles)[0] ?? p.id;

export class AlertRules {
  private readonly latest = new Map<string, LatestHealth>();
  private readonly streaks = new Map<string, HealthStreak>();
  private readonly moods = new Map<string, MoodWindow>();
  private readonly videos = new Map<string, VideoWatch>();
  /** Products whose stock is being read, and whether it changed again meanwhile (read once more after). */
  private readonly stockReads = new Map<string, boolean>();
  /** Rooms that ended lately: a comment or report still on its way about them is ignored. */
  private readonly endedAt = new Map<string, number>();
  /** When each room held here last heard anything. */
  private readonly activeAt = new Map<string, number>();
  private readonly clock: () => number;

  constructor(private readonly deps: AlertRulesDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  private t(roomId: string): Promise<AlertThresholds> {
    this.activeAt.set(roomId, this.clock());
    return this.deps.thresholds.of(roomId);
  }

  /** A rollup window closed: GPM per currency, last 10 min vs the 10 min before. */
  async window(roomId: string, last: RoomMetrics, previous: RoomMetrics, at: number): Promise<void> {
    await this.deps.book.apply(roomId, gpmDrop(last, previous, await this.t(roomId), at));
  }

  /** The studio's health report (every node hears it): stream_poor and caption_lag. */
  async health(roomId: string, health: StreamHealth, at: number): Promise<void> {
    if (this.justEnded(roomId)) return;
    const t = await this.t(roomId);
    this.latest.set(roomId, { ...health, at, poor: healthIsPoor(health, t) });
    let streak = this.streaks.get(roomId);
    if (!streak) this.streaks.set(roomId, (streak = new HealthStreak()));
    await this.deps.book.apply(roomId, streak.report(health, t, at));
  }

  /** The latest health report of a room, with whether it is poor by the room's thresholds. */
  latestHealth(roomId: string): LatestHealth | null {
    return this.latest.get(roomId) ?? null;
  }

  /** A viewer comment with its sentiment (every node hears every comment of the room). */
  comment(roomId: string, label: SentimentLabel, at: number): void {
    if (this.justEnded(roomId)) return;
    this.activeAt.set(roomId, this.clock());
    let mood = this.moods.get(roomId);
    if (!mood) this.moods.set(roomId, (mood = new MoodWindow()));
    mood.add(label, at);
  }

  /** A product's catalog entry changed: its stock as it is now. */
  async product(roomId: string, product: Product): Promise<void> {
    const t = await this.t(roomId);
    const conditions = stockLevel(
      { id: product.id, stock: product.stock, title: productTitle(product) },
      t,
      product.updatedAt,
    );
    await this.deps.book.apply(roomId, conditions);
  }

  /** An order moved a product's stock: read it (once per burst of orders on one product). */
  async stockMoved(roomId: string, productId: string): Promise<void> {
    const k = `${roomId}\n${productId}`;
    if (this.stockReads.has(k)) {
      this.stockReads.set(k, true);
      return;
    }
    this.stockReads.set(k, false);
    try {
      do {
        this.stockReads.set(k, false);
        const product = await this.deps.products.get(roomId, productId);
        if (product) await this.product(roomId, product);
      } while (this.stockReads.get(k));
    } finally {
      this.stockReads.delete(k);
    }
  }

  live(roomId: string): void {
    this.endedAt.delete(roomId); // live again after an end
    this.activeAt.set(roomId, this.clock());
    this.video(roomId).goLive(this.clock());
  }

  /** A producer opened on this node: a video one ends no_video (and tells that the room is live). */
  async producerOpened(roomId: string, producerId: string, kind: MediaKind): Promise<void> {
    if (kind !== 'video') return;
    const watch = this.video(roomId);
    watch.opened(producerId);
    // A host that reconnected to this node produces here without going live here again.
    if (!watch.isLive && (await this.deps.rooms.get(roomId))?.status === 'live') watch.goLive(this.clock());
    await this.deps.book.apply(roomId, [watch.evaluate(await this.t(roomId), this.clock())]);
  }

  producerClosed(roomId: string, producerId: string): void {
    this.videos.get(roomId)?.closed(producerId, this.clock());
  }

  /** The room's host is now connected to another node: its video is that node's to watch. */
  hostElsewhere(roomId: string): void {
    this.videos.delete(roomId);
  }

  /** Runs the rules that depend on time passing: the last minute's mood, a live room without video. */
  async tick(): Promise<void> {
    const now = this.clock();
    const jobs: Promise<void>[] = [];
    for (const [roomId, mood] of this.moods) {
      jobs.push(
        this.t(roomId).then((t) => {
          const condition = mood.evaluate(t, now);
          if (mood.empty(now)) this.moods.delete(roomId);
          return this.deps.book.apply(roomId, [condition]);
        }),
      );
    }
    for (const [roomId, watch] of this.videos) {
      if (!watch.isLive) continue;
      jobs.push(this.t(roomId).then((t) => this.deps.book.apply(roomId, [watch.evaluate(t, now)])));
    }
    await Promise.all(jobs);
  }

  /** The room ended: everything held for it goes. */
  ended(roomId: string): void {
    this.endedAt.set(roomId, this.clock());
    this.forgetRoom(roomId);
  }

  private forgetRoom(roomId: string): void {
    this.latest.delete(roomId);
    this.streaks.delete(roomId);
    this.moods.delete(roomId);
    this.videos.delete(roomId);
    this.activeAt.delete(roomId);
    this.deps.thresholds.release(roomId);
  }

  /** Forgets rooms that heard nothing for `idleMs` (a live room without video still ticks, so it stays). */
  releaseIdle(idleMs: number): string[] {
    const now = this.clock();
    const released: string[] = [];
    for (const [roomId, at] of this.activeAt) {
      if (now - at < idleMs) continue;
      this.forgetRoom(roomId);
      released.push(roomId);
    }
    for (const [roomId, at] of this.endedAt) if (now - at >= ENDED_MEMORY_MS) this.endedAt.delete(roomId);
    return released;
  }

  private justEnded(roomId: string): boolean {
    const at = this.endedAt.get(roomId);
    if (at === undefined) return false;
    if (this.clock() - at < ENDED_MEMORY_MS) return true;
    this.endedAt.delete(roomId);
    return false;
  }

  /** Rooms with any rule state on this node. */
  get size(): number {
    return new Set([...this.latest.keys(), ...this.moods.keys(), ...this.videos.keys()]).size;
  }

  private video(roomId: string): VideoWatch {
    let watch = this.videos.get(roomId);
    if (!watch) this.videos.set(roomId, (watch = new VideoWatch()));
    return watch;
  }
}
