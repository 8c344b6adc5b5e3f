// A room's restream destinations as the ops board counts them, and the news of it: the backend pushes a room's
// multistream status on every change and every ~2 s while live (bitrate, uptime), but the board tile only
// moves when the counts do, so only a changed summary is told (and the same one again now and then, so a
// gateway node that missed it, or heard it before it held the room, catches up).
import type { RestreamSummary } from '../protocol/analytics-events';
import type { DestinationStatus, MultistreamStatus } from '../protocol/multistream';

/** An unchanged summary is told again after this long (while statuses keep coming). */
export const RESTREAM_RETELL_MS = 30_000;

/** The destinations counted; null when there are none (never started, or the host removed them all). */
export function restreamSummary(
  destinations: readonly Pick<DestinationStatus, 'state'>[],
): RestreamSummary | null {
  if (destinations.length === 0) return null;
  let live = 0;
  let trouble = 0;
  for (const d of destinations) {
    if (d.state === 'live') live += 1;
    else if (d.state === 'reconnecting' || d.state === 'error') trouble += 1;
  }
  return { live, total: destinations.length, trouble };
}

export function sameRestream(a: RestreamSummary | null, b: RestreamSummary | null): boolean {
  if (a === null || b === null) return a === b;
  return a.live === b.live && a.total === b.total && a.trouble === b.trouble;
}

/** Per room, the summary last told and when. */
export class RestreamNews {
  private readonly told = new Map<string, { summary: RestreamSummary | null; at: number }>();

  constructor(private readonly retellMs = RESTREAM_RETELL_MS) {}

  /** The room's summary when it is news (changed, first, or due again), else undefined. */
  next(status: MultistreamStatus, now: number): { summary: RestreamSummary | null } | undefined {
    const summary = restreamSummary(status.destinations);
    const last = this.told.get(status.roomId);
    if (last && sameRestream(last.summary, summary) && now - last.at < this.retellMs) return undefined;
    this.told.set(status.roomId, { summary, at: now });
    return { summary };
  }

  /** The room's stream ended: nothing more is told of it. */
  forget(roomId: string): void {
    this.told.delete(roomId);
  }

  get size(): number {
    return this.told.size;
  }
}
