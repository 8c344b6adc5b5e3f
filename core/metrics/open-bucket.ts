// A bucket while it is open (what its facts added up to so far), the room's sessions and unique-count
// ranges, and how a bucket's orders are settled at close. Used by RoomAnalytics (room-analytics.ts).
import type { Money, RollupBucket } from '../protocol/analytics-events';
import { addMoney, compareFacts, emptyAdditive, type Additive, type AnalyticsFact } from './facts';
import type { PresenceMark } from './presence';

export interface LangAcc {
  views: number;
  online: number;
  orders: number;
  gmvPlaced: Money;
}

export type OrderFact = Extract<AnalyticsFact, { kind: 'order' }>;
export interface ProductAcc {
  impressions: number;
  clicks: number;
  orders: number;
  gmvPlaced: Money;
  gmvPaid: Money;
}
export interface OpenBucket {
  start: number;
  facts: number;
  add: Additive;
  commenters: Set<string>;
  active: Set<string>;
  /** Latest language of each viewer in the bucket, by (at, id). */
  lang: Map<string, { at: number; id: string; lang: string }>;
  marks: Map<string, PresenceMark[]>;
  products: Map<string, ProductAcc>;
  orders: OrderFact[];
}
export interface Session {
  viewer: string;
  /** Latest presence mark up to the closed buckets' end. */
  last: PresenceMark | null;
  /** Marks in buckets not closed yet. */
  pending: number;
}
/** Bucket indexes an entity was active in, as merged [from, to] ranges. */
export type Ranges = [number, number][];

export interface ClosedBucket {
  bucket: RollupBucket;
  /** Facts in the bucket (a node that saw more of them has the more complete bucket). */
  facts: number;
}

export const newBucket = (start: number): OpenBucket => ({
  start,
  facts: 0,
  add: emptyAdditive(),
  commenters: new Set(),
  active: new Set(),
  lang: new Map(),
  marks: new Map(),
  products: new Map(),
  orders: [],
});
export const newProduct = (): ProductAcc => ({
  impressions: 0,
  clicks: 0,
  orders: 0,
  gmvPlaced: {},
  gmvPaid: {},
});

export function mark(ranges: Ranges, index: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last[1] >= index - 1) last[1] = Math.max(last[1], index);
  else ranges.push([index, index]);
}
export const within = (ranges: Ranges, lo: number, hi: number) => ranges.some(([f, t]) => f <= hi && t >= lo);

/**
 * Counts a bucket's orders in time order into `add` (placed once per order, paid once per order): its
 * products and languages with their orders and GMV, and its buyers.
 */
export function settleOrders(
  b: OpenBucket,
  add: Additive,
  placed: Set<string>,
  paid: Set<string>,
  inPlace: boolean,
) {
  const products = new Map<string, ProductAcc>();
  for (const [id, p] of b.products) products.set(id, { ...p, gmvPlaced: {}, gmvPaid: {} });
  const product = (id: string) => {
    let p = products.get(id);
    if (!p) products.set(id, (p = newProduct()));
    return p;
  };
  const langs = new Map<string, LangAcc>();
  const lang = (l: string) => {
    let x = langs.get(l);
    if (!x) langs.set(l, (x = { views: 0, online: 0, orders: 0, gmvPlaced: {} }));
    return x;
  };
  const buyers = new Set<string>();
  const orders = inPlace ? b.orders.sort(compareFacts) : [...b.orders].sort(compareFacts);
  for (const o of orders) {
    if (o.status === 'placed' && !placed.has(o.orderId)) {
      placed.add(o.orderId);
      add.orders += 1;
      buyers.add(o.buyer);
      addMoney(add.gmvPlaced, o.currency, o.amount);
      const p = product(o.productId);
      p.orders += 1;
      addMoney(p.gmvPlaced, o.currency, o.amount);
      const l = lang(o.lang);
      l.orders += 1;
      addMoney(l.gmvPlaced, o.currency, o.amount);
    } else if (o.status === 'paid' && !paid.has(o.orderId)) {
      paid.add(o.orderId);
      addMoney(add.gmvPaid, o.currency, o.amount);
      addMoney(product(o.productId).gmvPaid, o.currency, o.amount);
    }
  }
  return { products, product, langs, lang, buyers };
}
