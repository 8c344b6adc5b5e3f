// Each room's catalog: products (titles, prices per currency, stock, images, AR asset, aliases), live price
// and stock edits by compare-and-set, and the one pinned product. Sales take stock in orders-store.ts.
import type { Product } from '../../core/protocol/room-events';
import type { SqlDatabase } from './sql';

export interface ProductChange {
  prices?: Record<string, number>;
  stock?: number;
}

export type PatchProductResult =
  | { ok: true; product: Product }
  | { ok: false; reason: 'not_found' }
  /** A field in `base` no longer has the value the host saw: nothing was changed; `product` is now. */
  | { ok: false; reason: 'stale'; product: Product };

interface ProductRow {
  id: string;
  room_id: string;
  titles: string;
  prices: string;
  stock: number;
  images: string;
  ar_asset: string | null;
  aliases: string;
  pinned: number;
  updated_at: number;
}

const productFromRow = (row: ProductRow): Product => ({
  id: row.id,
  roomId: row.room_id,
  titles: JSON.parse(row.titles) as Record<string, string>,
  prices: JSON.parse(row.prices) as Record<string, number>,
  stock: row.stock,
  images: JSON.parse(row.images) as string[],
  arAsset: row.ar_asset,
  aliases: JSON.parse(row.aliases) as string[],
  pinned: row.pinned !== 0,
  updatedAt: row.updated_at,
});

/** Whether every field `base` names still has that value (prices as a map: same keys and amounts). */
function matchesBase(current: Product, base: ProductChange | undefined): boolean {
  if (!base) return true;
  if (base.stock !== undefined && current.stock !== base.stock) return false;
  if (base.prices !== undefined) {
    const want = Object.entries(base.prices);
    if (want.length !== Object.keys(current.prices).length) return false;
    if (!want.every(([c, v]) => Object.hasOwn(current.prices, c) && current.prices[c] === v)) return false;
  }
  return true;
}

/** How often a patch reads again because the product changed between its read and its write. */
const MAX_PATCH_ATTEMPTS = 100;

export class ProductsStore {
  constructor(private readonly db: SqlDatabase) {}

  /**
   * Adds a product, or replaces its titles, prices, stock, images, asset and aliases (not its pin). An id
   * that another room's product has is refused: null, and nothing changed. `marginPct` is the seller's
   * margin: stored for pitch next, never part of the Product that clients see.
   */
  async upsert(p: Product, marginPct: number | null = null): Promise<Product | null> {
    const row = await this.db.get<ProductRow>(
      `INSERT INTO products
         (id, room_id, titles, prices, stock, images, ar_asset, pinned, updated_at, aliases, margin_pct)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET titles = excluded.titles, prices = excluded.prices, stock = excluded.stock,
         images = excluded.images, ar_asset = excluded.ar_asset, updated_at = excluded.updated_at,
         aliases = excluded.aliases, margin_pct = excluded.margin_pct
       WHERE products.room_id = excluded.room_id
       RETURNING *`,
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
        marginPct,
      ],
    );
    return row ? productFromRow(row) : null;
  }

  /** The margins (percent) the seller gave the room's products; a product without one is absent. */
  async margins(roomId: string): Promise<Map<string, number>> {
    const rows = await this.db.all<{ id: string; margin_pct: number | null }>(
      'SELECT id, margin_pct FROM products WHERE room_id = ? AND margin_pct IS NOT NULL',
      [roomId],
    );
    return new Map(rows.map((r) => [r.id, Number(r.margin_pct)]));
  }

  async get(roomId: string, productId: string): Promise<Product | null> {
    const row = await this.db.get<ProductRow>('SELECT * FROM products WHERE room_id = ? AND id = ?', [
      roomId,
      productId,
    ]);
    return row ? productFromRow(row) : null;
  }

  async list(roomId: string): Promise<Product[]> {
    const rows = await this.db.all<ProductRow>(
      'SELECT * FROM products WHERE room_id = ? ORDER BY updated_at, id',
      [roomId],
    );
    return rows.map(productFromRow);
  }

  /**
   * Changes price and/or stock atomically. With `base`, only if every field it names still has that value
   * (prices compared as a whole map): a compare-and-set, so a queued edit never overwrites a sale.
   */
  async patch(
    roomId: string,
    productId: string,
    change: ProductChange,
    base: ProductChange | undefined,
    now: number,
  ): Promise<PatchProductResult> {
    for (let attempt = 0; attempt < MAX_PATCH_ATTEMPTS; attempt++) {
      const row = await this.db.get<ProductRow>('SELECT * FROM products WHERE room_id = ? AND id = ?', [
        roomId,
        productId,
      ]);
      if (!row) return { ok: false, reason: 'not_found' };
      const current = productFromRow(row);
      if (!matchesBase(current, base)) return { ok: false, reason: 'stale', product: current };
      // The write lands only while the row still holds exactly what was read and checked: no lock is
      // held between the two, and a sale or edit that came between makes this read again.
      const updated = await this.db.get<ProductRow>(
        `UPDATE products SET prices = ?, stock = ?, updated_at = ?
         WHERE room_id = ? AND id = ? AND prices = ? AND stock = ? RETURNING *`,
        [
          change.prices ? JSON.stringify(change.prices) : row.prices,
          change.stock ?? row.stock,
          now,
          roomId,
          productId,
          row.prices,
          row.stock,
        ],
      );
      if (updated) return { ok: true, product: productFromRow(updated) };
    }
    throw new Error(`Product ${productId} kept changing; the patch was not applied`);
  }

  /** Pins one product of the room (or none) and unpins the rest, in one statement. */
  async pin(roomId: string, productId: string | null): Promise<void> {
    await this.db.run('UPDATE products SET pinned = CASE WHEN id = ? THEN 1 ELSE 0 END WHERE room_id = ?', [
      productId,
      roomId,
    ]);
  }
}
