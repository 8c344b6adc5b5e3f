// Why a product is in Pitch next, in data the card words per language (pitch.reason.<kind>): each reason
// that passes its threshold, strongest first, at most four, never none.
import type { PitchReason } from '../../protocol/pitch';
import type { IntentTag } from '../../protocol/room-events';
import type { ProductSignals, RoomContext } from './types';

/** Intents that are a viewer asking about the product (a complaint is not). */
export const ASK_INTENTS: readonly IntentTag[] = ['size', 'price', 'shipping', 'buy', 'question'];

const MAX_REASONS = 4;
const MINUTE_MS = 60_000;

/** The intent most asked about and its count (first of ASK_INTENTS on ties), or null with none. */
export function topAsk(s: ProductSignals): { intent: IntentTag; count: number } | null {
  let best: { intent: IntentTag; count: number } | null = null;
  for (const intent of ASK_INTENTS) {
    const count = s.asks[intent] ?? 0;
    if (count > 0 && (best === null || count > best.count)) best = { intent, count };
  }
  return best;
}

export function reasonsFor(s: ProductSignals, ctx: RoomContext, exploring: boolean): PitchReason[] {
  const minutes = Math.max(1, Math.round(ctx.windowMs / MINUTE_MS));
  const out: { reason: PitchReason; strength: number }[] = [];
  const add = (reason: PitchReason, strength: number): void => {
    out.push({ reason, strength });
  };
  if (exploring) add({ kind: 'exploring' }, Infinity);
  const ask = topAsk(s);
  if (ask && ask.count >= 2) add({ kind: 'asked', ...ask, minutes }, 1 + Math.min(1, ask.count / 10));
  if (s.clicks >= 2) add({ kind: 'clicked', count: s.clicks, minutes }, 0.9 + Math.min(1, s.clicks / 10));
  if (s.history.viewers > 0) {
    // Viewers who came during a presentation buy too: orders can outnumber the viewers it started with.
    const pct = Math.min(100, Math.round((1000 * s.history.orders) / s.history.viewers) / 10);
    add({ kind: 'converted', pct }, 0.6 + Math.min(1, pct / 5));
  }
  if (s.stock > 0 && s.stock <= 50) add({ kind: 'stock', left: s.stock }, s.stock <= 10 ? 1.2 : 0.5);
  const since = s.msSincePresented === null ? null : s.msSincePresented / MINUTE_MS;
  if (since === null) add({ kind: 'not_presented', minutes: null }, 0.45);
  else if (since >= 5)
    add({ kind: 'not_presented', minutes: Math.floor(since) }, 0.3 + Math.min(0.5, since / 60));
  if (s.mood !== null && s.mood >= 0.4 && s.comments >= 3)
    add({ kind: 'liked', score: Math.round(s.mood * 100) / 100 }, 0.3 + 0.3 * s.mood);
  if (s.marginPct !== null && s.marginPct >= 30)
    add({ kind: 'margin', pct: s.marginPct }, 0.2 + s.marginPct / 200);
  if (out.length === 0) add({ kind: 'not_presented', minutes: since === null ? null : Math.floor(since) }, 0);
  // Stable sort: equal strengths keep the order above.
  return out
    .sort((a, b) => b.strength - a.strength)
    .slice(0, MAX_REASONS)
    .map((r) => r.reason);
}
