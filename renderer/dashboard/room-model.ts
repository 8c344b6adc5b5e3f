// One room's pure parts: per-minute series from the 10 s buckets, last-10-min vs previous-10-min deltas,
// the funnel, the product table and the language split.
import {
  type Money,
  type ProductMetrics,
  type RollupBucket,
  type RoomMetrics,
} from '../../core/protocol/analytics-events';
import { addMoney } from '../shared/money';

export const MINUTE_MS = 60_000;

export interface MinutePoint {
  /** Minute start, ms since the epoch. */
  start: number;
  /** Viewers online at the end of the minute (its last bucket). */
  online: number;
  comments: number;
  pos: number;
  neu: number;
  neg: number;
  orders: number;
  gmvPlaced: Money;
}

/**
 * Buckets by start (a later copy of the same bucket replaces the earlier one: the open bucket is pushed
 * every ~2 s until it closes).
 */
export function upsertBucket(buckets: readonly RollupBucket[], bucket: RollupBucket): RollupBucket[] {
  const i = buckets.findIndex((b) => b.start === bucket.start);
  if (i >= 0) {
    const next = buckets.slice();
    next[i] = bucket;
    return next;
  }
  const next = [...buckets, bucket];
  if (buckets.length > 0 && bucket.start < buckets[buckets.length - 1]!.start)
    next.sort((a, b) => a.start - b.start);
  return next;
}

/**
 * Six 10 s buckets make a minute: counts are summed, money summed within each currency, `online` is the
 * last bucket's (a level, not a flow). Minutes without a bucket are absent, not zero.
 */
export function perMinute(buckets: readonly RollupBucket[]): MinutePoint[] {
  const minutes = new Map<number, MinutePoint & { lastStart: number }>();
  for (const b of buckets) {
    const start = Math.floor(b.start / MINUTE_MS) * MINUTE_MS;
    let m = minutes.get(start);
    if (!m) {
      m = { start, online: 0, comments: 0, pos: 0, neu: 0, neg: 0, orders: 0, gmvPlaced: {}, lastStart: -1 };
      minutes.set(start, m);
    }
    const r = b.room;
    if (b.start >= m.lastStart) {
      m.online = r.online;
      m.lastStart = b.start;
    }
    m.comments += r.comments;
    m.pos += r.sentiment.pos;
    m.neu += r.sentiment.neu;
    m.neg += r.sentiment.neg;
    m.orders += r.orders;
    m.gmvPlaced = addMoney(m.gmvPlaced, r.gmvPlaced);
  }
  return [...minutes.values()]
    .sort((a, b) => a.start - b.start)
    .map(({ lastStart: _unused, ...point }) => point);
}

export interface Delta {
  now: number;
  before: number;
  /** now - before */
  change: number;
  /** change / before, null when before is 0 (no percentage of nothing). */
  ratio: number | null;
}

export function delta(now: number, before: number): Delta {
  const change = now - before;
  return { now, before, change, ratio: before === 0 ? null : change / before };
}

/** A delta per currency present in either window. */
export function moneyDelta(now: Money, before: Money): Record<string, Delta> {
  const out: Record<string, Delta> = {};
  for (const c of new Set([...Object.keys(now), ...Object.keys(before)]))
    out[c] = delta(now[c] ?? 0, before[c] ?? 0);
  return out;
}

export const CARD_METRICS = [
  'online',
  'views',
  'entries',
  'exits',
  'avgWatchMs',
  'interactionRate',
  'ctr',
  'orders',
  'buyers',
  'conversion',
] as const;
export type CardMetric = (typeof CARD_METRICS)[number];

export function cardDeltas(last: RoomMetrics, previous: RoomMetrics): Record<CardMetric, Delta> {
  return Object.fromEntries(CARD_METRICS.map((k) => [k, delta(last[k], previous[k])])) as Record<
    CardMetric,
    Delta
  >;
}

/** "+12%", "−5%", "±0%" or, without a base, the signed change ("+3"); the sign is always written. */
export function formatDeltaLabel(d: Delta, format: (n: number) => string, language: string): string {
  if (d.ratio === null) {
    if (d.change === 0) return '±0';
    return `${d.change > 0 ? '+' : '−'}${format(Math.abs(d.change))}`;
  }
  const pct = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(
    Math.abs(d.ratio),
  );
  if (Math.round(d.ratio * 100) === 0) return `±${pct}`;
  return `${d.ratio > 0 ? '+' : '−'}${pct}`;
}

