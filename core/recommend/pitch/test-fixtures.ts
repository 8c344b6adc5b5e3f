// Shared fixtures of the pitch-next tests: a small catalog and a signals snapshot built through PitchSignals.
import type { IntentTag } from '../../protocol/room-events';
import { type PitchSignals } from './signals';
import { NO_HISTORY, type PitchProduct, type ProductHistory } from './types';

export const T0 = 1_700_000_000_000;
export const MIN = 60_000;

export function catalog(
  n = 6,
  overrides: Partial<Record<string, Partial<PitchProduct>>> = {},
): PitchProduct[] {
  return Array.from({ length: n }, (_, i) => {
    const productId = `p${i + 1}`;
    return {
      productId,
      key: `product ${i + 1}`,
      stock: 100,
      priceMinor: 10_000,
      marginPct: null,
      pinned: false,
      ...overrides[productId],
    };
  });
}

export function noHistory(): ProductHistory {
  return NO_HISTORY;
}

/** `count` comments with `intents` about a product from distinct viewers, one a second from `at`. */
export function asks(
  sig: PitchSignals,
  at: number,
  productId: string,
  count: number,
  intents: IntentTag[],
): void {
  for (let i = 0; i < count; i++) sig.comment(at + i * 1000, productId, intents, 0.2);
}

export function clicks(sig: PitchSignals, at: number, productId: string, count: number): void {
  for (let i = 0; i < count; i++) sig.click(at + i * 1000, productId, `v${i}`);
}
