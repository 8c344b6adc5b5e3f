// The one storage interface of the backend. SQLite is the embedded default; PostgreSQL is used when
// DATABASE_URL is set. Both run the same migrations and the same test suite.
import {
  intentMaskOf,
  intentsOfMask,
  ORDER_TRANSITIONS,
  SENTIMENT_LABELS,
  type CommentWire,
  type SentimentLabel,
  type Order,
  type OrderStatus,
  type Product,
} from '../../core/protocol/room-events';
import type { Room } from '../../core/protocol/socket-events';

export interface NewComment extends CommentWire {
  roomId: string;
  createdAt: number;
}

export type ModerationKind = 'blocked_word' | 'muted' | 'banned' | 'slow_mode';

export interface NewOrder {
  id: string;
  roomId: string;
  productId: string;
  buyerId: string;
  quantity: number;
  currency: string;
  idempotencyKey: string;
  now: number;
}

export type PlaceOrderResult =
  | { ok: true; order: Order; created: boolean }
  /** key_reused: this room already has an order under the key, for another product or quantity. */
  | { ok: false; reason: 'not_found' | 'out_of_stock' | 'no_price' | 'key_reused' };

export interface ProductChange {
  prices?: Record<string, number>;
  stock?: number;
}

export type PatchProductResult =
  | { ok: true; product: Product }
  | { ok: false; reason: 'not_found' }
  /** A field in `base` no longer has the value the host saw: nothing was changed; `product` is now. */
  | { ok: false; reason: 'stale'; product: Product };

export interface HostEvent {
  id: string;
  roomId: string | null;
  type: string;
  payload: unknown;
}

export interface StudioRepository {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending migrations; returns the schema version afterwards. */
  migrate(): Promise<number>;
  /** Stores a new room with the sha256 of its host's key (the key itself is never stored). */
  createRoom(room: Room, hostKeyHash?: string): Promise<Room>;
  getRoom(id: string): Promise<Room | null>;
  getHostKeyHash(id: string): Promise<string | null>;
  setRoomStatus(id: string, status: Room['status']): Promise<Room | null>;
  /** Renames a room (its host typed the title after something else had created it); null when unknown. */
  setRoomTitle(id: string, title: string): Promise<Room | null>;
  /** When the room last went live (ms), for stream-relative timestamps; null before. */
  getLiveStartedAt(id: string): Promise<number | null>;

  addComments(comments: NewComment[]): Promise<void>;
  listComments(roomId: string, limit: number): Promise<CommentWire[]>;
  deleteComment(roomId: string, commentId: string): Promise<boolean>;
  listModeration(roomId: string): Promise<{ kind: ModerationKind; value: string }[]>;
  addModeration(roomId: string, kind: ModerationKind, values: string[]): Promise<void>;
  removeModeration(roomId: string, kind: ModerationKind, values: string[]): Promise<void>;

  upsertProduct(product: Product): Promise<Product>;
  getProduct(roomId: string, productId: string): Promise<Product | null>;
  listProducts(roomId: string): Promise<Product[]>;
  /**
   * Changes price and/or stock atomically. With `base`, only if every field it names still has that value
   * (prices compared as a whole map): a compare-and-set, so a queued edit never overwrites a sale.
   */
  patchProduct(
    roomId: string,
    productId: string,
    patch: ProductChange,
    base: ProductChange | undefined,
    now: number,
  ): Promise<PatchProductResult>;
  /** Pins one product of the room (or none) and unpins the rest. */
  pinProduct(roomId: string, productId: string | null): Promise<void>;

  /**
   * Reserves stock and creates the order atomically; never oversells, also with several gateway nodes on
   * one database. The same idempotency key in the same room returns the first order (created: false) when
   * it was for the same product and quantity, and key_reused otherwise; keys of other rooms never match.
   */
  placeOrder(order: NewOrder): Promise<PlaceOrderResult>;
  /**
   * Claims one status change atomically: the order becomes `to` only if it is `from` now (and `from` -> `to`
   * is in ORDER_TRANSITIONS); returns the changed order, or null when it was not `from` (another request
   * claimed it first) or does not exist. Reaching cancelled or refunded returns the stock.
   */
  transitionOrder(
    roomId: string,
    orderId: string,
    from: OrderStatus,
    to: OrderStatus,
    now: number,
  ): Promise<Order | null>;
  getOrder(roomId: string, orderId: string): Promise<Order | null>;
  listOrders(roomId: string): Promise<Order[]>;
  /** One buyer's orders in a room. */
  listBuyerOrders(roomId: string, buyerId: string): Promise<Order[]>;

  /** Stores host outbox events once each (by id); returns every id it now holds, old or new. */
  recordHostEvents(events: HostEvent[], now: number): Promise<string[]>;
  /** Which of these host event ids are stored already. */
  knownHostEvents(ids: string[]): Promise<Set<string>>;
  close(): Promise<void>;
}

export interface RoomRow {
  id: string;
  title: string;
  host_language: string;
  status: Room['status'];
  created_at: number | string;
  host_key_hash?: string | null;
}

