import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CommentWire, Order, OrderStatus, Product } from '../../core/protocol/room-events';
import type { Room } from '../../core/protocol/socket-events';
import { MIGRATIONS } from './migrations';
import {
  canTransition,
  commentFromRow,
  insightColumns,
  matchesBase,
  orderFromRow,
  productFromRow,
  replayOrder,
  returnsStock,
  roomFromRow,
  unitPrice,
  type CommentRow,
  type HostEvent,
  type ModerationKind,
  type NewComment,
  type NewOrder,
  type OrderRow,
  type PatchProductResult,
  type PlaceOrderResult,
  type ProductChange,
  type ProductRow,
  type RoomRow,
  type StudioRepository,
} from './repository';

export class SqliteRepository implements StudioRepository {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
  }

  async migrate(): Promise<number> {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    const applied = new Set(
      this.db
        .prepare('SELECT version FROM schema_migrations')
        .all()
        .map((r) => (r as { version: number }).version),
    );
    const apply = this.db.transaction((m: (typeof MIGRATIONS)[number]) => {
      this.db.exec(m.sql);
      this.db
        .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        .run(m.version, m.name, Date.now());
    });
    for (const m of MIGRATIONS) if (!applied.has(m.version)) apply(m);
    return Math.max(0, ...MIGRATIONS.map((m) => m.version));
  }

  async createRoom(room: Room, hostKeyHash?: string): Promise<Room> {
    this.db
      .prepare(
        'INSERT INTO rooms (id, title, host_language, status, created_at, host_key_hash) VALUES (@id, @title, @hostLanguage, @status, @createdAt, @hostKeyHash)',
      )
      .run({ ...room, hostKeyHash: hostKeyHash ?? null });
    return room;
  }

  async getHostKeyHash(id: string): Promise<string | null> {
    const row = this.db.prepare('SELECT host_key_hash FROM rooms WHERE id = ?').get(id) as
      { host_key_hash: string | null } | undefined;
    return row?.host_key_hash ?? null;
  }

  async setRoomStatus(id: string, status: Room['status']): Promise<Room | null> {
    if (status === 'live') {
      this.db
        .prepare('UPDATE rooms SET status = ?, live_started_at = COALESCE(live_started_at, ?) WHERE id = ?')
        .run(status, Date.now(), id);
    } else {
      this.db.prepare('UPDATE rooms SET status = ? WHERE id = ?').run(status, id);
    }
    return this.getRoom(id);
  }

  async setRoomTitle(id: string, title: string): Promise<Room | null> {
    this.db.prepare('UPDATE rooms SET title = ? WHERE id = ?').run(title, id);
    return this.getRoom(id);
  }

  async getLiveStartedAt(id: string): Promise<number | null> {
    const row = this.db.prepare('SELECT live_started_at FROM rooms WHERE id = ?').get(id) as
      { live_started_at: number | null } | undefined;
    return row?.live_started_at ?? null;
  }

  async addComments(comments: NewComment[]): Promise<void> {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO comments (id, room_id, author_id, author_name, kind, text, stream_ms, created_at, lang, sentiment, sentiment_score, intents, product_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const c of comments)
        insert.run(c.id, c.roomId, c.a, c.n, c.k, c.text, c.t, c.createdAt, ...insightColumns(c));
    })();
  }

  async listComments(roomId: string, limit: number): Promise<CommentWire[]> {
    const rows = this.db
      .prepare(
        'SELECT * FROM comments WHERE room_id = ? AND deleted = 0 ORDER BY created_at DESC, id DESC LIMIT ?',
      )
      .all(roomId, limit) as CommentRow[];
    return rows.reverse().map(commentFromRow);
  }

  async deleteComment(roomId: string, commentId: string): Promise<boolean> {
    return (
      this.db.prepare('UPDATE comments SET deleted = 1 WHERE room_id = ? AND id = ?').run(roomId, commentId)
        .changes > 0
    );
  }

  async listModeration(roomId: string): Promise<{ kind: ModerationKind; value: string }[]> {
    return this.db.prepare('SELECT kind, value FROM moderation WHERE room_id = ?').all(roomId) as {
      kind: ModerationKind;
      value: string;
    }[];
  }

  async addModeration(roomId: string, kind: ModerationKind, values: string[]): Promise<void> {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO moderation (room_id, kind, value) VALUES (?, ?, ?)',
    );
    this.db.transaction(() => {
      if (kind === 'slow_mode')
        this.db.prepare("DELETE FROM moderation WHERE room_id = ? AND kind = 'slow_mode'").run(roomId);
      for (const v of values) insert.run(roomId, kind, v);
    })();
  }

  async removeModeration(roomId: string, kind: ModerationKind, values: string[]): Promise<void> {
    const del = this.db.prepare('DELETE FROM moderation WHERE room_id = ? AND kind = ? AND value = ?');
    this.db.transaction(() => {
      for (const v of values) del.run(roomId, kind, v);
    })();
  }

  async upsertProduct(p: Product): Promise<Product> {
    this.db
      .prepare(
        `INSERT INTO products (id, room_id, titles, prices, stock, images, ar_asset, pinned, updated_at, aliases)
         VALUES (@id, @roomId, @titles, @prices, @stock, @images, @arAsset, @pinned, @updatedAt, @aliases)
         ON CONFLICT (id) DO UPDATE SET titles = excluded.titles, prices = excluded.prices, stock = excluded.stock,
           images = excluded.images, ar_asset = excluded.ar_asset, updated_at = excluded.updated_at,
           aliases = excluded.aliases
         WHERE products.room_id = excluded.room_id`,
      )
      .run({
        ...p,
        titles: JSON.stringify(p.titles),
        prices: JSON.stringify(p.prices),
        images: JSON.stringify(p.images),
        aliases: JSON.stringify(p.aliases),
        pinned: p.pinned ? 1 : 0,
      });
    return (await this.getProduct(p.roomId, p.id))!;
  }

  async getProduct(roomId: string, productId: string): Promise<Product | null> {
    const row = this.db
      .prepare('SELECT * FROM products WHERE room_id = ? AND id = ?')
      .get(roomId, productId) as ProductRow | undefined;
    return row ? productFromRow(row) : null;
  }

  async listProducts(roomId: string): Promise<Product[]> {
    return (
      this.db
        .prepare('SELECT * FROM products WHERE room_id = ? ORDER BY updated_at, id')
        .all(roomId) as ProductRow[]
    ).map(productFromRow);
  }

  async patchProduct(
    roomId: string,
    productId: string,
    patch: ProductChange,
    base: ProductChange | undefined,
    now: number,
  ): Promise<PatchProductResult> {
    // IMMEDIATE: the compare and the write hold the write lock together, so a sale (or another edit) can
    // never land between the check against `base` and the update.
    const run = this.db.transaction((): PatchProductResult => {
      const row = this.db
        .prepare('SELECT * FROM products WHERE room_id = ? AND id = ?')
        .get(roomId, productId) as ProductRow | undefined;
      if (!row) return { ok: false, reason: 'not_found' };
      const current = productFromRow(row);
      if (!matchesBase(current, base)) return { ok: false, reason: 'stale', product: current };
      const updated = this.db
        .prepare(
          'UPDATE products SET prices = ?, stock = ?, updated_at = ? WHERE room_id = ? AND id = ? RETURNING *',
        )
        .get(
          JSON.stringify(patch.prices ?? current.prices),
          patch.stock ?? current.stock,
          now,
          roomId,
          productId,
        ) as ProductRow;
      return { ok: true, product: productFromRow(updated) };
    });
    return run.immediate();
  }

  async pinProduct(roomId: string, productId: string | null): Promise<void> {
    this.db
      .prepare('UPDATE products SET pinned = CASE WHEN id = ? THEN 1 ELSE 0 END WHERE room_id = ?')
      .run(productId, roomId);
  }

  async placeOrder(o: NewOrder): Promise<PlaceOrderResult> {
    // IMMEDIATE: take the write lock first, so concurrent buyers (and other processes) queue here.
    const run = this.db.transaction((): PlaceOrderResult => {
      const existing = this.db
        .prepare('SELECT * FROM orders WHERE room_id = ? AND idempotency_key = ?')
        .get(o.roomId, o.idempotencyKey) as OrderRow | undefined;
      if (existing) return replayOrder(existing, o);
      const product = this.db
        .prepare('SELECT prices FROM products WHERE id = ? AND room_id = ?')
        .get(o.productId, o.roomId) as { prices: string } | undefined;
      if (!product) return { ok: false, reason: 'not_found' };
      const unit = unitPrice(product.prices, o.currency);
      if (unit === undefined) return { ok: false, reason: 'no_price' };
      const took = this.db
        .prepare(
          'UPDATE products SET stock = stock - ?, updated_at = ? WHERE id = ? AND room_id = ? AND stock >= ?',
        )
        .run(o.quantity, o.now, o.productId, o.roomId, o.quantity);
      if (took.changes === 0) return { ok: false, reason: 'out_of_stock' };
      const order: Order = {
        id: o.id,
        roomId: o.roomId,
        productId: o.productId,
        buyerId: o.buyerId,
        quantity: o.quantity,
        currency: o.currency,
        amountMinor: unit * o.quantity,
        status: 'placed',
        createdAt: o.now,
        updatedAt: o.now,
      };
      this.db
        .prepare(
          'INSERT INTO orders (id, room_id, product_id, buyer_id, quantity, currency, amount_minor, status, idempotency_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          order.id,
          order.roomId,
          order.productId,
          order.buyerId,
          order.quantity,
          order.currency,
          order.amountMinor,
          order.status,
          o.idempotencyKey,
          order.createdAt,
          order.updatedAt,
        );
      return { ok: true, order, created: true };
    });
    return run.immediate();
  }

  async transitionOrder(
    roomId: string,
    orderId: string,
    from: OrderStatus,
    to: OrderStatus,
    now: number,
  ): Promise<Order | null> {
    if (!canTransition(from, to)) return null;
    const run = this.db.transaction((): Order | null => {
      // The claim is the conditional update itself: of two concurrent requests for the same change,
      // only the first still finds the order in `from`.
      const row = this.db
        .prepare(
          'UPDATE orders SET status = ?, updated_at = ? WHERE room_id = ? AND id = ? AND status = ? RETURNING *',
        )
        .get(to, now, roomId, orderId, from) as OrderRow | undefined;
      if (!row) return null;
      if (returnsStock(to)) {
        this.db
          .prepare('UPDATE products SET stock = stock + ?, updated_at = ? WHERE room_id = ? AND id = ?')
          .run(row.quantity, now, row.room_id, row.product_id);
      }
      return orderFromRow(row);
    });
    return run.immediate();
  }

  async getOrder(roomId: string, orderId: string): Promise<Order | null> {
    const row = this.db.prepare('SELECT * FROM orders WHERE room_id = ? AND id = ?').get(roomId, orderId) as
      OrderRow | undefined;
    return row ? orderFromRow(row) : null;
  }

  async listBuyerOrders(roomId: string, buyerId: string): Promise<Order[]> {
    return (
      this.db
        .prepare('SELECT * FROM orders WHERE room_id = ? AND buyer_id = ? ORDER BY created_at, id')
        .all(roomId, buyerId) as OrderRow[]
    ).map(orderFromRow);
  }

  async listOrders(roomId: string): Promise<Order[]> {
    return (
      this.db
        .prepare('SELECT * FROM orders WHERE room_id = ? ORDER BY created_at, id')
        .all(roomId) as OrderRow[]
    ).map(orderFromRow);
  }

  async recordHostEvents(events: HostEvent[], now: number): Promise<string[]> {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO host_events (id, room_id, type, payload, received_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const e of events) insert.run(e.id, e.roomId, e.type, JSON.stringify(e.payload), now);
    })();
    return events.map((e) => e.id);
  }

  async knownHostEvents(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = this.db
      .prepare(`SELECT id FROM host_events WHERE id IN (${ids.map(() => '?').join(',')})`)
      .all(...ids) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  async getRoom(id: string): Promise<Room | null> {
    const row = this.db.prepare('SELECT * FROM rooms WHERE id = ?').get(id) as RoomRow | undefined;
    return row ? roomFromRow(row) : null;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
