// A room's analytics rebuilt from its stored facts: the check that stored rollups equal what the facts
// make, and the room view of an ended room a node no longer holds.
import { BUCKET_MS } from '../protocol/analytics-events';
import { bucketStart, compareFacts, type AnalyticsFact } from './facts';
import type { ClosedBucket } from './open-bucket';
import { RoomAnalytics } from './room-analytics';

/** The buckets the given facts make, closed up to `until` (default: every bucket with a fact). */
export function recompute(roomId: string, facts: readonly AnalyticsFact[], until?: number): ClosedBucket[] {
  return replay(roomId, facts, until).closed;
}

/** A room's state after every one of `facts`, with its buckets closed up to `until` (default: the last). */
export function replay(
  roomId: string,
  facts: readonly AnalyticsFact[],
  until?: number,
): { state: RoomAnalytics; closed: ClosedBucket[] } {
  const state = new RoomAnalytics(roomId);
  const sorted = [...facts].sort(compareFacts);
  for (const f of sorted) state.apply(f);
  const end = until ?? (sorted.length ? bucketStart(sorted[sorted.length - 1]!.at) + BUCKET_MS : 0);
  return { state, closed: state.closeUntil(end) };
}
