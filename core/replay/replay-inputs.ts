// What a replay is computed from: the room's stored facts (core/metrics/facts.ts), comments, the studio's
// marks, alerts and the recording's gaps, all on the server's clock (ms since the epoch) except where a name
// says stream ms. The computations in this folder turn them into the stream-relative ReplayDetail parts.
import type { AnalyticsFact } from '../metrics/facts';
import type { ComplianceViolation } from '../protocol/compliance';
import type { RecordingGap } from '../protocol/replay';
import type { IntentTag, SentimentLabel } from '../protocol/room-events';

export interface ReplayCommentInput {
  id: string;
  /** Stream ms. */
  t: number;
  text: string;
  sentiment: SentimentLabel | null;
  intents: readonly IntentTag[];
}

export interface ReplayInputs {
  roomId: string;
  /** Server time the stream went live: stream ms 0. */
  liveStartedAt: number;
  /** Server time the replay ends: the stream's end, or (partial) the last thing stored. */
  endAt: number;
  facts: readonly AnalyticsFact[];
  /**
   * The stored 10 s rollups' peak online (the backend's own buckets); none: recomputed from the facts
   * (slow for a long stream: millions of presence facts).
   */
  rollups?: readonly { start: number; online: number }[];
  comments: readonly ReplayCommentInput[];
  /** The studio's marks, at server time. */
  marks: readonly { at: number; label: string }[];
  alerts: readonly { at: number; kind: string }[];
  /** The host's compliance violation events (their first flag's server time): markers and the list. */
  violations?: readonly Pick<ComplianceViolation, 'id' | 'at' | 'level' | 'source' | 'flags'>[];
  gaps: readonly RecordingGap[];
  /** Product titles for labels. */
  titles: Readonly<Record<string, string>>;
}

/** Stream ms of a server time, clamped to the stream. */
export const streamMs = (inputs: Pick<ReplayInputs, 'liveStartedAt' | 'endAt'>, at: number) =>
  Math.max(0, Math.min(at, inputs.endAt) - inputs.liveStartedAt);

export const durationOf = (inputs: Pick<ReplayInputs, 'liveStartedAt' | 'endAt'>) =>
  Math.max(0, inputs.endAt - inputs.liveStartedAt);

export type OrderFactOf = Extract<AnalyticsFact, { kind: 'order' }>;

/** Each order once, at its placement (the first 'placed' fact of its id): what GMV counts. */
export function placedOrders(facts: readonly AnalyticsFact[]): OrderFactOf[] {
  const seen = new Set<string>();
  const out: OrderFactOf[] = [];
  for (const f of facts) {
    if (f.kind !== 'order' || f.status !== 'placed' || seen.has(f.orderId)) continue;
    seen.add(f.orderId);
    out.push(f);
  }
  return out.sort((a, b) => a.at - b.at);
}

export const emptyMood = () => ({ pos: 0, neu: 0, neg: 0 });
