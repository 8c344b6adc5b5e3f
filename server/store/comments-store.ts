// Viewer and host comments of each room, with the insight computed when each arrived (language,
// sentiment, intents, linked product), kept for history and replays; deleted ones are hidden.
import {
  intentMaskOf,
  intentsOfMask,
  SENTIMENT_LABELS,
  type CommentWire,
  type SentimentLabel,
} from '../../core/protocol/room-events';
import type { SqlDatabase, SqlValue } from './sql';

export interface NewComment extends CommentWire {
  roomId: string;
  createdAt: number;
}

interface CommentRow {
  id: string;
  author_id: string;
  author_name: string;
  kind: 'h' | 'v';
  text: string;
  stream_ms: number;
  lang: string | null;
  sentiment: string | null;
  sentiment_score: number | null;
  intents: number | null;
  product_id: string | null;
}

const COLUMNS = [
  'id',
  'room_id',
  'author_id',
  'author_name',
  'kind',
  'text',
  'stream_ms',
  'created_at',
  'lang',
  'sentiment',
  'sentiment_score',
  'intents',
  'product_id',
] as const;

/** A comment as the values of COLUMNS, in order. */
function commentValues(c: NewComment): SqlValue[] {
  const insight = c.x
    ? [c.x.lang, c.x.s, c.x.sc, intentMaskOf(c.x.i), c.x.p]
    : [null, null, null, null, null];
  return [c.id, c.roomId, c.a, c.n, c.k, c.text, c.t, c.createdAt, ...insight];
}

function commentFromRow(row: CommentRow): CommentWire {
  return {
    id: row.id,
    t: row.stream_ms,
    a: row.author_id,
    n: row.author_name,
    text: row.text,
    k: row.kind,
    ...(row.lang && SENTIMENT_LABELS.includes(row.sentiment as SentimentLabel)
      ? {
          x: {
            lang: row.lang,
            s: row.sentiment as SentimentLabel,
            sc: row.sentiment_score ?? 0,
            i: intentsOfMask(row.intents ?? 0),
            p: row.product_id,
          },
        }
      : {}),
  };
}

export class CommentsStore {
  constructor(private readonly db: SqlDatabase) {}

  /** Stores a batch at once; a comment whose id is stored already (a resend) is kept as it was. */
  async add(comments: readonly NewComment[]): Promise<void> {
    await this.db.insertRows('comments', COLUMNS, comments.map(commentValues), 'ON CONFLICT (id) DO NOTHING');
  }

  /** The room's latest `limit` comments that are not deleted, oldest first. */
  async list(roomId: string, limit: number): Promise<CommentWire[]> {
    const rows = await this.db.all<CommentRow>(
      'SELECT * FROM comments WHERE room_id = ? AND deleted = 0 ORDER BY created_at DESC, id DESC LIMIT ?',
      [roomId, limit],
    );
    return rows.reverse().map(commentFromRow);
  }

  /** Hides a comment; false when the room has no such comment. */
  async delete(roomId: string, commentId: string): Promise<boolean> {
    return (
      (await this.db.run('UPDATE comments SET deleted = 1 WHERE room_id = ? AND id = ?', [
        roomId,
        commentId,
      ])) > 0
    );
  }
}
