// Pitch next's memory per seller (the host token's subject): what each product, by its key across streams,
// brought when it was presented, and the pitch policy's learned state. A presentation is learned from once:
// the node that claims it (room and start) adds it to the history, in the same transaction.
import { NO_HISTORY, type ProductHistory } from '../../core/recommend/pitch/types';
import type { SqlDatabase } from './sql';

interface HistoryRow {
  product_key: string;
  presentations: number;
  viewer_minutes: number;
  viewers: number;
  orders: number;
  gmv_minor: number;
}

/** One presentation's outcome, as the history adds it. */
export interface PresentationOutcome {
  roomId: string;
  productId: string;
  key: string;
  from: number;
  to: number;
  viewerMinutes: number;
  viewers: number;
  orders: number;
  gmvMinor: number;
}

export class PitchStore {
  constructor(private readonly db: SqlDatabase) {}

  /** The seller's history per product key. */
  async history(seller: string): Promise<Map<string, ProductHistory>> {
    const rows = await this.db.all<HistoryRow>('SELECT * FROM pitch_history WHERE seller = ?', [seller]);
    return new Map(
      rows.map((r) => [
        r.product_key,
        {
          presentations: Number(r.presentations),
          viewerMinutes: Number(r.viewer_minutes),
          viewers: Number(r.viewers),
          orders: Number(r.orders),
          gmvMinor: Number(r.gmv_minor),
        },
      ]),
    );
  }

  /**
   * Claims a presentation (its room and start) and adds it to the seller's history; false when it was
   * claimed before (another node, a resend), and then nothing changes.
   */
  async addPresentation(seller: string, p: PresentationOutcome, at: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const claimed =
        (await tx.run(
          `INSERT INTO pitch_segments (room_id, from_ms, product_id, to_ms) VALUES (?, ?, ?, ?)
           ON CONFLICT (room_id, from_ms) DO NOTHING`,
          [p.roomId, p.from, p.productId, p.to],
        )) === 1;
      if (!claimed) return false;
      const now = (await tx.get<HistoryRow>(
        'SELECT * FROM pitch_history WHERE seller = ? AND product_key = ?',
        [seller, p.key],
      )) ?? { ...toRow(NO_HISTORY), product_key: p.key };
      await tx.run(
        `INSERT INTO pitch_history
           (seller, product_key, presentations, viewer_minutes, viewers, orders, gmv_minor, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (seller, product_key) DO UPDATE SET presentations = excluded.presentations,
           viewer_minutes = excluded.viewer_minutes, viewers = excluded.viewers, orders = excluded.orders,
           gmv_minor = excluded.gmv_minor, updated_at = excluded.updated_at`,
        [
          seller,
          p.key,
          Number(now.presentations) + 1,
          Number(now.viewer_minutes) + p.viewerMinutes,
          Number(now.viewers) + p.viewers,
          Number(now.orders) + p.orders,
          Number(now.gmv_minor) + p.gmvMinor,
          at,
        ],
      );
      return true;
    });
  }

  /** The seller's policy state as stored (JSON text), null when it has none. */
  async policy(seller: string): Promise<unknown> {
    const row = await this.db.get<{ state: string }>('SELECT state FROM pitch_policies WHERE seller = ?', [
      seller,
    ]);
    if (!row) return null;
    try {
      return JSON.parse(row.state) as unknown;
    } catch {
      return null;
    }
  }

  async savePolicy(seller: string, state: unknown, at: number): Promise<void> {
    await this.db.run(
      `INSERT INTO pitch_policies (seller, state, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (seller) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      [seller, JSON.stringify(state), at],
    );
  }
}

const toRow = (h: ProductHistory): Omit<HistoryRow, 'product_key'> => ({
  presentations: h.presentations,
  viewer_minutes: h.viewerMinutes,
  viewers: h.viewers,
  orders: h.orders,
  gmv_minor: h.gmvMinor,
});
