// A room's mood, rolling: sentiment counts per 10 s bucket and per product segment (the time a product was
// pinned), the questions viewers are waiting on, and alerts for what a host should react to now.
import type {
  MoodAlert,
  MoodBucket,
  MoodCounts,
  MoodSegment,
  MoodSnapshot,
  OpenQuestion,
} from '../../core/protocol/insight-events';
import type { CommentInsight, SentimentLabel } from '../../core/protocol/room-events';

export const BUCKET_MS = 10_000;
/** The gauge's "last 10 s" rolls by the second, so a burst across a bucket boundary is counted whole. */
const GAUGE_SLOT_MS = 1000;
const TIMELINE_BUCKETS = 30; // five minutes
/** Negative spike: in the last bucket at least this many comments and this share negative... */
const SPIKE_MIN_COMMENTS = 6;
const SPIKE_MIN_SHARE = 0.4;
/** ...and this much above the share over the minute before it. */
const SPIKE_OVER_BASELINE = 0.2;
/** Unanswered questions: this many open questions asked in the last minute. */
const QUESTION_BURST = 5;
const QUESTION_WINDOW_MS = 60_000;
const ALERT_REPEAT_MS = 30_000;

const empty = (): MoodCounts => ({ neg: 0, neu: 0, pos: 0 });
const total = (c: MoodCounts) => c.neg + c.neu + c.pos;
export const moodScore = (c: MoodCounts): number | null => (total(c) ? (c.pos - c.neg) / total(c) : null);
/** Questions are grouped by their text with spaces, punctuation and case folded away. */
const questionKey = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');

export class RoomMood {
  private buckets: MoodBucket[] = [];
  /** One-second slots of the last 10 s, for the gauge. */
  private slots: MoodBucket[] = [];
  private segments: MoodSegment[] = [];
  private questions = new Map<string, OpenQuestion>();
  private lastAlert = new Map<MoodAlert['kind'], number>();

  constructor(
    readonly roomId: string,
    pinned: string | null,
    now: number,
  ) {
    this.segments.push({ productId: pinned, from: now, ...empty() });
  }

  /** The pinned product changed: a new segment starts. */
  pin(productId: string | null, now: number): void {
    if (this.segments.at(-1)?.productId === productId) return;
    this.segments.push({ productId, from: now, ...empty() });
    if (this.segments.length > 50) this.segments.shift();
  }

  /** Counts one comment; returns the alerts it triggers. */
  add(x: CommentInsight, text: string, byHost: boolean, now: number): MoodAlert[] {
    if (byHost) {
      this.questions.clear(); // the host spoke up: what was asked before counts as answered
      return [];
    }
    this.bucket(now)[x.s]++;
    this.slot(now)[x.s]++;
    this.segments.at(-1)![x.s as SentimentLabel]++;
    if (x.i.includes('question')) {
      const key = questionKey(text);
      const q = this.questions.get(key);
      if (q) {
        q.count++;
        q.lastAt = now;
      } else this.questions.set(key, { text, count: 1, lastAt: now, productId: x.p });
    }
    return this.alerts(now);
  }

  private bucket(now: number): MoodBucket {
    const at = now - (now % BUCKET_MS);
    let last = this.buckets.at(-1);
    if (!last || last.at !== at) {
      last = { at, ...empty() };
      this.buckets.push(last);
      if (this.buckets.length > TIMELINE_BUCKETS) this.buckets.shift();
    }
    return last;
  }

  private slot(now: number): MoodBucket {
    const at = now - (now % GAUGE_SLOT_MS);
    let last = this.slots.at(-1);
    if (!last || last.at !== at) {
      last = { at, ...empty() };
      this.slots.push(last);
      while (this.slots[0]!.at + GAUGE_SLOT_MS <= now - BUCKET_MS) this.slots.shift();
    }
    return last;
  }

  /** Comments of the last 10 s (by the second), whatever bucket boundary falls inside them. */
  private lastTenSeconds(now: number): MoodCounts {
    const sum = empty();
    for (const s of this.slots) {
      if (s.at + GAUGE_SLOT_MS <= now - BUCKET_MS) continue;
      sum.neg += s.neg;
      sum.neu += s.neu;
      sum.pos += s.pos;
    }
    return sum;
  }

  private openQuestions(now: number): OpenQuestion[] {
    for (const [k, q] of this.questions)
      if (now - q.lastAt > QUESTION_WINDOW_MS * 5) this.questions.delete(k);
    return [...this.questions.values()].sort((a, b) => b.count - a.count || b.lastAt - a.lastAt);
  }

  private alerts(now: number): MoodAlert[] {
    const out: MoodAlert[] = [];
    const due = (kind: MoodAlert['kind']) => now - (this.lastAlert.get(kind) ?? -Infinity) >= ALERT_REPEAT_MS;
    const current = this.buckets.at(-1)!;
    const n = total(current);
    if (n >= SPIKE_MIN_COMMENTS && due('negative_spike')) {
      const share = current.neg / n;
      const before = this.buckets.filter((b) => b !== current && b.at >= current.at - 6 * BUCKET_MS);
      const baseN = before.reduce((s, b) => s + total(b), 0);
      const baseShare = baseN ? before.reduce((s, b) => s + b.neg, 0) / baseN : 0;
      if (share >= SPIKE_MIN_SHARE && share >= baseShare + SPIKE_OVER_BASELINE) {
        this.lastAlert.set('negative_spike', now);
        out.push({ roomId: this.roomId, at: now, kind: 'negative_spike', share, comments: n });
      }
    }
    if (due('questions')) {
      const recent = this.openQuestions(now).filter((q) => now - q.lastAt <= QUESTION_WINDOW_MS);
      const open = recent.reduce((s, q) => s + q.count, 0);
      if (open >= QUESTION_BURST) {
        this.lastAlert.set('questions', now);
        out.push({ roomId: this.roomId, at: now, kind: 'questions', open, top: recent[0]!.text });
      }
    }
    return out;
  }

  snapshot(now: number): MoodSnapshot {
    const recent = this.lastTenSeconds(now);
    return {
      roomId: this.roomId,
      at: now,
      score: moodScore(recent),
      last: { neg: recent.neg, neu: recent.neu, pos: recent.pos },
      timeline: this.buckets.map((b) => ({ ...b })),
      segments: this.segments.map((s) => ({ ...s })),
      openQuestions: this.openQuestions(now).slice(0, 5),
    };
  }
}
