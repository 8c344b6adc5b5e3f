// What the replay service (server/replay) reads and writes beyond the other stores: each finished stream's
// summary (its list item and whole detail, once ready), the list of streams (newest first, a host's own
// only), the studio's marks, the comments of a stream-time window, and the room's products' titles.
import type { ReplayDetail, ReplayListItem, ReplayState } from '../../core/protocol/replay';
import { intentsOfMask, type IntentTag, type SentimentLabel } from '../../core/protocol/room-events';
import type { SqlDatabase } from './sql';

export interface StoredSummary {
  roomId: string;
  state: ReplayState;
  endedAt: number | null;
  readyAt: number | null;
  item: ReplayListItem;
}

/** A room as the replay list starts from it, with its summary when one is stored. */
export interface ReplayRoomRow {
  id: string;
  title: string;
  hostLanguage: string;
  status: 'created' | 'live' | 'ended';
  liveStartedAt: number;
  ownerSub: string | null;
  summary: StoredSummary | null;
}

/** A comment as the replay uses it (times: `at` server epoch ms, `t` stream ms). */
export interface ReplayCommentRow {
  id: string;
  at: number;
  t: number;
  handle: string;
  text: string;
  lang: string | null;
  sentiment: SentimentLabel | null;
  intents: IntentTag[];
  productId: string | null;
}

interface CommentRow {
  id: string;
  created_at: number;
  stream_ms: number;
  author_name: string;
  text: string;
  lang: string | null;
  sentiment: SentimentLabel | null;
  intents: number | null;
  product_id: string | null;
}

const commentFromRow = (r: CommentRow): ReplayCommentRow => ({
  id: r.id,
  at: Number(r.created_at),
  t: Number(r.stream_ms),
  handle: r.author_name,
  text: r.text,
  lang: r.lang,
  sentiment: r.sentiment,
  intents: intentsOfMask(Number(r.intents ?? 0)),
  productId: r.product_id,
});

interface RoomSummaryRow {
  id: string;
  title: string;
  host_language: string;
  status: ReplayRoomRow['status'];
  live_started_at: number;
  owner_sub: string | null;
  state: ReplayState | null;
  ended_at: number | null;
  ready_at: number | null;
  item: string | null;
}

const num = (v: number | null) => (v === null ? null : Number(v));

function roomFromRow(r: RoomSummaryRow): ReplayRoomRow {
  return {
    id: r.id,
    title: r.title,
    hostLanguage: r.host_language,
    status: r.status,
    liveStartedAt: Number(r.live_started_at),
    ownerSub: r.owner_sub,
    summary:
      r.state && r.item
        ? {
            roomId: r.id,
            state: r.state,
            endedAt: num(r.ended_at),
            readyAt: num(r.ready_at),
            item: JSON.parse(r.item) as ReplayListItem,
          }
        : null,
  };
}

const ROOM_COLUMNS = `r.id, r.title, r.host_language, r.status, r.live_started_at, r.owner_sub,
  s.state, s.ended_at, s.ready_at, s.item`;

export class ReplayStore {
  constructor(private readonly db: SqlDatabase) {}

  /** Stores (or replaces) a room's summary. */
  async putSummary(summary: StoredSummary, detail: ReplayDetail, now = Date.now()): Promise<void> {
    await this.db.run(
      `INSERT INTO replay_summaries (room_id, state, ended_at, ready_at, item, detail, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (room_id) DO UPDATE SET state = excluded.state, ended_at = excluded.ended_at,
         ready_at = excluded.ready_at, item = excluded.item, detail = excluded.detail,
         updated_at = excluded.updated_at`,
      [
        summary.roomId,
        summary.state,
        summary.endedAt,
        summary.readyAt,
        JSON.stringify(summary.item),
        JSON.stringify(detail),
        now,
      ],
    );
  }

  /** The stored detail of a room's replay (ready ones), null when none is stored. */
  async detail(roomId: string): Promise<ReplayDetail | null> {
    const row = await this.db.get<{ detail: string }>(
      'SELECT detail FROM replay_summaries WHERE room_id = ?',
      [roomId],
    );
    return row ? (JSON.parse(row.detail) as ReplayDetail) : null;
  }

