// A room's pitch-next signals: comments, clicks, impressions, orders and viewer counts as they arrive, and
// the presentation segments they add up to. The server's engine and the bench's simulated stream feed the
// same class. Times are ms since the epoch and may arrive out of order; memory stays bounded (events older
// than the window are pruned, each product's lists are capped).
import type { IntentTag } from '../../protocol/room-events';
import type { PitchProduct, PresentedSegment, ProductHistory, ProductSignals, RoomContext } from './types';

interface CommentEvent {
  at: number;
  intents: readonly IntentTag[];
  score: number;
}
interface ViewerEvent {
  at: number;
  viewer: string;
}
interface ProductEvents {
  comments: CommentEvent[];
  clicks: ViewerEvent[];
  impressions: ViewerEvent[];
}
interface OpenSegment {
  productId: string;
  key: string;
  from: number;
  features: number[];
  viewersAtStart: number;
  viewerMinutes: number;
  orders: number;
  gmvMinor: number;
}

export interface PitchSignalsOptions {
  /** The signal window (ms): "in the last 2 min". */
  windowMs?: number;
  /** Most events of one kind kept per product. */
  maxEventsPerProduct?: number;
  /** The product's key, used to label segments (defaults to the product id). */
  keyOf?: (productId: string) => string;
}

const MINUTE_MS = 60_000;

export class PitchSignals {
  readonly windowMs: number;
  private readonly cap: number;
  private readonly keyOf: (productId: string) => string;
  private readonly events = new Map<string, ProductEvents>();
  private readonly ordersThisStream = new Map<string, number>();
  /** When each product's last presentation ended (the one pinned now: absent, it counts as 0). */
  private readonly presentedUntil = new Map<string, number>();
  private newest = -Infinity;
  private viewersNow = 0;
  private viewersAt = -Infinity;
  private segment: OpenSegment | null = null;

  constructor(options: PitchSignalsOptions = {}) {
    this.windowMs = options.windowMs ?? 120_000;
    this.cap = Math.max(1, options.maxEventsPerProduct ?? 1000);
    this.keyOf = options.keyOf ?? ((id) => id);
  }

  /** The product pinned now, if any. */
  get presenting(): string | null {
    return this.segment?.productId ?? null;
  }

  comment(at: number, productId: string | null, intents: readonly IntentTag[], sentimentScore: number): void {
    this.seen(at);
    if (productId === null) return;
    const score = Number.isFinite(sentimentScore) ? Math.max(-1, Math.min(1, sentimentScore)) : 0;
    this.push(this.of(productId).comments, { at, intents: [...intents], score });
  }

  click(at: number, productId: string, viewer: string): void {
    this.seen(at);
    this.push(this.of(productId).clicks, { at, viewer });
  }

  impression(at: number, productId: string, viewer: string): void {
    this.seen(at);
    this.push(this.of(productId).impressions, { at, viewer });
  }

  /** A paid order; it counts for the running segment when it is for the pinned product. */
  order(at: number, productId: string, amountMinor: number): void {
    this.seen(at);
    this.ordersThisStream.set(productId, (this.ordersThisStream.get(productId) ?? 0) + 1);
    const seg = this.segment;
    if (seg && seg.productId === productId && at >= seg.from) {
      seg.orders++;
      seg.gmvMinor += Number.isFinite(amountMinor) && amountMinor > 0 ? amountMinor : 0;
    }
  }

  /** Viewers watching now; viewer-minutes are integrated between samples (a late sample is ignored). */
  viewers(at: number, count: number): void {
    if (!Number.isFinite(at) || !Number.isFinite(count) || at < this.viewersAt) return;
    this.integrate(at);
    this.viewersNow = Math.max(0, count);
    this.seen(at);
  }

