// Every final caption of every room in every language, as the host published it (server/room/caption-relay.ts),
// for the replay's transcript and subtitle exports. Stored once per (room, id, language): a resent batch
// changes nothing.
//
// Stream time. A caption's startMs/endMs count from when the host's captions pipeline started, on the
// host's clock; emittedAt is the host's wall clock; the server only trusts its own clock (receivedAt, and the
// room's liveStartedAt). Each line keeps all four, and the mapping is made when read: the captions clock
// started at `origin = min(receivedAt - endMs)` over the room's lines (server time). No caption can have
// ended after the server received it, so this is the latest origin consistent with every line; its error
// is the smallest end-of-speech-to-receipt delay of any line (recognition plus network, typically well under
// a second), the same for every line (no drift: both clocks run at the same rate over a stream). Host wall
// clocks are not used: they can be minutes off the server's. stream ms = origin + startMs - liveStartedAt.
import type { Caption } from '../../core/protocol/captions';
import type { CaptionTrackInfo, TranscriptLine } from '../../core/protocol/replay';
import type { SqlDatabase } from './sql';

/** The engine named when a caption does not say which AI engine made it. */
export const UNNAMED_ENGINE = 'ai';

export interface CaptionLineRow {
  id: string;
  lang: string;
  source: number;
  engine: string;
  text: string;
  start_ms: number;
  end_ms: number;
  received_at: number;
}

const COLUMNS = [
  'room_id',
  'id',
  'lang',
  'source',
  'engine',
  'text',
  'start_ms',
  'end_ms',
  'emitted_at',
  'received_at',
] as const;

export class CaptionLinesStore {
  constructor(private readonly db: SqlDatabase) {}

  /** Stores the final captions of a batch (partials are skipped); a line stored already is kept as it was. */
  async add(roomId: string, captions: readonly Caption[], receivedAt: number): Promise<number> {
    const finals = captions.filter((c) => c.final && c.text.trim() !== '');
    await this.db.insertRows(
      'caption_lines',
      COLUMNS,
      finals.map((c) => [
        roomId,
        c.id,
        c.lang,
        c.source ? 1 : 0,
        c.engine ?? UNNAMED_ENGINE,
        c.text,
        Math.round(c.startMs),
        Math.round(c.endMs),
        Math.round(c.emittedAt),
        receivedAt,
      ]),
      'ON CONFLICT (room_id, id, lang) DO NOTHING',
    );
    return finals.length;
  }

  /** Server time (ms since the epoch) when the room's captions clock started; null without captions. */
  async origin(roomId: string): Promise<number | null> {
    const row = await this.db.get<{ origin: number | null }>(
      'SELECT MIN(received_at - end_ms) AS origin FROM caption_lines WHERE room_id = ?',
      [roomId],
    );
    return row?.origin === null || row?.origin === undefined ? null : Number(row.origin);
  }

  /** The room's lines in one language (all languages when omitted), in stream time, oldest first. */
  async lines(roomId: string, liveStartedAt: number, lang?: string): Promise<TranscriptLine[]> {
    const origin = await this.origin(roomId);
    if (origin === null) return [];
    const rows = await this.db.all<CaptionLineRow>(
      `SELECT id, lang, source, engine, text, start_ms, end_ms, received_at FROM caption_lines
       WHERE room_id = ? ${lang ? 'AND lang = ?' : ''} ORDER BY start_ms, id, lang`,
      lang ? [roomId, lang] : [roomId],
    );
    const shift = origin - liveStartedAt;
    return rows.map((r) => ({
      id: r.id,
      lang: r.lang,
      startMs: Math.max(0, Number(r.start_ms) + shift),
      endMs: Math.max(0, Number(r.end_ms) + shift),
      text: r.text,
    }));
  }

  /** One entry per language: how many lines, whether it is the recognised speech, which engine made it. */
  async tracks(roomId: string): Promise<CaptionTrackInfo[]> {
    const rows = await this.db.all<{ lang: string; lines: number; source: number; engine: string }>(
      `SELECT lang, COUNT(*) AS lines, MAX(source) AS source, MIN(engine) AS engine FROM caption_lines
       WHERE room_id = ? GROUP BY lang ORDER BY lang`,
      [roomId],
    );
    return rows.map((r) => ({
      lang: r.lang,
      lines: Number(r.lines),
      source: Number(r.source) === 1,
      engine: r.engine,
    }));
  }
}