  /** One room that went live, with its summary; null when unknown or never live. */
  async room(roomId: string): Promise<ReplayRoomRow | null> {
    const row = await this.db.get<RoomSummaryRow>(
      `SELECT ${ROOM_COLUMNS} FROM rooms r LEFT JOIN replay_summaries s ON s.room_id = r.id
       WHERE r.id = ? AND r.live_started_at IS NOT NULL`,
      [roomId],
    );
    return row ? roomFromRow(row) : null;
  }

  /** Rooms that went live, newest first, older than `before` (paging), only `owner`'s when given. */
  async rooms(options: { before?: number; limit: number; owner?: string }): Promise<ReplayRoomRow[]> {
    const params: (string | number)[] = [];
    let where = 'r.live_started_at IS NOT NULL';
    if (options.before !== undefined) {
      where += ' AND r.live_started_at < ?';
      params.push(options.before);
    }
    if (options.owner !== undefined) {
      where += ' AND r.owner_sub = ?';
      params.push(options.owner);
    }
    params.push(options.limit);
    const rows = await this.db.all<RoomSummaryRow>(
      `SELECT ${ROOM_COLUMNS} FROM rooms r LEFT JOIN replay_summaries s ON s.room_id = r.id
       WHERE ${where} ORDER BY r.live_started_at DESC, r.id DESC LIMIT ?`,
      params,
    );
    return rows.map(roomFromRow);
  }

  /** The studio's marks of the room (host outbox `analytics.mark`): the studio's time and label. */
  async marks(roomId: string): Promise<{ at: number; label: string; receivedAt: number }[]> {
    const rows = await this.db.all<{ payload: string; received_at: number }>(
      "SELECT payload, received_at FROM host_events WHERE room_id = ? AND type = 'analytics.mark' ORDER BY received_at, id",
      [roomId],
    );
    return rows.flatMap((r) => {
      // Only the label and time are read: the payload also carries the host key.
      const p = JSON.parse(r.payload) as { at?: unknown; label?: unknown };
      if (typeof p.at !== 'number' || typeof p.label !== 'string') return [];
      return [{ at: p.at, label: p.label.slice(0, 200), receivedAt: Number(r.received_at) }];
    });
  }

  /** The room's comments (not deleted) with `fromMs <= t <= toMs` in stream time, oldest first. */
  async comments(roomId: string, fromMs = 0, toMs = Number.MAX_SAFE_INTEGER, limit = 1_000_000) {
    const rows = await this.db.all<CommentRow>(
      `SELECT id, created_at, stream_ms, author_name, text, lang, sentiment, intents, product_id
       FROM comments WHERE room_id = ? AND deleted = 0 AND stream_ms >= ? AND stream_ms <= ?
       ORDER BY stream_ms, id LIMIT ?`,
      [roomId, fromMs, toMs, limit],
    );
    return rows.map(commentFromRow);
  }

  /** The server time of the room's last stored thing (fact, comment, order): where a killed stream stops. */
  async lastActivityAt(roomId: string): Promise<number | null> {
    const row = await this.db.get<{ at: number | null }>(
      `SELECT MAX(at) AS at FROM (
         SELECT MAX(at) AS at FROM analytics_facts WHERE room_id = ?
         UNION ALL SELECT MAX(created_at) AS at FROM comments WHERE room_id = ?
         UNION ALL SELECT MAX(updated_at) AS at FROM orders WHERE room_id = ?
       ) t`,
      [roomId, roomId, roomId],
    );
    return row?.at === null || row?.at === undefined ? null : Number(row.at);
  }

  /** Each product's title in `lang` (else its first), for segment labels. */
  async productTitles(roomId: string, lang: string): Promise<Record<string, string>> {
    const rows = await this.db.all<{ id: string; titles: string }>(
      'SELECT id, titles FROM products WHERE room_id = ?',
      [roomId],
    );
    const out: Record<string, string> = {};
    for (const r of rows) {
      const titles = JSON.parse(r.titles) as Record<string, string>;
      out[r.id] = titles[lang] ?? titles.en ?? Object.values(titles)[0] ?? r.id;
    }
    return out;
  }
}
