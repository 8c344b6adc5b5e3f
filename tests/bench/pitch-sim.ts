// The simulated live stream of `npm run bench -- pitch`: a seller's 20 products, viewers arriving and leaving,
// comments with intents, clicks and paid orders that depend on the pinned product's latent appeal, stock
// that runs out. The host re-pins every few minutes to the top pick of the policy under test, which sees
// only what the server would (PitchSignals snapshots and the seller's history), never the latent values.
//
// Products come from the YOOCHOOSE click log: 20 items with >= 20 clicks are drawn per seed; an item's
// popularity is its session count (log-scaled), its appeal (latent conversion propensity) mixes its
// repeat-click share (sessions that clicked it twice or more: a proxy of buying intent) with its
// popularity and seeded noise. The shared data has no buy log, so prices are drawn from a log-normal
// (median 120.00, sigma 0.5) and stock from a log-uniform 20..400.
import { seededRandom } from '../../core/random/prng';
import type { IntentTag } from '../../core/protocol/room-events';
import { PitchSignals } from '../../core/recommend/pitch/signals';
import {
  NO_HISTORY,
  type PitchProduct,
  type PresentedSegment,
  type ProductHistory,
  type ProductSignals,
  type RoomContext,
} from '../../core/recommend/pitch/types';

export interface ItemStats {
  id: string;
  clicks: number;
  sessions: number;
  /** Sessions that clicked it at least twice. */
  repeatSessions: number;
}

export interface SimProduct {
  id: string;
  key: string;
  priceMinor: number;
  stock0: number;
  /** Latent: orders per viewer-minute (of viewers who have not bought it) while it is pinned. */
  buyRate: number;
  /** Latent 0..1: how much viewers talk about it and open its card, bought or not. */
  popularity: number;
  /** Latent 0..1: the appeal buyRate is made from (asking rises with it too). */
  appeal: number;
}

export interface SimConfig {
  minutes: number;
  pinEveryMin: number;
  tickS: number;
}

/** What a host policy is shown at each re-pin, and what it may learn from. */
export interface HostPolicy {
  readonly name: string;
  /** The product to pin next (never the pinned one or a sold-out one), or null. */
  choose(signals: ProductSignals[], ctx: RoomContext, latent: LatentView): string | null;
  /** Features to store with the segment (ours); [] for the others. */
  featuresOf?(s: ProductSignals, ctx: RoomContext): number[];
  learn?(segment: PresentedSegment): void;
  /** Called when a stream ends (ours saves and reloads its state through JSON here). */
  endStream?(): void;
}

/** Only the oracle reads this. */
export interface LatentView {
  product(id: string): SimProduct;
  /** Share of the viewers present now who already bought it. */
  boughtShare(id: string): number;
}

const gauss = (rnd: () => number): number =>
  Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());

function poisson(rnd: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss(rnd)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rnd();
  while (p > limit) {
    k++;
    p *= rnd();
  }
  return k;
}

/** 20 products from the click log's items with >= 20 clicks, their latent values drawn with `seed`. */
export function drawProducts(items: readonly ItemStats[], seed: number, n = 20): SimProduct[] {
  const rnd = seededRandom(seed * 7919 + 11);
  const often = items.filter((i) => i.clicks >= 20);
  // A small log (the repo's fixture) has too few such items: its n most clicked then.
  const pool =
    often.length >= n
      ? often
      : [...items].sort((a, b) => b.clicks - a.clicks || (a.id < b.id ? -1 : 1)).slice(0, n);
  const picked: ItemStats[] = [];
  const taken = new Set<number>();
  while (picked.length < Math.min(n, pool.length)) {
    const at = Math.floor(rnd() * pool.length);
    if (taken.has(at)) continue;
    taken.add(at);
    picked.push(pool[at]!);
  }
  const maxLog = Math.max(...picked.map((i) => Math.log(i.sessions + 1)));
  const minLog = Math.min(...picked.map((i) => Math.log(i.sessions + 1)));
  const repeat = picked.map((i) => i.repeatSessions / Math.max(1, i.sessions));
  const order = [...repeat].sort((a, b) => a - b);
  return picked.map((item, i) => {
    const popularity = (Math.log(item.sessions + 1) - minLog) / Math.max(1e-9, maxLog - minLog);
    const repeatRank = order.indexOf(repeat[i]!) / Math.max(1, order.length - 1);
    const raw = 0.55 * repeatRank + 0.2 * popularity + 0.25 * rnd() + 0.15 * gauss(rnd);
    const appeal = Math.max(0, Math.min(1, raw));
    return {
      id: `p${i + 1}`,
      key: `yoochoose item ${item.id}`,
      priceMinor: Math.round(12_000 * Math.exp(0.5 * gauss(rnd))),
      stock0: Math.round(20 * Math.exp(Math.log(20) * rnd())),
      buyRate: 0.0015 * Math.exp(2.2 * appeal),
      popularity,
      appeal,
    };
  });
}

const ASK_MIX: readonly [IntentTag, number][] = [
  ['size', 0.32],
  ['price', 0.25],
  ['question', 0.2],
  ['shipping', 0.1],
];

/** One intent for an asking comment; buy intent grows with appeal. */
function intentOf(rnd: () => number, appeal: number): IntentTag {
  const buy = 0.05 + 0.2 * appeal;
  let u = rnd();
  if (u < buy) return 'buy';
  u = (u - buy) / (1 - buy);
  for (const [tag, p] of ASK_MIX) {
    if (u < p) return tag;
    u -= p;
  }
  return 'question';
}

export interface StreamResult {
  gmvMinor: number;
  orders: number;
  segments: number;
}

