import pg from 'pg';
import type { CommentWire, Order, OrderStatus, Product } from '../../core/protocol/room-events';
import type { Room } from '../../core/protocol/socket-events';
import { MIGRATIONS } from './migrations';
import * as orders from './postgres-orders';
import { inTransaction } from './postgres-tx';
import {
  commentFromRow,
  insightColumns,
  matchesBase,
  productFromRow,
  roomFromRow,
  type CommentRow,
  type HostEvent,
  type ModerationKind,
  type NewComment,
  type NewOrder,
  type PatchProductResult,
  type PlaceOrderResult,
  type ProductChange,
  type ProductRow,
  type RoomRow,
  type StudioRepository,
} from './repository';

export class PostgresRepository implements StudioRepository {
  readonly kind = 'postgres';
  private closed = false;

  private constructor(private readonly pool: pg.Pool) {}

  static async connect(databaseUrl: string): Promise<PostgresRepository> {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000 });
    // An idle client losing its connection must not take the backend down with it.
    pool.on('error', () => undefined);
    await pool.query('SELECT 1');
    return new PostgresRepository(pool);
  }

  async migrate(): Promise<number> {
    const client = await this.pool.connect();
    try {
      // One migrator at a time across gateway nodes sharing this database.
      await client.query('SELECT pg_advisory_lock(74201)');
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      );
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((r) => r.version));
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.postgres ?? m.sql);
          await client.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
            [m.version, m.name, Date.now()],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(74201)').catch(() => undefined);
      client.release();
    }
    return Math.max(0, ...MIGRATIONS.map((m) => m.version));
  }

  async createRoom(room: Room, hostKeyHash?: string): Promise<Room> {
    await this.pool.query(
      'INSERT INTO rooms (id, title, host_language, status, created_at, host_key_hash) VALUES ($1, $2, $3, $4, $5, $6)',
      [room.id, room.title, room.hostLanguage, room.status, room.createdAt, hostKeyHash ?? null],
    );
    return room;
  }

  async getHostKeyHash(id: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ host_key_hash: string | null }>(
      'SELECT host_key_hash FROM rooms WHERE id = $1',
      [id],
    );
    return rows[0]?.host_key_hash ?? null;
  }

  async setRoomStatus(id: string, status: Room['status']): Promise<Room | null> {
    if (status === 'live') {
      await this.pool.query(
        'UPDATE rooms SET status = $1, live_started_at = COALESCE(live_started_at, $2) WHERE id = $3',
        [status, Date.now(), id],
      );
    } else {
      await this.pool.query('UPDATE rooms SET status = $1 WHERE id = $2', [status, id]);
    }
    return this.getRoom(id);
  }

  async setRoomTitle(id: string, title: string): Promise<Room | null> {
    await this.pool.query('UPDATE rooms SET title = $1 WHERE id = $2', [title, id]);
    return this.getRoom(id);
  }

  async getLiveStartedAt(id: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ live_started_at: string | null }>(
      'SELECT live_started_at FROM rooms WHERE id = $1',
      [id],
    );
    return rows[0]?.live_started_at == null ? null : Number(rows[0].live_started_at);
  }

  async addComments(comments: NewComment[]): Promise<void> {
    if (comments.length === 0) return;
    const values: unknown[] = [];
    const tuples = comments.map((c, i) => {
      values.push(c.id, c.roomId, c.a, c.n, c.k, c.text, c.t, c.createdAt, ...insightColumns(c));
      const b = i * 13;
      return `(${Array.from({ length: 13 }, (_, k) => `$${b + k + 1}`).join(', ')})`;
    });
    await this.pool.query(
      `INSERT INTO comments (id, room_id, author_id, author_name, kind, text, stream_ms, created_at, lang, sentiment, sentiment_score, intents, product_id) VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING`,
      values,
    );
  }

  async listComments(roomId: string, limit: number): Promise<CommentWire[]> {
    const { rows } = await this.pool.query<CommentRow>(
      'SELECT * FROM comments WHERE room_id = $1 AND deleted = 0 ORDER BY created_at DESC, id DESC LIMIT $2',
      [roomId, limit],
    );
    return rows.reverse().map(commentFromRow);
  }

  async deleteComment(roomId: string, commentId: string): Promise<boolean> {
    const r = await this.pool.query('UPDATE comments SET deleted = 1 WHERE room_id = $1 AND id = $2', [
      roomId,
      commentId,
    ]);
    return (r.rowCount ?? 0) > 0;
  }

  async listModeration(roomId: string): Promise<{ kind: ModerationKind; value: string }[]> {
    const { rows } = await this.pool.query<{ kind: ModerationKind; value: string }>(
      'SELECT kind, value FROM moderation WHERE room_id = $1',
      [roomId],
    );
    return rows;
  }

  async addModeration(roomId: string, kind: ModerationKind, values: string[]): Promise<void> {
    await this.tx(async (c) => {
      if (kind === 'slow_mode')
        await c.query("DELETE FROM moderation WHERE room_id = $1 AND kind = 'slow_mode'", [roomId]);
      for (const v of values) {
        await c.query(
          'INSERT INTO moderation (room_id, kind, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [roomId, kind, v],
        );
      }
    });
  }

  async removeModeration(roomId: string, kind: ModerationKind, values: string[]): Promise<void> {
    await this.pool.query('DELETE FROM moderation WHERE room_id = $1 AND kind = $2 AND value = ANY($3)', [
      roomId,
      kind,
      values,
    ]);
  }

  async upsertProduct(p: Product): Promise<Product> {
    await this.pool.query(
      `INSERT INTO products (id, room_id, titles, prices, stock, images, ar_asset, pinned, updated_at, aliases)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO UPDATE SET titles = excluded.titles, prices = excluded.prices, stock = excluded.stock,
         images = excluded.images, ar_asset = excluded.ar_asset, updated_at = excluded.updated_at,
           aliases = excluded.aliases
       WHERE products.room_id = excluded.room_id`,
      [
        p.id,
        p.roomId,
        JSON.stringify(p.titles),
        JSON.stringify(p.prices),
        p.stock,
        JSON.stringify(p.images),
        p.arAsset,
        p.pinned ? 1 : 0,
        p.updatedAt,
        JSON.stringify(p.aliases),
      ],
    );
    return (await this.getProduct(p.roomId, p.id))!;
  }

  async getProduct(roomId: string, productId: string): Promise<Product | null> {
    const { rows } = await this.pool.query<ProductRow>(
      'SELECT * FROM products WHERE room_id = $1 AND id = $2',
      [roomId, productId],
    );
    return rows[0] ? productFromRow(rows[0]) : null;
  }

  async listProducts(roomId: string): Promise<Product[]> {
    const { rows } = await this.pool.query<ProductRow>(
      'SELECT * FROM products WHERE room_id = $1 ORDER BY updated_at, id',
      [roomId],
    );
    return rows.map(productFromRow);
  }

  async patchProduct(
    roomId: string,
    productId: string,
    patch: ProductChange,
    base: ProductChange | undefined,
    now: number,
  ): Promise<PatchProductResult> {
    return this.tx(async (c): Promise<PatchProductResult> => {
      // FOR UPDATE: a sale or another edit of this product waits until the compare and the write are done.
      const { rows } = await c.query<ProductRow>(
        'SELECT * FROM products WHERE room_id = $1 AND id = $2 FOR UPDATE',
        [roomId, productId],
      );
      if (!rows[0]) return { ok: false, reason: 'not_found' };
      const current = productFromRow(rows[0]);
      if (!matchesBase(current, base)) return { ok: false, reason: 'stale', product: current };
      const updated = await c.query<ProductRow>(
        'UPDATE products SET prices = $1, stock = $2, updated_at = $3 WHERE room_id = $4 AND id = $5 RETURNING *',
        [
          JSON.stringify(patch.prices ?? current.prices),
          patch.stock ?? current.stock,
          now,
          roomId,
          productId,
        ],
      );
      return { ok: true, product: productFromRow(updated.rows[0]!) };
    });
  }

  async pinProduct(roomId: string, productId: string | null): Promise<void> {
    await this.pool.query(
      'UPDATE products SET pinned = CASE WHEN id = $1 THEN 1 ELSE 0 END WHERE room_id = $2',
      [productId, roomId],
    );
  }

  placeOrder(o: NewOrder): Promise<PlaceOrderResult> {
    return orders.placeOrder(this.pool, o);
  }

  transitionOrder(
    roomId: string,
    orderId: string,
    from: OrderStatus,
    to: OrderStatus,
    now: number,
  ): Promise<Order | null> {
    return orders.transitionOrder(this.pool, roomId, orderId, from, to, now);
  }

  getOrder(roomId: string, orderId: string): Promise<Order | null> {
    return orders.getOrder(this.pool, roomId, orderId);
  }

  listOrders(roomId: string): Promise<Order[]> {
    return orders.listOrders(this.pool, roomId);
  }

  listBuyerOrders(roomId: string, buyerId: string): Promise<Order[]> {
    return orders.listOrders(this.pool, roomId, buyerId);
  }

  async recordHostEvents(events: HostEvent[], now: number): Promise<string[]> {
    await this.tx(async (c) => {
      for (const e of events) {
        await c.query(
          'INSERT INTO host_events (id, room_id, type, payload, received_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING',
          [e.id, e.roomId, e.type, JSON.stringify(e.payload), now],
        );
      }
    });
    return events.map((e) => e.id);
  }

  async knownHostEvents(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM host_events WHERE id = ANY($1)', [
      ids,
    ]);
    return new Set(rows.map((r) => r.id));
  }

  private tx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, fn);
  }

  async getRoom(id: string): Promise<Room | null> {
    const { rows } = await this.pool.query<RoomRow>('SELECT * FROM rooms WHERE id = $1', [id]);
    return rows[0] ? roomFromRow(rows[0]) : null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