  /**
   * Pins `productId` (null: unpin). Closes the running segment and returns it, and opens the next with
   * `features` (what the policy saw when it chose it). Pinning the product already pinned changes nothing.
   */
  pin(at: number, productId: string | null, features: number[] = []): PresentedSegment | null {
    if (this.segment && this.segment.productId === productId) return null;
    this.seen(at);
    let closed: PresentedSegment | null = null;
    const seg = this.segment;
    if (seg) {
      this.integrate(at);
      const to = Math.max(at, seg.from);
      closed = { ...seg, to, features: [...seg.features] };
      this.presentedUntil.set(seg.productId, to);
    }
    this.segment = null;
    if (productId !== null) {
      this.segment = {
        productId,
        key: this.keyOf(productId),
        from: at,
        features: [...features],
        viewersAtStart: this.viewersNow,
        viewerMinutes: 0,
        orders: 0,
        gmvMinor: 0,
      };
      this.presentedUntil.delete(productId);
    }
    return closed;
  }

  /** Every product's signals at `now` over the window, and the room's context. */
  snapshot(
    now: number,
    products: readonly PitchProduct[],
    history: (key: string) => ProductHistory,
  ): { signals: ProductSignals[]; ctx: RoomContext } {
    const since = now - this.windowMs;
    const inWindow = (at: number): boolean => at > since && at <= now;
    this.prune(Math.max(now, this.newest));
    const signals = products.map((p): ProductSignals => {
      const ev = this.events.get(p.productId);
      const asks: Partial<Record<IntentTag, number>> = {};
      let comments = 0;
      let moodSum = 0;
      for (const c of ev?.comments ?? []) {
        if (!inWindow(c.at)) continue;
        comments++;
        moodSum += c.score;
        for (const tag of new Set(c.intents)) asks[tag] = (asks[tag] ?? 0) + 1;
      }
      const distinct = (list: readonly ViewerEvent[] | undefined): number =>
        new Set((list ?? []).filter((e) => inWindow(e.at)).map((e) => e.viewer)).size;
      const pinnedNow = this.segment?.productId === p.productId;
      const until = this.presentedUntil.get(p.productId);
      return {
        ...p,
        asks,
        comments,
        mood: comments > 0 ? moodSum / comments : null,
        clicks: distinct(ev?.clicks),
        impressions: distinct(ev?.impressions),
        ordersThisStream: this.ordersThisStream.get(p.productId) ?? 0,
        msSincePresented: pinnedNow ? 0 : until === undefined ? null : Math.max(0, now - until),
        history: history(p.key),
      };
    });
    return { signals, ctx: { now, viewers: this.viewersNow, windowMs: this.windowMs } };
  }

  private of(productId: string): ProductEvents {
    let ev = this.events.get(productId);
    if (!ev) {
      ev = { comments: [], clicks: [], impressions: [] };
      this.events.set(productId, ev);
    }
    return ev;
  }

  private seen(at: number): void {
    if (Number.isFinite(at) && at > this.newest) this.newest = at;
  }

  private integrate(at: number): void {
    if (this.segment && at > this.viewersAt && this.viewersAt > -Infinity) {
      const from = Math.max(this.viewersAt, this.segment.from);
      if (at > from) this.segment.viewerMinutes += (this.viewersNow * (at - from)) / MINUTE_MS;
    }
    if (at > this.viewersAt) this.viewersAt = at;
  }

  private push<T extends { at: number }>(list: T[], event: T): void {
    if (!Number.isFinite(event.at)) return;
    list.push(event);
    if (list.length > this.cap) {
      const since = this.newest - this.windowMs;
      const kept = list.filter((e) => e.at > since);
      // Still over the cap: keep the newest.
      if (kept.length > this.cap) kept.sort((a, b) => a.at - b.at).splice(0, kept.length - this.cap);
      list.length = 0;
      list.push(...kept);
    }
  }

  private prune(now: number): void {
    const since = now - this.windowMs;
    for (const [id, ev] of this.events) {
      ev.comments = ev.comments.filter((e) => e.at > since);
      ev.clicks = ev.clicks.filter((e) => e.at > since);
      ev.impressions = ev.impressions.filter((e) => e.at > since);
      if (ev.comments.length + ev.clicks.length + ev.impressions.length === 0) this.events.delete(id);
    }
  }
}
