// Stream time <-> the recording's files. A recording is WebM segments on the stream's clock (startMs..endMs)
// with gaps between them (a new producer, a restarted recorder or media worker, a killed backend): the player
// plays the segments in order, skips each gap, and shows the gaps on the timeline. Pure, so it is unit-tested.
import type { RecordingGap, RecordingSegment } from '../../core/protocol/replay';

export interface PlayableSegment {
  seq: number;
  startMs: number;
  /** A segment still being written ends, for now, at the stream's duration. */
  endMs: number;
  url: string;
}

export interface TimelineGap {
  fromMs: number;
  toMs: number;
  reason: RecordingGap['reason'] | 'missing_file' | 'not_recorded';
}

/** Where a stream time is in the recording. */
export interface SegmentPosition {
  /** Index into `segments`. */
  index: number;
  /** ms into that segment's file. */
  offsetMs: number;
  /** The stream time actually shown: the asked one, or the start of the segment after a gap. */
  streamMs: number;
}

export class RecordingTimeline {
  readonly segments: PlayableSegment[];
  readonly gaps: TimelineGap[];

  constructor(segments: readonly RecordingSegment[], gaps: readonly RecordingGap[], durationMs: number) {
    this.segments = segments
      .filter((s): s is RecordingSegment & { url: string } => s.url !== null)
      .map((s) => ({
        seq: s.seq,
        startMs: s.startMs,
        endMs: Math.max(s.startMs, s.endMs ?? durationMs),
        url: s.url,
      }))
      .filter((s) => s.endMs > s.startMs)
      .sort((a, b) => a.startMs - b.startMs);
    const holes: TimelineGap[] = gaps.map((g) => ({ fromMs: g.fromMs, toMs: g.toMs, reason: g.reason }));
    // Time no file covers is a gap too, whether or not the backend listed it.
    let covered = 0;
    for (const s of this.segments) {
      if (s.startMs > covered) holes.push({ fromMs: covered, toMs: s.startMs, reason: 'not_recorded' });
      covered = Math.max(covered, s.endMs);
    }
    for (const s of segments)
      if (s.url === null && s.endMs !== null && s.endMs > s.startMs)
        holes.push({ fromMs: s.startMs, toMs: s.endMs, reason: 'missing_file' });
    if (this.segments.length > 0 && durationMs > covered)
      holes.push({ fromMs: covered, toMs: durationMs, reason: 'not_recorded' });
    this.gaps = mergeGaps(holes.filter((g) => g.toMs > g.fromMs && !this.isCovered(g)));
  }

  get empty(): boolean {
    return this.segments.length === 0;
  }

  /** The first stream time with video. */
  get startMs(): number {
    return this.segments[0]?.startMs ?? 0;
  }

  /** The last stream time with video. */
  get endMs(): number {
    return this.segments.at(-1)?.endMs ?? 0;
  }

  /**
   * The segment and offset that show stream time `ms`: inside a gap (or before the first segment), the start
   * of the next segment; at or past the last segment's end, null (the recording is over).
   */
  locate(ms: number): SegmentPosition | null {
    const t = Math.max(0, ms);
    for (let index = 0; index < this.segments.length; index++) {
      const s = this.segments[index]!;
      if (t < s.startMs) return { index, offsetMs: 0, streamMs: s.startMs };
      if (t < s.endMs) return { index, offsetMs: t - s.startMs, streamMs: t };
    }
    return null;
  }

  /** Stream time of `offsetMs` into segment `index`. */
  streamMs(index: number, offsetMs: number): number {
    const s = this.segments[index];
    if (!s) return this.endMs;
    return s.startMs + Math.max(0, offsetMs);
  }

  /** Whether playback at `offsetMs` into segment `index` has reached its end (go on with the next one). */
  atSegmentEnd(index: number, offsetMs: number): boolean {
    const s = this.segments[index];
    return !s || s.startMs + offsetMs >= s.endMs;
  }

  /** The gap `ms` falls in, if any. */
  gapAt(ms: number): TimelineGap | null {
    return this.gaps.find((g) => ms >= g.fromMs && ms < g.toMs) ?? null;
  }

  /** Whether a gap lies entirely inside one playable segment (a listed gap the files do cover). */
  private isCovered(g: TimelineGap): boolean {
    return this.segments.some((s) => s.startMs <= g.fromMs && s.endMs >= g.toMs);
  }
}

/** Overlapping or touching gaps as one (the first one's reason). */
function mergeGaps(gaps: TimelineGap[]): TimelineGap[] {
  const sorted = [...gaps].sort((a, b) => a.fromMs - b.fromMs);
  const out: TimelineGap[] = [];
  for (const g of sorted) {
    const last = out.at(-1);
    if (last && g.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, g.toMs);
    else out.push({ ...g });
  }
  return out;
}