export const FUNNEL_STEPS = ['viewers', 'impressions', 'clicks', 'orders', 'paid'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];
export interface FunnelRow {
  step: FunnelStep;
  count: number;
  /** count / the previous step's count (null for the first step or after a zero). */
  fromPrevious: number | null;
  /** count / viewers (null with no viewers). */
  fromTop: number | null;
}

/** viewers -> impressions -> clicks -> orders -> paid, each with its rate from the step before. */
export function funnel(metrics: RoomMetrics, paidOrders: number): FunnelRow[] {
  const counts: Record<FunnelStep, number> = {
    viewers: metrics.views,
    impressions: metrics.impressions,
    clicks: metrics.clicks,
    orders: metrics.orders,
    paid: paidOrders,
  };
  const top = counts.viewers;
  return FUNNEL_STEPS.map((step, i) => {
    const count = counts[step];
    const prev = i === 0 ? null : counts[FUNNEL_STEPS[i - 1]!];
    return {
      step,
      count,
      fromPrevious: prev === null || prev === 0 ? null : count / prev,
      fromTop: top === 0 ? null : count / top,
    };
  });
}

export interface ProductRow extends ProductMetrics {
  title: string;
  /** Stock now (null: the product is not in the room's list). */
  stock: number | null;
}

/**
 * One row per product over the stream: `total` products summed over the buckets (presented and its time
 * are per bucket, so the pin count is the number of pin periods, from `pins`), joined with the catalog.
 */
export function productRows(
  buckets: readonly RollupBucket[],
  pins: readonly { productId: string; from: number; to: number | null }[],
  catalog: readonly { id: string; title: string; stock: number }[],
  now: number,
): ProductRow[] {
  const rows = new Map<string, ProductRow>();
  const row = (id: string): ProductRow => {
    let r = rows.get(id);
    if (!r) {
      const p = catalog.find((c) => c.id === id);
      r = {
        productId: id,
        title: p?.title ?? id,
        stock: p?.stock ?? null,
        presented: 0,
        presentedMs: 0,
        impressions: 0,
        clicks: 0,
        ctr: 0,
        orders: 0,
        gmvPlaced: {},
        gmvPaid: {},
      };
      rows.set(id, r);
    }
    return r;
  };
  for (const p of catalog) row(p.id);
  for (const b of buckets) {
    for (const p of b.products) {
      const r = row(p.productId);
      r.impressions += p.impressions;
      r.clicks += p.clicks;
      r.orders += p.orders;
      r.gmvPlaced = addMoney(r.gmvPlaced, p.gmvPlaced);
      r.gmvPaid = addMoney(r.gmvPaid, p.gmvPaid);
    }
  }
  for (const pin of pins) {
    const r = row(pin.productId);
    r.presented += 1;
    r.presentedMs += Math.max(0, (pin.to ?? now) - pin.from);
  }
  for (const r of rows.values()) r.ctr = r.impressions === 0 ? 0 : r.clicks / r.impressions;
  return [...rows.values()].sort((a, b) => b.orders - a.orders || b.clicks - a.clicks);
}

export interface LanguageShare {
  lang: string;
  online: number;
  orders: number;
  /** online / all online (0 with nobody online). */
  share: number;
}

/**
 * Viewers online now per language (the latest bucket) with their orders over the stream. Unique views per
 * language cannot be added up from buckets, so they are not shown here.
 */
export function languageSplit(buckets: readonly RollupBucket[]): LanguageShare[] {
  const latest = buckets[buckets.length - 1];
  const totals = new Map<string, LanguageShare>();
  for (const b of buckets)
    for (const l of b.languages) {
      const t = totals.get(l.lang) ?? { lang: l.lang, online: 0, orders: 0, share: 0 };
      t.orders += l.orders;
      totals.set(l.lang, t);
    }
  for (const l of latest?.languages ?? []) {
    const t = totals.get(l.lang);
    if (t) t.online = l.online;
  }
  const online = [...totals.values()].reduce((n, t) => n + t.online, 0);
  for (const t of totals.values()) t.share = online === 0 ? 0 : t.online / online;
  return [...totals.values()].sort((a, b) => b.online - a.online || b.orders - a.orders);
}
