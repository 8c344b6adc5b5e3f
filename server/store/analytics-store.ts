// Viewer analytics: the raw facts (one row each, written in batches) and the 10 s rollups per room (upserted:
// rewriting a bucket is idempotent, and a node that saw fewer of the bucket's facts never overwrites one
// that saw more).
import type { RollupBucket } from '../../core/protocol/analytics-events';
import type { AnalyticsFact } from '../../core/metrics/facts';
import type { SqlDatabase, SqlValue } from './sql';

const FACT_COLUMNS = ['room_id', 'id', 'at', 'kind', 'data'] as const;
const ROLLUP_COLUMNS = ['room_id', 'bucket_start', 'facts', 'data', 'updated_at'] as const;

export interface StoredRollup {
  bucket: RollupBucket;
  facts: number;
}

export interface LiveRoomRow {
  id: string;
  title: string;
  hostLanguage: string;
  liveStartedAt: number | null;
}

export class AnalyticsStore {
  constructor(private readonly db: SqlDatabase) {}

  /** Stores facts at once; a fact stored already (same room and id) is kept as it was. */
  async addFacts(facts: readonly AnalyticsFact[]): Promise<void> {
    const rows: SqlValue[][] = facts.map((f) => [f.roomId, f.id, f.at, f.kind, JSON.stringify(f)]);
    await this.db.insertRows('analytics_facts', FACT_COLUMNS, rows, 'ON CONFLICT (room_id, id) DO NOTHING');
  }

  /** The room's facts with `from <= at < to`, in time order. */
  async facts(roomId: string, from = 0, to = Number.MAX_SAFE_INTEGER): Promise<AnalyticsFact[]> {
    const rows = await this.db.all<{ data: string }>(
      'SELECT data FROM analytics_facts WHERE room_id = ? AND at >= ? AND at < ? ORDER BY at, id',
      [roomId, from, to],
    );
    return rows.map((r) => JSON.parse(r.data) as AnalyticsFact);
  }

  /**
   * The room's facts from `from` on, in time order, a page at a time (`limit` rows after the fact `after`):
   * a long stream's millions of facts are read without holding the event loop for all of them at once.
   */
  async factsPage(
    roomId: string,
    from: number,
    after: { at: number; id: string } | null,
    limit: number,
  ): Promise<AnalyticsFact[]> {
    const rows = after
      ? await this.db.all<{ data: string }>(
          `SELECT data FROM analytics_facts WHERE room_id = ? AND (at > ? OR (at = ? AND id > ?))
            ORDER BY at, id LIMIT ?`,
          [roomId, after.at, after.at, after.id, limit],
        )
      : await this.db.all<{ data: string }>(
          'SELECT data FROM analytics_facts WHERE room_id = ? AND at >= ? ORDER BY at, id LIMIT ?',
          [roomId, from, limit],
        );
    return rows.map((r) => JSON.parse(r.data) as AnalyticsFact);
  }

  /** Writes closed buckets; an existing bucket is replaced only by one made from more facts. */
  async upsertRollups(rollups: readonly StoredRollup[], now = Date.now()): Promise<void> {
    const rows: SqlValue[][] = rollups.map(({ bucket, facts }) => [
      bucket.roomId,
      bucket.start,
      facts,
      JSON.stringify(bucket),
      now,
    ]);
    await this.db.insertRows(
      'analytics_rollups',
      ROLLUP_COLUMNS,
      rows,
      `ON CONFLICT (room_id, bucket_start) DO UPDATE SET facts = excluded.facts, data = excluded.data,
        updated_at = excluded.updated_at WHERE excluded.facts > analytics_rollups.facts`,
    );
  }

  /** The room's stored buckets starting at or after `since`, oldest first. */
  async rollups(roomId: string, since = 0, limit = 4000): Promise<RollupBucket[]> {
    const rows = await this.db.all<{ data: string }>(
      'SELECT data FROM analytics_rollups WHERE room_id = ? AND bucket_start >= ? ORDER BY bucket_start LIMIT ?',
      [roomId, since, limit],
    );
    return rows.map((r) => JSON.parse(r.data) as RollupBucket);
  }

  /** Rooms live now, for the board. */
  async liveRooms(): Promise<LiveRoomRow[]> {
    const rows = await this.db.all<{
      id: string;
      title: string;
      host_language: string;
      live_started_at: number | null;
    }>("SELECT id, title, host_language, live_started_at FROM rooms WHERE status = 'live'");
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      hostLanguage: r.host_language,
      liveStartedAt: r.live_started_at,
    }));
  }
}
