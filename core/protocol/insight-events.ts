// What the server's comment insight tells the host and operations staff about a room, besides the
// per-comment insight that travels with each comment (CommentInsight in room-events.ts).

export interface MoodCounts {
  neg: number;
  neu: number;
  pos: number;
}
export interface MoodBucket extends MoodCounts {
  /** Start of the bucket, ms since the epoch. */
  at: number;
}
export interface MoodSegment extends MoodCounts {
  productId: string | null;
  from: number;
}
export interface OpenQuestion {
  text: string;
  count: number;
  lastAt: number;
  productId: string | null;
}
export interface MoodSnapshot {
  roomId: string;
  at: number;
  /** (pos - neg) / all over the last 10 s, -1..1, null with no comments. */
  score: number | null;
  last: MoodCounts;
  timeline: MoodBucket[];
  segments: MoodSegment[];
  openQuestions: OpenQuestion[];
}
export type MoodAlert =
  | { roomId: string; at: number; kind: 'negative_spike'; share: number; comments: number }
  | { roomId: string; at: number; kind: 'questions'; open: number; top: string };
