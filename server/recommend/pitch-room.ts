// One room's pitch next on this node: its signals (comments, cards shown and clicked, orders, viewers, pins),
// its catalog as last read, and the seller's policy and history. It answers the top picks and, when a pin
// ends a presentation, the segment to learn from. Pure bookkeeping: the engine (pitch-engine.ts) reads the
// store, persists and tells the clients.
import type { AnalyticsFact } from '../../core/metrics/facts';
import { onlineAt, type PresenceMark } from '../../core/metrics/presence';
import type { PitchNext } from '../../core/protocol/pitch';
import type { CommentInsight, Product } from '../../core/protocol/room-events';
import { type PitchPolicy } from '../../core/recommend/pitch/policy';
import { productKey } from '../../core/recommend/pitch/product-key';
import { PitchSignals } from '../../core/recommend/pitch/signals';
import {
  NO_HISTORY,
  type PitchProduct,
  type PresentedSegment,
  type ProductHistory,
} from '../../core/recommend/pitch/types';
import { SessionTrails } from './session-trails';

/** The picks a host sees. */
export const PICKS = 3;

export interface SellerMemory {
  /** The host token's subject; null for a room whose creator is unknown (nothing is persisted). */
  seller: string | null;
  history: Map<string, ProductHistory>;
  policy: PitchPolicy;
}

export class PitchRoom {
  readonly signals = new PitchSignals({ keyOf: (id) => this.keyOf(id) });
  readonly trails = new SessionTrails();
  /** Each viewer session's latest presence mark, and its viewer. */
  private readonly sessions = new Map<string, { viewer: string; mark: PresenceMark }>();
  private readonly paid = new Set<string>();
  products: Product[] = [];
  margins = new Map<string, number>();
  currency: string | null = null;
  /** The product pinned now, as the pin facts say. */
  pinned: string | null = null;
  lastAt = 0;
  lastSent = '';
  /** When the catalog was last read. */
  catalogAt = 0;

  constructor(
    readonly roomId: string,
    public memory: SellerMemory,
    readonly openedAt: number,
  ) {}

  setCatalog(products: Product[], margins: Map<string, number>): void {
    this.products = products;
    this.margins = margins;
    this.currency ??=
      products.map((p) => Object.keys(p.prices).sort()[0]).find((c) => c !== undefined) ?? null;
  }

  comment(at: number, x: CommentInsight): void {
    this.signals.comment(at, x.p, x.i, x.sc);
    this.lastAt = Math.max(this.lastAt, at);
  }

  /**
   * One analytics fact of this room; a pin returns the presentation it ended (to learn from), with the
   * features of the newly pinned product recorded for its own segment.
   */
  fact(f: AnalyticsFact): PresentedSegment | null {
    this.lastAt = Math.max(this.lastAt, f.at);
    switch (f.kind) {
      case 'presence': {
        if (f.viewer)
          this.sessions.set(f.session, { viewer: f.viewer, mark: { at: f.at, leave: f.state === 'leave' } });
        this.signals.viewers(f.at, this.online(f.at));
        return null;
      }
      case 'impression':
        if (f.viewer) this.signals.impression(f.at, f.productId, f.viewer);
        return null;
      case 'click':
        if (f.viewer) {
          this.signals.click(f.at, f.productId, f.viewer);
          this.trails.add(`v:${f.viewer}`, f.productId, f.at);
        }
        return null;
      case 'order':
        if (f.status !== 'paid' || this.paid.has(f.orderId)) return null;
        this.paid.add(f.orderId);
        this.signals.order(
          f.at,
          f.productId,
          this.currency === null || f.currency === this.currency ? f.amount : 0,
        );
        this.trails.add(`b:${f.buyer}`, f.productId, f.at);
        this.trails.sold(f.productId);
        return null;
      case 'pin':
        return this.pin(f.at, f.productId);
      default:
        return null;
    }
  }

  /** `productId` is presented from `at` on (null: nothing); returns the presentation that ended. */
  pin(at: number, productId: string | null): PresentedSegment | null {
    this.pinned = productId;
    const features = productId ? this.featuresOf(productId, at) : undefined;
    return this.signals.pin(at, productId, features);
  }

  /** A product's key across this seller's streams (its id while the catalog does not know it). */
  private keyOf(productId: string): string {
    const product = this.products.find((p) => p.id === productId);
    return product ? productKey(product.titles) : productId;
  }

  /** Distinct viewers online at `now`. */
  online(now: number): number {
    const viewers = new Set<string>();
    for (const [session, s] of this.sessions) {
      if (onlineAt(s.mark, now)) viewers.add(s.viewer);
      else if (s.mark.leave || now - s.mark.at > 10 * 60_000) this.sessions.delete(session);
    }
    return viewers.size;
  }

  private catalog(): PitchProduct[] {
    return this.products.map((p) => ({
      productId: p.id,
      key: productKey(p.titles),
      stock: p.stock,
      priceMinor: (this.currency ? p.prices[this.currency] : undefined) ?? Object.values(p.prices)[0] ?? 0,
      marginPct: this.margins.get(p.id) ?? null,
      pinned: this.pinned === null ? p.pinned : p.id === this.pinned,
    }));
  }

  private snapshot(now: number) {
    const history = this.memory.history;
    return this.signals.snapshot(now, this.catalog(), (key) => history.get(key) ?? NO_HISTORY);
  }

  private featuresOf(productId: string, now: number): number[] | undefined {
    const { signals, ctx } = this.snapshot(now);
    const s = signals.find((x) => x.productId === productId);
    return s ? this.memory.policy.features(s, ctx) : undefined;
  }

  /** The host's picks now. */
  next(now: number): PitchNext {
    const { signals, ctx } = this.snapshot(now);
    const picks = this.memory.policy.rank(signals, ctx, PICKS);
    return { roomId: this.roomId, at: this.lastAt || now, picks, presenting: this.pinned };
  }
}
