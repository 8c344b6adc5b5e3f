// Schema changes, applied in order on either database: each is written once, in SQL that SQLite and
// PostgreSQL both accept (TEXT, INTEGER, BIGINT, REAL; JSON kept as TEXT; no autoincrement).
import type { SqlDatabase } from './sql';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'rooms',
    sql: `CREATE TABLE rooms (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      host_language TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('created', 'live', 'ended')),
      created_at BIGINT NOT NULL
    )`,
  },
  {
    version: 2,
    name: 'room host key',
    sql: 'ALTER TABLE rooms ADD COLUMN host_key_hash TEXT',
  },
  {
    version: 3,
    name: 'live room: comments, moderation, catalog, orders, host events',
    sql: `ALTER TABLE rooms ADD COLUMN live_started_at BIGINT;
      CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        room_id TEXT NOT NULL,
        author_id TEXT NOT NULL,
        author_name TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        stream_ms BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX comments_room_time ON comments (room_id, created_at);
      CREATE TABLE moderation (
        room_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (room_id, kind, value)
      );
      CREATE TABLE products (
        id TEXT PRIMARY KEY,
        room_id TEXT NOT NULL,
        titles TEXT NOT NULL,
        prices TEXT NOT NULL,
        stock INTEGER NOT NULL CHECK (stock >= 0),
        images TEXT NOT NULL,
        ar_asset TEXT,
        pinned INTEGER NOT NULL DEFAULT 0,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX products_room ON products (room_id);
      CREATE TABLE orders (
        id TEXT PRIMARY KEY,
        room_id TEXT NOT NULL,
        product_id TEXT NOT NULL,
        buyer_id TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        currency TEXT NOT NULL,
        amount_minor BIGINT NOT NULL,
        status TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX orders_room ON orders (room_id, created_at);
      CREATE TABLE host_events (
        id TEXT PRIMARY KEY,
        room_id TEXT,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        received_at BIGINT NOT NULL
      )`,
  },
  {
    version: 4,
    name: 'comment insight, product aliases',
    sql: `ALTER TABLE comments ADD COLUMN lang TEXT;
      ALTER TABLE comments ADD COLUMN sentiment TEXT;
      ALTER TABLE comments ADD COLUMN sentiment_score REAL;
      ALTER TABLE comments ADD COLUMN intents INTEGER;
      ALTER TABLE comments ADD COLUMN product_id TEXT;
      ALTER TABLE products ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]'`,
  },
  {
    version: 5,
    name: 'order idempotency keys per room, buyer lookups',
    // Keys come from buyers' clients, so one room's key must never return (or block) another room's
    // order. SQLite cannot drop a column's UNIQUE constraint, so the table is rebuilt without it (on
    // PostgreSQL too: the same steps, and the old table's indexes go with it).
    sql: `CREATE TABLE orders_new (
        id TEXT PRIMARY KEY,
        room_id TEXT NOT NULL,
        product_id TEXT NOT NULL,
        buyer_id TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        currency TEXT NOT NULL,
        amount_minor BIGINT NOT NULL,
        status TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      INSERT INTO orders_new (id, room_id, product_id, buyer_id, quantity, currency, amount_minor, status,
          idempotency_key, created_at, updated_at)
        SELECT id, room_id, product_id, buyer_id, quantity, currency, amount_minor, status,
          idempotency_key, created_at, updated_at FROM orders;
      DROP TABLE orders;
      ALTER TABLE orders_new RENAME TO orders;
      CREATE INDEX orders_room ON orders (room_id, created_at);
      CREATE UNIQUE INDEX orders_room_key ON orders (room_id, idempotency_key);
      CREATE INDEX orders_room_buyer ON orders (room_id, buyer_id)`,
  },
  {
    version: 6,
    name: 'viewer analytics: raw facts and 10 s rollups',
    // Facts are the raw data (server/analytics): one row each, its JSON kept whole so a rollup can always be
    // recomputed. A rollup row is one room's 10 s bucket; `facts` is how many facts the writing node had
    // in it (the node that saw more of them wins a rewrite).
    sql: `CREATE TABLE analytics_facts (
        room_id TEXT NOT NULL,
        id TEXT NOT NULL,
        at BIGINT NOT NULL,
        kind TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (room_id, id)
      );
      CREATE INDEX analytics_facts_room_at ON analytics_facts (room_id, at);
      CREATE TABLE analytics_rollups (
        room_id TEXT NOT NULL,
        bucket_start BIGINT NOT NULL,
        facts INTEGER NOT NULL,
        data TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (room_id, bucket_start)
      )`,
  },
  {
    version: 7,
    name: 'ops alerts, alert thresholds, ops notes to the host',
    // One open alert per room, kind and subject (a product, a currency) on every gateway node at once:
    // the partial unique index turns a second node's raise of the same alert into a no-op insert.
    sql: `CREATE TABLE alert_thresholds (
        scope TEXT PRIMARY KEY,
        thresholds TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        room_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        open INTEGER NOT NULL,
        raised_at BIGINT NOT NULL,
        cleared_at BIGINT,
        detail TEXT NOT NULL,
        ack_by TEXT,
        ack_at BIGINT
      );
      CREATE UNIQUE INDEX alerts_open_one ON alerts (room_id, kind, subject) WHERE open = 1;
      CREATE INDEX alerts_room ON alerts (room_id, raised_at);
      CREATE TABLE ops_notes (
        id TEXT PRIMARY KEY,
        room_id TEXT NOT NULL,
        text TEXT NOT NULL,
        from_name TEXT NOT NULL,
        sent_at BIGINT NOT NULL,
        dismissed_at BIGINT
      );
      CREATE INDEX ops_notes_room ON ops_notes (room_id, sent_at)`,
  },
  {
    version: 9,
    name: 'replay',
    // Replay (server/replay): every final caption in every language as the host published it (its times on
    // the captions clock, mapped to stream time when read: server/store/caption-lines-store.ts), who created
    // each room (the host token's subject: a host replays its own streams), and each finished stream's
    // summary (built once it is ready). Version 8 is the recorder's (server/media-out).
    sql: `CREATE TABLE caption_lines (
        room_id TEXT NOT NULL,
        id TEXT NOT NULL,
        lang TEXT NOT NULL,
        source INTEGER NOT NULL,
        engine TEXT NOT NULL,
        text TEXT NOT NULL,
        start_ms BIGINT NOT NULL,
        end_ms BIGINT NOT NULL,
        emitted_at BIGINT NOT NULL,
        received_at BIGINT NOT NULL,
        PRIMARY KEY (room_id, id, lang)
      );
      CREATE INDEX caption_lines_room_lang ON caption_lines (room_id, lang, start_ms);
      ALTER TABLE rooms ADD COLUMN owner_sub TEXT;
      CREATE INDEX rooms_live_started ON rooms (live_started_at);
      CREATE INDEX rooms_owner_live_started ON rooms (owner_sub, live_started_at);
      CREATE INDEX comments_room_stream ON comments (room_id, stream_ms);
      CREATE TABLE replay_summaries (
        room_id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        ended_at BIGINT,
        ready_at BIGINT,
        item TEXT NOT NULL,
        detail TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
  },
  {
    version: 8,
    name: 'recording segments',
    // One row per WebM segment a recorder wrote (server/media-out), written when it starts and closed when it
    // ends; `end_reason` says how it ended (a backend that died leaves it open until the next start repairs
    // it). A gap is the stream time between two segments, or before the first, that nothing recorded.
    sql: `CREATE TABLE recording_segments (
        room_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        file TEXT NOT NULL,
        reason TEXT NOT NULL,
        start_ms BIGINT NOT NULL,
        end_ms BIGINT,
        end_reason TEXT,
        has_video INTEGER NOT NULL,
        has_audio INTEGER NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (room_id, seq)
      );
      CREATE INDEX recording_segments_open ON recording_segments (end_ms);
      CREATE TABLE recording_gaps (
        room_id TEXT NOT NULL,
        from_ms BIGINT NOT NULL,
        to_ms BIGINT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (room_id, from_ms)
      )`,
  },
  {
    version: 10,
    name: 'pitch next',
    // A product's optional margin (the seller's, never sent to viewers); per seller (the host token's
    // subject) what each product (by its key across streams) brought when presented, and the pitch
    // policy's learned state. A presentation is claimed once (pitch_segments), so with several gateway
    // nodes it is learned from once.
    sql: `ALTER TABLE products ADD COLUMN margin_pct REAL;
      CREATE TABLE pitch_history (
        seller TEXT NOT NULL,
        product_key TEXT NOT NULL,
        presentations INTEGER NOT NULL,
        viewer_minutes REAL NOT NULL,
        viewers INTEGER NOT NULL,
        orders INTEGER NOT NULL,
        gmv_minor BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (seller, product_key)
      );
      CREATE TABLE pitch_policies (
        seller TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE TABLE pitch_segments (
        room_id TEXT NOT NULL,
        from_ms BIGINT NOT NULL,
        product_id TEXT NOT NULL,
        to_ms BIGINT NOT NULL,
        PRIMARY KEY (room_id, from_ms)
      )`,
  },
  {
    version: 11,
    name: 'compliance guard',
    // Every violation the guard flagged in a host's words (a caption's partials and final are one row, its
    // flags growing as JSON), and each room's markets as the host set them (home, added, excluded).
    sql: `CREATE TABLE compliance_violations (
        id TEXT PRIMARY KEY,
        room_id TEXT NOT NULL,
        at BIGINT NOT NULL,
        source TEXT NOT NULL,
        source_id TEXT NOT NULL,
        lang TEXT NOT NULL,
        text TEXT NOT NULL,
        level INTEGER NOT NULL,
        flags TEXT NOT NULL,
        acknowledged_at BIGINT
      );
      CREATE INDEX compliance_violations_room ON compliance_violations (room_id, at);
      CREATE TABLE room_markets (
        room_id TEXT PRIMARY KEY,
        home TEXT NOT NULL,
        added TEXT NOT NULL,
        excluded TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
  },
];

export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/**
 * Applies the pending migrations in one exclusive transaction (gateway nodes starting together on one
 * database take turns, and a failed migration leaves nothing half done); returns the schema version.
 */
export async function migrate(db: SqlDatabase): Promise<number> {
  await db.transaction(
    async (tx) => {
      await tx.script(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      );
      const rows = await tx.all<{ version: number }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((r) => r.version));
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await tx.script(m.sql);
        await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          m.version,
          m.name,
          Date.now(),
        ]);
      }
    },
    { exclusive: true },
  );
  return LATEST_VERSION;
}
