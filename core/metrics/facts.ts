// What the backend records about a room for its ops metrics: one fact per thing that happened (a viewer's
// presence, a product card shown or clicked, a comment, an order's state, a pin, the stream going live),
// each stamped by the server with its receive time. Facts are the raw data; every metric is computed from
// them by RoomAnalytics (room-analytics.ts), so a stored rollup can always be recomputed from stored facts.
import { BUCKET_MS, type Money, type RoomMetrics } from '../protocol/analytics-events';

export type SentimentMark = 'pos' | 'neu' | 'neg';

interface FactCommon {
  /** Unique per fact: the same id twice is one fact (resends, relays). */
  id: string;
  roomId: string;
  /** Server receive time, ms since the epoch. */
  at: number;
  /** Anonymous analytics id of the viewer (null for facts that are not a viewer's: orders, pins, live). */
  viewer: string | null;
  /** Viewer language ('und' when unknown). */
  lang: string;
  /** Region from Accept-Language (e.g. 'US'), null when it had none. */
  region: string | null;
}

export type FactBody =
  /** `session` is one connection: a viewer on several tabs or nodes has several sessions. */
  | { kind: 'presence'; state: 'join' | 'heartbeat' | 'leave'; session: string }
  | { kind: 'impression'; productId: string }
  | { kind: 'click'; productId: string; target: 'card' | 'buy' }
  | { kind: 'caption_lang'; captionLang: string | null }
  | { kind: 'danmaku'; on: boolean }
  /** A viewer comment that was accepted: `handle` is its author handle (not linkable to `viewer`). */
  | { kind: 'comment'; handle: string; sentiment: SentimentMark | null }
  | {
      kind: 'order';
      orderId: string;
      productId: string;
      buyer: string;
      status: string;
      /** Minor units. */
      amount: number;
      currency: string;
    }
  /** The pinned product from `at` on (null: nothing pinned). */
  | { kind: 'pin'; productId: string | null }
  | { kind: 'live'; state: 'start' | 'end'; title?: string; host?: string };

export type AnalyticsFact = FactCommon & FactBody;
export type FactKind = AnalyticsFact['kind'];

export const bucketStart = (at: number) => Math.floor(at / BUCKET_MS) * BUCKET_MS;

/** Deterministic order of facts: time, then id. */
export const compareFacts = (a: AnalyticsFact, b: AnalyticsFact) =>
  a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function addMoney(into: Money, currency: string, amount: number): void {
  into[currency] = (into[currency] ?? 0) + amount;
}

export function sumMoney(into: Money, add: Money): Money {
  for (const [c, v] of Object.entries(add)) addMoney(into, c, v);
  return into;
}

/** a / b, 0 when b is 0. */
export const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

/** GMV per 1,000 views, per currency, in minor units (rounded). */
export function gpmOf(gmv: Money, views: number): Money {
  const out: Money = {};
  for (const [c, v] of Object.entries(gmv)) out[c] = views > 0 ? Math.round((v / views) * 1000) : 0;
  return out;
}

/** The additive part of a room's metrics over some buckets (what can be summed); uniques come separately. */
export interface Additive {
  entries: number;
  exits: number;
  watchMs: number;
  comments: number;
  impressions: number;
  clicks: number;
  orders: number;
  gmvPlaced: Money;
  gmvPaid: Money;
  sentiment: { pos: number; neu: number; neg: number };
}

export const emptyAdditive = (): Additive => ({
  entries: 0,
  exits: 0,
  watchMs: 0,
  comments: 0,
  impressions: 0,
  clicks: 0,
  orders: 0,
  gmvPlaced: {},
  gmvPaid: {},
  sentiment: { pos: 0, neu: 0, neg: 0 },
});

export function addAdditive(into: Additive, a: Additive): Additive {
  into.entries += a.entries;
  into.exits += a.exits;
  into.watchMs += a.watchMs;
  into.comments += a.comments;
  into.impressions += a.impressions;
  into.clicks += a.clicks;
  into.orders += a.orders;
  sumMoney(into.gmvPlaced, a.gmvPlaced);
  sumMoney(into.gmvPaid, a.gmvPaid);
  into.sentiment.pos += a.sentiment.pos;
  into.sentiment.neu += a.sentiment.neu;
  into.sentiment.neg += a.sentiment.neg;
  return into;
}

/** The metric definitions, from the additive sums and the unique counts of one period. */
export function roomMetrics(
  a: Additive,
  u: { online: number; views: number; commenters: number; buyers: number },
): RoomMetrics {
  return {
    online: u.online,
    views: u.views,
    entries: a.entries,
    exits: a.exits,
    avgWatchMs: Math.round(ratio(a.watchMs, u.views)),
    comments: a.comments,
    commenters: u.commenters,
    interactionRate: ratio(u.commenters, u.views),
    impressions: a.impressions,
    clicks: a.clicks,
    ctr: ratio(a.clicks, a.impressions),
    orders: a.orders,
    buyers: u.buyers,
    gmvPlaced: { ...a.gmvPlaced },
    gmvPaid: { ...a.gmvPaid },
    conversion: ratio(u.buyers, u.views),
    gpm: gpmOf(a.gmvPlaced, u.views),
    sentiment: { ...a.sentiment },
  };
}

export const emptyRoomMetrics = (): RoomMetrics =>
  roomMetrics(emptyAdditive(), { online: 0, views: 0, commenters: 0, buyers: 0 });