export interface ProductRow {
  id: string;
  room_id: string;
  titles: string;
  prices: string;
  stock: number;
  images: string;
  ar_asset: string | null;
  aliases: string | null;
  pinned: number | boolean;
  updated_at: number | string;
}

export function productFromRow(row: ProductRow): Product {
  return {
    id: row.id,
    roomId: row.room_id,
    titles: JSON.parse(row.titles) as Record<string, string>,
    prices: JSON.parse(row.prices) as Record<string, number>,
    stock: Number(row.stock),
    images: JSON.parse(row.images) as string[],
    arAsset: row.ar_asset,
    aliases: JSON.parse(row.aliases ?? '[]') as string[],
    pinned: Boolean(Number(row.pinned)),
    updatedAt: Number(row.updated_at),
  };
}

export interface OrderRow {
  id: string;
  room_id: string;
  product_id: string;
  buyer_id: string;
  quantity: number;
  currency: string;
  amount_minor: number | string;
  status: OrderStatus;
  created_at: number | string;
  updated_at: number | string;
}

export function orderFromRow(row: OrderRow): Order {
  return {
    id: row.id,
    roomId: row.room_id,
    productId: row.product_id,
    buyerId: row.buyer_id,
    quantity: Number(row.quantity),
    currency: row.currency,
    amountMinor: Number(row.amount_minor),
    status: row.status,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export interface CommentRow {
  id: string;
  author_id: string;
  author_name: string;
  kind: 'h' | 'v';
  text: string;
  stream_ms: number | string;
  lang?: string | null;
  sentiment?: string | null;
  sentiment_score?: number | null;
  intents?: number | null;
  product_id?: string | null;
}

/** The insight columns of a comment row, in table order (lang, sentiment, score, intents, product). */
export function insightColumns(
  c: CommentWire,
): [string | null, string | null, number | null, number | null, string | null] {
  return c.x ? [c.x.lang, c.x.s, c.x.sc, intentMaskOf(c.x.i), c.x.p] : [null, null, null, null, null];
}

export function commentFromRow(row: CommentRow): CommentWire {
  return {
    id: row.id,
    t: Number(row.stream_ms),
    a: row.author_id,
    n: row.author_name,
    text: row.text,
    k: row.kind,
    ...(row.lang && SENTIMENT_LABELS.includes(row.sentiment as SentimentLabel)
      ? {
          x: {
            lang: row.lang,
            s: row.sentiment as SentimentLabel,
            sc: Number(row.sentiment_score ?? 0),
            i: intentsOfMask(Number(row.intents ?? 0)),
            p: row.product_id ?? null,
          },
        }
      : {}),
  };
}

export const canTransition = (from: OrderStatus, to: OrderStatus) => ORDER_TRANSITIONS[from].includes(to);
/** Cancelling or refunding gives the reserved stock back. */
export const returnsStock = (to: OrderStatus) => to === 'cancelled' || to === 'refunded';

/** The unit price in `currency` from a product's stored prices; undefined when it has none. */
export function unitPrice(pricesJson: string, currency: string): number | undefined {
  const prices = JSON.parse(pricesJson) as Record<string, number>;
  // hasOwn: a currency such as 'constructor' must not find Object.prototype's members.
  return Object.hasOwn(prices, currency) ? prices[currency] : undefined;
}

/**
 * The answer to a placeOrder whose key this room already used: the first order when the request is the
 * same purchase (a retry), key_reused when it is another one (a client bug, or a guessed key), so a key
 * can never turn one purchase into a different one.
 */
export function replayOrder(existing: OrderRow, o: NewOrder): PlaceOrderResult {
  return existing.product_id === o.productId && Number(existing.quantity) === o.quantity
    ? { ok: true, order: orderFromRow(existing), created: false }
    : { ok: false, reason: 'key_reused' };
}

/** Whether every field `base` names still has that value (prices as a map: same keys and amounts). */
export function matchesBase(current: Product, base: ProductChange | undefined): boolean {
  if (!base) return true;
  if (base.stock !== undefined && current.stock !== base.stock) return false;
  if (base.prices !== undefined) {
    const want = Object.entries(base.prices);
    if (want.length !== Object.keys(current.prices).length) return false;
    if (!want.every(([c, v]) => Object.hasOwn(current.prices, c) && current.prices[c] === v)) return false;
  }
  return true;
}

export function roomFromRow(row: RoomRow): Room {
  return {
    id: row.id,
    title: row.title,
    hostLanguage: row.host_language,
    status: row.status,
    createdAt: Number(row.created_at),
  };
}

export interface OpenRepositoryOptions {
  databaseUrl?: string | undefined;
  sqliteFile: string;
}

export async function openRepository(options: OpenRepositoryOptions): Promise<StudioRepository> {
  if (options.databaseUrl) {
    const { PostgresRepository } = await import('./postgres-repository');
    return PostgresRepository.connect(options.databaseUrl);
  }
  const { SqliteRepository } = await import('./sqlite-repository');
  return new SqliteRepository(options.sqliteFile);
}
