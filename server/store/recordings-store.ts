// Recording segments and gaps (server/media-out): a segment is stored open when its FFmpeg starts and
// closed with its end when it stops; a gap is stream time nothing recorded. Times are stream-relative ms.
import type { RecordingGap, SegmentReason } from '../../core/protocol/replay';
import type { StoredSegment } from '../media-out/recording-api';
import type { SqlDatabase } from './sql';

/** How a segment ended: its stream went on in a new segment for this reason, or stopped. */
export type SegmentEnd = SegmentReason | 'recorder_died' | 'backend_stopped' | 'stopped' | 'no_media';

export interface StoredSegmentRow extends StoredSegment {
  endReason: SegmentEnd | null;
}

interface SegmentRow {
  room_id: string;
  seq: number;
  file: string;
  reason: SegmentReason;
  start_ms: number;
  end_ms: number | null;
  end_reason: SegmentEnd | null;
  has_video: number;
  has_audio: number;
}

interface GapRow {
  from_ms: number;
  to_ms: number;
  reason: RecordingGap['reason'];
}

const segmentFromRow = (r: SegmentRow): StoredSegmentRow => ({
  roomId: r.room_id,
  seq: Number(r.seq),
  file: r.file,
  reason: r.reason,
  startMs: Number(r.start_ms),
  endMs: r.end_ms === null ? null : Number(r.end_ms),
  endReason: r.end_reason,
  hasVideo: Number(r.has_video) === 1,
  hasAudio: Number(r.has_audio) === 1,
});

export interface NewSegment {
  roomId: string;
  file: string;
  reason: SegmentReason;
  startMs: number;
  hasVideo: boolean;
  hasAudio: boolean;
}

export class RecordingsStore {
  constructor(private readonly db: SqlDatabase) {}

  /**
   * Stores a new open segment with the room's next sequence number (taken in the insert, so two nodes
   * never share one) and returns it.
   */
  async open(segment: NewSegment, file: (seq: number) => string): Promise<StoredSegmentRow> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ n: number | null }>(
        'SELECT MAX(seq) AS n FROM recording_segments WHERE room_id = ?',
        [segment.roomId],
      );
      const seq = row?.n === null || row?.n === undefined ? 1 : Number(row.n) + 1;
      const path = file(seq);
      await tx.run(
        `INSERT INTO recording_segments
           (room_id, seq, file, reason, start_ms, has_video, has_audio, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          segment.roomId,
          seq,
          path,
          segment.reason,
          segment.startMs,
          segment.hasVideo ? 1 : 0,
          segment.hasAudio ? 1 : 0,
          Date.now(),
        ],
      );
      return { ...segment, seq, file: path, endMs: null, endReason: null };
    });
  }

  /** When the segment's media began to flow to FFmpeg and what it holds (known once it runs). */
  async started(
    roomId: string,
    seq: number,
    startMs: number,
    hasVideo: boolean,
    hasAudio: boolean,
  ): Promise<void> {
    await this.db.run(
      'UPDATE recording_segments SET start_ms = ?, has_video = ?, has_audio = ? WHERE room_id = ? AND seq = ?',
      [startMs, hasVideo ? 1 : 0, hasAudio ? 1 : 0, roomId, seq],
    );
  }

  /** Closes an open segment; false when it was closed already (the first close wins). */
  async close(roomId: string, seq: number, endMs: number, endReason: SegmentEnd): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE recording_segments SET end_ms = ?, end_reason = ?
       WHERE room_id = ? AND seq = ? AND end_ms IS NULL`,
      [endMs, endReason, roomId, seq],
    );
    return changed === 1;
  }

  async ofRoom(roomId: string): Promise<StoredSegmentRow[]> {
    const rows = await this.db.all<SegmentRow>(
      'SELECT * FROM recording_segments WHERE room_id = ? ORDER BY seq',
      [roomId],
    );
    return rows.map(segmentFromRow);
  }

  /** The room's last segment, open or closed. */
  async last(roomId: string): Promise<StoredSegmentRow | null> {
    const row = await this.db.get<SegmentRow>(
      'SELECT * FROM recording_segments WHERE room_id = ? ORDER BY seq DESC LIMIT 1',
      [roomId],
    );
    return row ? segmentFromRow(row) : null;
  }

  /** Every segment still open (on any node: the caller keeps those whose file it owns). */
  async stillOpen(): Promise<StoredSegmentRow[]> {
    const rows = await this.db.all<SegmentRow>(
      'SELECT * FROM recording_segments WHERE end_ms IS NULL ORDER BY room_id, seq',
    );
    return rows.map(segmentFromRow);
  }

  /** Stores a gap once (a resend of the same start is a no-op); an empty one is not stored. */
  async addGap(roomId: string, gap: RecordingGap): Promise<void> {
    if (gap.toMs <= gap.fromMs) return;
    await this.db.run(
      `INSERT INTO recording_gaps (room_id, from_ms, to_ms, reason) VALUES (?, ?, ?, ?)
       ON CONFLICT (room_id, from_ms) DO NOTHING`,
      [roomId, gap.fromMs, gap.toMs, gap.reason],
    );
  }

  /** Moves the end of the gap that starts where `gap` does (stores it when it was empty before). */
  async moveGapEnd(roomId: string, gap: RecordingGap): Promise<void> {
    if (gap.toMs <= gap.fromMs) return;
    const changed = await this.db.run(
      'UPDATE recording_gaps SET to_ms = ? WHERE room_id = ? AND from_ms = ?',
      [gap.toMs, roomId, gap.fromMs],
    );
    if (changed === 0) await this.addGap(roomId, gap);
  }

  async gaps(roomId: string): Promise<RecordingGap[]> {
    const rows = await this.db.all<GapRow>(
      'SELECT from_ms, to_ms, reason FROM recording_gaps WHERE room_id = ? ORDER BY from_ms',
      [roomId],
    );
    return rows.map((r) => ({ fromMs: Number(r.from_ms), toMs: Number(r.to_ms), reason: r.reason }));
  }
}
