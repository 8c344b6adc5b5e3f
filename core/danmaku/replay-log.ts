// A timestamped comment log replayed against a clock (a stream's recording, or a benchmark's offered rate),
// and the reader for bilibili's danmaku dumps ({video_time_s, mode, color, text} per line).
import type { DanmakuComment } from './lane-layout';

/** One logged comment; `t` is ms on the replay clock (stream time for a recording). */
export interface DanmakuLogEntry extends Omit<DanmakuComment, 'id'> {
  t: number;
  id?: string;
}

/** After a seek, comments up to this old are still shown (they would be on stage now). */
const CATCH_UP_MS = 1000;
/** The clock moved back, or further forward than a stalled frame explains: a seek. */
const BACK_JUMP_MS = 250;
const FORWARD_JUMP_MS = 3000;

/** Walks a log sorted by `t`, handing out each entry once when the clock passes it. */
export class ReplayCursor<E extends { t: number }> {
  private next = 0;
  private last = Number.NaN;

  /**
   * `resumeAt`: the clock value a previous cursor over an earlier copy of this log had reached (a log that
   * grew while playing): entries up to it count as handed out, and a clock still near it is no seek.
   */
  constructor(
    private readonly entries: readonly E[],
    resumeAt?: number,
  ) {
    if (resumeAt !== undefined && Number.isFinite(resumeAt)) {
      this.last = resumeAt;
      this.next = this.lowerBound(resumeAt);
      while (this.next < entries.length && entries[this.next]!.t <= resumeAt) this.next++;
    }
  }

  get done(): boolean {
    return this.next >= this.entries.length;
  }

  /**
   * Emits the entries due by `now`. When the clock jumped (a seek), first calls `onSeek` (the caller clears
   * the stage) and resumes with the last second before `now` instead of replaying everything in between.
   */
  advance(now: number, emit: (entry: E, index: number) => void, onSeek?: () => void): void {
    if (Number.isNaN(this.last) || now < this.last - BACK_JUMP_MS || now > this.last + FORWARD_JUMP_MS) {
      if (!Number.isNaN(this.last)) onSeek?.();
      this.next = this.lowerBound(now - CATCH_UP_MS);
    }
    this.last = now;
    const entries = this.entries;
    while (this.next < entries.length && entries[this.next]!.t <= now) {
      emit(entries[this.next]!, this.next);
      this.next++;
    }
  }

  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.t < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * One line of a bilibili danmaku dump as a log entry, or null for what we do not show. Modes: 1-3 scroll,
 * 4 bottom, 5 top, 6 (reverse scroll) scrolls the usual way, 7 (positioned, a JSON array) shows its text
 * (the 5th element) as plain scrolling text, 8 (script) and anything malformed are skipped.
 */
export function parseBilibiliLine(line: string): DanmakuLogEntry | null {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof row !== 'object' || row === null) return null;
  const { video_time_s: seconds, mode, color, text } = row as Record<string, unknown>;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || typeof text !== 'string') return null;
  let shown = text;
  let kind: DanmakuLogEntry['mode'];
  if (mode === 1 || mode === 2 || mode === 3 || mode === 6) kind = 'scroll';
  else if (mode === 4) kind = 'bottom';
  else if (mode === 5) kind = 'top';
  else if (mode === 7) {
    try {
      const fields: unknown = JSON.parse(text);
      if (!Array.isArray(fields) || typeof fields[4] !== 'string') return null;
      shown = fields[4];
    } catch {
      return null;
    }
    kind = 'scroll';
  } else return null;
  if (shown.trim() === '') return null;
  const entry: DanmakuLogEntry = { t: Math.round(seconds * 1000), text: shown, mode: kind };
  if (typeof color === 'number' && Number.isInteger(color) && color >= 0 && color <= 0xffffff)
    entry.color = color;
  return entry;
}
