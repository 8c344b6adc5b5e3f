// Orders: placed with an idempotency key per room (stock reserved in the same transaction, never
// oversold, also with several gateway nodes on one database), then moved along ORDER_TRANSITIONS by
// atomic claims; reaching cancelled or refunded gives the stock back.
import { ORDER_TRANSITIONS, type Order, type OrderStatus } from '../../core/protocol/room-events';
import { Rollback, type SqlDatabase } from './sql';

/** An order as a buyer asks for it: the key makes a retry return the first answer. */
export interface NewOrder extends Pick<
  Order,
  'id' | 'roomId' | 'productId' | 'buyerId' | 'quantity' | 'currency'
> {
  idempotencyKey: string;
  now: number;
}

export type PlaceOrderResult =
  | { ok: true; order: Order; created: boolean }
  /** key_reused: this room already has an order under the key, for another product or quantity. */
  | { ok: false; reason: 'not_found' | 'out_of_stock' | 'no_price' | 'key_reused' };

interface OrderRow {
  id: string;
  room_id: string;
  product_id: string;
  buyer_id: string;
  quantity: number;
  currency: string;
  amount_minor: number;
  status: OrderStatus;
  created_at: number;
  updated_at: number;
}

const orderFromRow = (row: OrderRow): Order => ({
  id: row.id,
  roomId: row.room_id,
  productId: row.product_id,
  buyerId: row.buyer_id,
  quantity: row.quantity,
  currency: row.currency,
  amountMinor: row.amount_minor,
  status: row.status,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Cancelling or refunding gives the reserved stock back. */
const returnsStock = (to: OrderStatus) => to === 'cancelled' || to === 'refunded';

/** The unit price in `currency` from a product's stored prices; undefined when it has none. */
function unitPrice(pricesJson: string, currency: string): number | undefined {
  const prices = JSON.parse(pricesJson) as Record<string, number>;
  // hasOwn: a currency such as 'constructor' must not find Object.prototype's members.
  return Object.hasOwn(prices, currency) ? prices[currency] : undefined;
}

/**
 * The answer to a place whose key this room already used: the first order when the request is the same
 * purchase (a retry), key_reused when it is another one (a client bug, or a guessed key), so a key can
 * never turn one purchase into a different one.
 */
function replayOrder(existing: OrderRow, o: NewOrder): PlaceOrderResult {
  return existing.product_id === o.productId && existing.quantity === o.quantity
    ? { ok: true, order: orderFromRow(existing), created: false }
    : { ok: false, reason: 'key_reused' };
}

export class OrdersStore {
  constructor(private readonly db: SqlDatabase) {}

  private byKey(o: NewOrder): Promise<OrderRow | undefined> {
    return this.db.get<OrderRow>('SELECT * FROM orders WHERE room_id = ? AND idempotency_key = ?', [
      o.roomId,
      o.idempotencyKey,
    ]);
  }

  /**
   * Reserves stock and creates the order atomically. The same idempotency key in the same room returns
   * the first order (created: false) when it was for the same product and quantity, and key_reused
   * otherwise; keys of other rooms never match.
   */
  async place(o: NewOrder): Promise<PlaceOrderResult> {
    const existing = await this.byKey(o);
    if (existing) return replayOrder(existing, o);
    const result = await this.db.transaction(async (tx): Promise<PlaceOrderResult | 'duplicate'> => {
      // The conditional decrement is the reservation: concurrent buyers (on any node) queue on the row,
      // re-check `stock >= quantity` after it, and stock never goes below zero.
      const took = await tx.get<{ prices: string }>(
        'UPDATE products SET stock = stock - ?, updated_at = ? WHERE id = ? AND room_id = ? AND stock >= ? RETURNING prices',
        [o.quantity, o.now, o.productId, o.roomId, o.quantity],
      );
      if (!took) {
        const product = await tx.get<{ prices: string }>(
          'SELECT prices FROM products WHERE id = ? AND room_id = ?',
          [o.productId, o.roomId],
        );
        const reason = !product
          ? 'not_found'
          : unitPrice(product.prices, o.currency) === undefined
            ? 'no_price'
            : 'out_of_stock';
        throw new Rollback<PlaceOrderResult>({ ok: false, reason });
      }
      const unit = unitPrice(took.prices, o.currency);
      if (unit === undefined) throw new Rollback<PlaceOrderResult>({ ok: false, reason: 'no_price' });
      const inserted = await tx.get<OrderRow>(
        `INSERT INTO orders (id, room_id, product_id, buyer_id, quantity, currency, amount_minor, status,
           idempotency_key, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'placed', ?, ?, ?)
         ON CONFLICT (room_id, idempotency_key) DO NOTHING RETURNING *`,
        [
          o.id,
          o.roomId,
          o.productId,
          o.buyerId,
          o.quantity,
          o.currency,
          unit * o.quantity,
          o.idempotencyKey,
          o.now,
          o.now,
        ],
      );
      // A concurrent request with the same key in this room won: give our reservation back and answer as
      // a replay of its order (key_reused when it was another purchase).
      if (!inserted) throw new Rollback('duplicate' as const);
      return { ok: true, order: orderFromRow(inserted), created: true };
    });
    if (result !== 'duplicate') return result;
    // The winner has committed (PostgreSQL's ON CONFLICT waited for it; SQLite has one writer at a time).
    return replayOrder((await this.byKey(o))!, o);
  }

  /**
   * Claims one status change atomically: the order becomes `to` only if it is `from` now (and `from` ->
   * `to` is in ORDER_TRANSITIONS); returns the changed order, or null when it was not `from` (another
   * request claimed it first) or does not exist. Reaching cancelled or refunded returns the stock.
   */
  async transition(
    roomId: string,
    orderId: string,
    from: OrderStatus,
    to: OrderStatus,
    now: number,
  ): Promise<Order | null> {
    if (!ORDER_TRANSITIONS[from].includes(to)) return null;
    return this.db.transaction(async (tx) => {
      // The claim is the conditional update itself: a concurrent claim of the same change finds the order
      // no longer in `from` (after waiting for the winner) and changes nothing.
      const row = await tx.get<OrderRow>(
        'UPDATE orders SET status = ?, updated_at = ? WHERE room_id = ? AND id = ? AND status = ? RETURNING *',
        [to, now, roomId, orderId, from],
      );
      if (!row) return null;
      if (returnsStock(to)) {
        await tx.run('UPDATE products SET stock = stock + ?, updated_at = ? WHERE room_id = ? AND id = ?', [
          row.quantity,
          now,
          row.room_id,
          row.product_id,
        ]);
      }
      return orderFromRow(row);
    });
  }

  async get(roomId: string, orderId: string): Promise<Order | null> {
    const row = await this.db.get<OrderRow>('SELECT * FROM orders WHERE room_id = ? AND id = ?', [
      roomId,
      orderId,
    ]);
    return row ? orderFromRow(row) : null;
  }

  async list(roomId: string): Promise<Order[]> {
    const rows = await this.db.all<OrderRow>(
      'SELECT * FROM orders WHERE room_id = ? ORDER BY created_at, id',
      [roomId],
    );
    return rows.map(orderFromRow);
  }

  /** One buyer's orders in a room. */
  async listForBuyer(roomId: string, buyerId: string): Promise<Order[]> {
    const rows = await this.db.all<OrderRow>(
      'SELECT * FROM orders WHERE room_id = ? AND buyer_id = ? ORDER BY created_at, id',
      [roomId, buyerId],
    );
    return rows.map(orderFromRow);
  }
}
