// Pitch next: what the backend tells a room's host and ops about which product to present next, and what a
// viewer's page shows under the pinned card ("You may also like"). One contract for the server's engine, the
// studio's card, the ops room view and the viewer page; the reasons are data, each client words them in its
// own language (locales: pitch.reason.<kind>).
import { z } from 'zod';
import type { IntentTag, Product } from './room-events';

/** One reason a product is recommended, in the order the card shows them (strongest first). */
export type PitchReason =
  /** `count` comments linked to it asked about `intent` in the last `minutes`. */
  | { kind: 'asked'; intent: IntentTag; count: number; minutes: number }
  /** `count` viewers clicked its card (or Buy) in the last `minutes`. */
  | { kind: 'clicked'; count: number; minutes: number }
  /** When this seller last presented it (this or an earlier stream), `pct` % of the viewers bought it. */
  | { kind: 'converted'; pct: number }
  /** Comments about it are mostly positive (`score` -1..1). */
  | { kind: 'liked'; score: number }
  /** Only `left` in stock: sell it while it lasts. */
  | { kind: 'stock'; left: number }
  /** Not presented for `minutes` in this stream (null: never in this stream). */
  | { kind: 'not_presented'; minutes: number | null }
  /** Its margin is `pct` % (the product's optional margin field). */
  | { kind: 'margin'; pct: number }
  /** The policy is trying it: little data on it yet (bounded exploration). */
  | { kind: 'exploring' };

export type PitchReasonKind = PitchReason['kind'];

export interface PitchPick {
  productId: string;
  /** The policy's score (higher is better; comparable within one answer only). */
  score: number;
  /** True when it is here to learn (its uncertainty bonus decided the place), not for its expected value. */
  exploring: boolean;
  /** Strongest first; at least one. */
  reasons: PitchReason[];
}

export interface PitchNext {
  roomId: string;
  /** Server time of the newest signal it reflects (ms since the epoch). */
  at: number;
  /** Best first, at most 3; never a sold-out product, never the product pinned now. */
  picks: PitchPick[];
  /** The product pinned now, if any (the segment being presented). */
  presenting: string | null;
}

/** What a viewer's page shows under the pinned card. */
export interface AlsoLike {
  roomId: string;
  /** Best first, at most 4; in stock, not the pinned one (the room's public product data). */
  products: Product[];
  /** 'session': from this viewer's own views, clicks and buys; 'best_sellers': no history yet. */
  basis: 'session' | 'best_sellers';
}

export const PitchRefSchema = z.object({ roomId: z.string().min(1).max(64) });
