// Money on the dashboard: per currency, never added across currencies (Money = currency -> minor units).
import type { Money } from '../../core/protocol/analytics-events';
import { formatMoney } from './format';

/** The currencies of `money` with a non-zero amount, by code (amounts in different currencies cannot be
 * ranked against each other, so every tile lists them in the same order). */
export function currencies(money: Money): string[] {
  return Object.keys(money)
    .filter((c) => (money[c] ?? 0) > 0)
    .sort();
}

/** One formatted amount per currency ("$12.00 · ¥3,000"); `empty` when there is none. */
export function formatMoneyMap(money: Money, language: string, empty = '–'): string {
  const parts = currencies(money).map((c) => safeFormat(money[c]!, c, language));
  return parts.length > 0 ? parts.join(' · ') : empty;
}

/** One amount in one currency, zero included (an unknown code is written after the amount). */
export function safeFormat(minor: number, currency: string, language: string): string {
  try {
    return formatMoney(minor, currency, language);
  } catch {
    // Not an ISO currency Intl knows: show the amount with its code rather than throwing.
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** Adds b to a within each currency (the same currency only). */
export function addMoney(a: Money, b: Money): Money {
  const out: Money = { ...a };
  for (const [c, v] of Object.entries(b)) out[c] = (out[c] ?? 0) + v;
  return out;
}

/**
 * The currency to rank and chart a set of amounts by: the one most of them have (ties: by code). Tiles
 * without it rank below those with it; nothing is converted.
 */
export function dominantCurrency(amounts: Money[]): string | null {
  const seen = new Map<string, number>();
  for (const m of amounts) for (const c of currencies(m)) seen.set(c, (seen.get(c) ?? 0) + 1);
  let best: string | null = null;
  let bestN = 0;
  for (const [c, n] of [...seen].sort(([a], [b]) => a.localeCompare(b))) {
    if (n > bestN) [best, bestN] = [c, n];
  }
  return best;
}
