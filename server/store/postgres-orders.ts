// The order methods of PostgresRepository, kept apart so each file stays readable. Every one behaves as
// its SqliteRepository twin; the shared suite in repository.test.ts runs against both.
import type pg from 'pg';
import type { Order, OrderStatus } from '../../core/protocol/room-events';
import { inTransaction, Rollback } from './postgres-tx';
import {
  canTransition,
  orderFromRow,
  replayOrder,
  returnsStock,
  unitPrice,
  type NewOrder,
  type OrderRow,
  type PlaceOrderResult,
} from './repository';

async function orderByKey(pool: pg.Pool, o: NewOrder): Promise<OrderRow | undefined> {
  const { rows } = await pool.query<OrderRow>(
    'SELECT * FROM orders WHERE room_id = $1 AND idempotency_key = $2',
    [o.roomId, o.idempotencyKey],
  );
  return rows[0];
}

export async function placeOrder(pool: pg.Pool, o: NewOrder): Promise<PlaceOrderResult> {
  const existing = await orderByKey(pool, o);
  if (existing) return replayOrder(existing, o);
  const result = await inTransaction(pool, async (c): Promise<PlaceOrderResult | 'duplicate'> => {
    // The conditional decrement is atomic: concurrent buyers on any node queue on the row lock and
    // re-check `stock >= quantity` after it, so stock never goes below zero.
    const took = await c.query<{ prices: string }>(
      'UPDATE products SET stock = stock - $1, updated_at = $2 WHERE id = $3 AND room_id = $4 AND stock >= $1 RETURNING prices',
      [o.quantity, o.now, o.productId, o.roomId],
    );
    if (!took.rows[0]) {
      // Give the reasons in SQLite's order (not_found, no_price, out_of_stock), so both stores agree.
      const { rows } = await c.query<{ prices: string }>(
        'SELECT prices FROM products WHERE id = $1 AND room_id = $2',
        [o.productId, o.roomId],
      );
      const reason = !rows[0]
        ? 'not_found'
        : unitPrice(rows[0].prices, o.currency) === undefined
          ? 'no_price'
          : 'out_of_stock';
      throw new Rollback<PlaceOrderResult>({ ok: false, reason });
    }
    const unit = unitPrice(took.rows[0].prices, o.currency);
    if (unit === undefined) throw new Rollback<PlaceOrderResult>({ ok: false, reason: 'no_price' });
    const inserted = await c.query<OrderRow>(
      `INSERT INTO orders (id, room_id, product_id, buyer_id, quantity, currency, amount_minor, status, idempotency_key, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'placed', $8, $9, $9)
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
      ],
    );
    // A concurrent request with the same key in this room won: give our reservation back and answer as a
    // replay of its order (key_reused when it was another purchase).
    if (!inserted.rows[0]) throw new Rollback('duplicate' as const);
    return { ok: true, order: orderFromRow(inserted.rows[0]), created: true };
  });
  if (result !== 'duplicate') return result;
  // ON CONFLICT DO NOTHING waited for the winner to commit, so its order is visible now.
  return replayOrder((await orderByKey(pool, o))!, o);
}

export async function transitionOrder(
  pool: pg.Pool,
  roomId: string,
  orderId: string,
  from: OrderStatus,
  to: OrderStatus,
  now: number,
): Promise<Order | null> {
  if (!canTransition(from, to)) return null;
  return inTransaction(pool, async (c) => {
    // The claim is the conditional update itself: a concurrent claim waits on the row lock, re-checks
    // `status = from` after the winner commits, and changes nothing.
    const { rows } = await c.query<OrderRow>(
      'UPDATE orders SET status = $1, updated_at = $2 WHERE room_id = $3 AND id = $4 AND status = $5 RETURNING *',
      [to, now, roomId, orderId, from],
    );
    const row = rows[0];
    if (!row) return null;
    if (returnsStock(to)) {
      await c.query(
        'UPDATE products SET stock = stock + $1, updated_at = $2 WHERE room_id = $3 AND id = $4',
        [row.quantity, now, row.room_id, row.product_id],
      );
    }
    return orderFromRow(row);
  });
}

export async function getOrder(pool: pg.Pool, roomId: string, orderId: string): Promise<Order | null> {
  const { rows } = await pool.query<OrderRow>('SELECT * FROM orders WHERE room_id = $1 AND id = $2', [
    roomId,
    orderId,
  ]);
  return rows[0] ? orderFromRow(rows[0]) : null;
}

export async function listOrders(pool: pg.Pool, roomId: string, buyerId?: string): Promise<Order[]> {
  const { rows } =
    buyerId === undefined
      ? await pool.query<OrderRow>('SELECT * FROM orders WHERE room_id = $1 ORDER BY created_at, id', [
          roomId,
        ])
      : await pool.query<OrderRow>(
          'SELECT * FROM orders WHERE room_id = $1 AND buyer_id = $2 ORDER BY created_at, id',
          [roomId, buyerId],
        );
  return rows.map(orderFromRow);
}
