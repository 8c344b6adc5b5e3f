// The pitch-next policy's contract: what it is told about each product (signals), what it answers (picks
// with reasons, core/protocol/pitch.ts), and what it learns from (a presented segment's outcome). The server's
// engine (server/recommend) and the simulated stream of `npm run bench -- pitch` drive the same code.
import type { IntentTag } from '../../protocol/room-events';

/** What this seller's earlier presentations of a product (by its key) brought, over all past streams. */
export interface ProductHistory {
  /** Segments in which it was the pinned product. */
  presentations: number;
  /** Sum over those segments of viewers x minutes. */
  viewerMinutes: number;
  /** Viewers present when those segments started, summed (the denominator of "sold x% of viewers"). */
  viewers: number;
  orders: number;
  /** GMV in minor units of the room's main currency. */
  gmvMinor: number;
}

export const NO_HISTORY: ProductHistory = {
  presentations: 0,
  viewerMinutes: 0,
  viewers: 0,
  orders: 0,
  gmvMinor: 0,
};

/** A product as the catalog has it now. */
export interface PitchProduct {
  productId: string;
  /** The seller's key for it across streams (see productKey). */
  key: string;
  stock: number;
  /** Price in minor units of the room's main currency. */
  priceMinor: number;
  /** Margin in percent of the price, when the seller gave one. */
  marginPct: number | null;
  pinned: boolean;
}

/** Everything the policy knows about one product at one moment. */
export interface ProductSignals extends PitchProduct {
  /** Comments linked to it in the window, per intent (a comment may count for several). */
  asks: Partial<Record<IntentTag, number>>;
  /** Comments linked to it in the window. */
  comments: number;
  /** Mean sentiment score (-1..1) of those comments; null with none. */
  mood: number | null;
  /** Distinct viewers who clicked its card or Buy in the window. */
  clicks: number;
  /** Distinct viewers shown its card in the window. */
  impressions: number;
  /** Paid orders for it in this stream. */
  ordersThisStream: number;
  /** Since it was last pinned in this stream (ms); null when it has not been. */
  msSincePresented: number | null;
  history: ProductHistory;
}

export interface RoomContext {
  now: number;
  /** Viewers watching now. */
  viewers: number;
  /** The signal window (ms), e.g. 120_000 for "in the last 2 min". */
  windowMs: number;
}

/** A presentation that ended: the product pinned from `from` to `to`, and what it sold meanwhile. */
export interface PresentedSegment {
  productId: string;
  key: string;
  from: number;
  to: number;
  /** The policy's features of the product when it was pinned (what the reward is learned against). */
  features: number[];
  viewersAtStart: number;
  viewerMinutes: number;
  orders: number;
  gmvMinor: number;
}

/** The policy's learned state, JSON-safe (persisted per seller). */
export interface PitchPolicyState {
  version: 1;
  [field: string]: unknown;
}