/**
 * One stream of `config.minutes` for a policy; `history` (by product key) is the seller's, updated as each
 * segment closes and kept across the seller's streams.
 */
export function simulateStream(
  products: readonly SimProduct[],
  policy: HostPolicy,
  history: Map<string, ProductHistory>,
  seed: number,
  config: SimConfig,
): StreamResult {
  const rnd = seededRandom(seed);
  const t0 = 1_750_000_000_000 + seed * 1000;
  const byId = new Map(products.map((p) => [p.id, p]));
  const keyOf = (id: string): string => byId.get(id)?.key ?? id;
  const sig = new PitchSignals({ keyOf });
  const stock = new Map(products.map((p) => [p.id, p.stock0]));
  const bought = new Map(products.map((p) => [p.id, 0]));
  // Each product's own chatter level (talked about, not necessarily bought): what fools "most asked".
  const chatter = new Map(products.map((p) => [p.id, Math.exp(0.4 * gauss(rnd))]));
  let viewers = 0;
  let arrived = 0;
  let pinned: string | null = null;
  let nextPinAt = 0;
  let gmvMinor = 0;
  let orders = 0;
  let segments = 0;
  const latent: LatentView = {
    product: (id) => byId.get(id)!,
    boughtShare: (id) => (viewers > 0 ? Math.min(1, (bought.get(id) ?? 0) / viewers) : 0),
  };
  const close = (seg: PresentedSegment | null): void => {
    if (!seg) return;
    segments++;
    const h = history.get(seg.key) ?? NO_HISTORY;
    history.set(seg.key, {
      presentations: h.presentations + 1,
      viewerMinutes: h.viewerMinutes + seg.viewerMinutes,
      viewers: h.viewers + seg.viewersAtStart,
      orders: h.orders + seg.orders,
      gmvMinor: h.gmvMinor + seg.gmvMinor,
    });
    policy.learn?.(seg);
  };
  const catalog = (): PitchProduct[] =>
    products.map((p) => ({
      productId: p.id,
      key: p.key,
      stock: stock.get(p.id)!,
      priceMinor: p.priceMinor,
      marginPct: null,
      pinned: p.id === pinned,
    }));
  const ticks = Math.round((config.minutes * 60) / config.tickS);
  const dtMin = config.tickS / 60;
  for (let tick = 0; tick < ticks; tick++) {
    const now = t0 + tick * config.tickS * 1000;
    const minute = tick * dtMin;
    // Audience: arrivals swell mid-stream; each viewer stays ~10 min on average.
    const arrivals = poisson(
      rnd,
      config.tickS * 0.9 * (0.6 + 0.6 * Math.sin((Math.PI * minute) / config.minutes)),
    );
    const leaving = Math.min(viewers, poisson(rnd, (viewers * config.tickS) / 600));
    if (viewers > 0) for (const [id, b] of bought) bought.set(id, b * (1 - leaving / viewers));
    viewers = viewers - leaving + arrivals;
    arrived += arrivals;
    sig.viewers(now, viewers);
    const soldOut = pinned !== null && stock.get(pinned)! <= 0;
    if (tick * dtMin >= nextPinAt || soldOut) {
      const { signals, ctx } = sig.snapshot(now, catalog(), (key) => history.get(key) ?? NO_HISTORY);
      const next = policy.choose(signals, ctx, latent);
      if (next !== null && next !== pinned) {
        const s = signals.find((x) => x.productId === next)!;
        close(sig.pin(now, next, policy.featuresOf?.(s, ctx) ?? []));
        pinned = next;
      } else if (soldOut) {
        close(sig.pin(now, null));
        pinned = null;
      }
      nextPinAt = tick * dtMin + config.pinEveryMin;
    }
    const viewer = (): string => `v${Math.floor(rnd() * Math.max(1, arrived))}`;
    for (const p of products) {
      const isPinned = p.id === pinned;
      const talk = chatter.get(p.id)!;
      // Asking comments: popularity and appeal both raise them; three times as many while it is pinned.
      const askRate = (viewers / 100) * talk * (0.25 * p.popularity + 0.35 * p.appeal) * (isPinned ? 3 : 1);
      const mood = 0.1 + 0.5 * (p.appeal - 0.5);
      for (let k = poisson(rnd, askRate * dtMin); k > 0; k--) {
        const score = Math.max(-1, Math.min(1, mood + 0.4 * gauss(rnd)));
        sig.comment(now + Math.floor(rnd() * config.tickS * 1000), p.id, [intentOf(rnd, p.appeal)], score);
      }
      const clickRate = isPinned
        ? viewers * 0.02 * (0.4 + p.appeal)
        : (viewers / 100) * talk * (0.3 * p.popularity + 0.2 * p.appeal);
      for (let k = poisson(rnd, clickRate * dtMin); k > 0; k--) sig.click(now, p.id, viewer());
      // Orders: while pinned at the full rate, else from the shop list at 5% of it.
      const eligible = Math.max(0, viewers - bought.get(p.id)!);
      const rate = p.buyRate * (isPinned ? 1 : 0.05);
      const n = Math.min(stock.get(p.id)!, poisson(rnd, eligible * rate * dtMin));
      if (n <= 0) continue;
      stock.set(p.id, stock.get(p.id)! - n);
      bought.set(p.id, bought.get(p.id)! + n);
      for (let k = 0; k < n; k++) sig.order(now, p.id, p.priceMinor);
      gmvMinor += n * p.priceMinor;
      orders += n;
    }
  }
  close(sig.pin(t0 + ticks * config.tickS * 1000, null));
  policy.endStream?.();
  return { gmvMinor, orders, segments };
}
