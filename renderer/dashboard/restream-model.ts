// The room view's restream card: the room's multistream status loaded once ('multistream:get'), then kept
// from 'multistream:status' (every change, and every ~2 s while one is live). Pure.
import type { RestreamSummary } from '../../core/protocol/analytics-events';
import type { MultistreamStatus } from '../../core/protocol/multistream';

/** The newer of two statuses of one room (an answer to get may come after a pushed status, or before). */
export function newerStatus(
  current: MultistreamStatus | null,
  next: MultistreamStatus | null,
): MultistreamStatus | null {
  if (next === null) return current;
  if (current === null || next.at >= current.at) return next;
  return current;
}

export type RestreamCard =
  | { kind: 'loading' }
  | { kind: 'none' }
  /** The board counts destinations but this gateway node has no status yet (it runs on another node). */
  | { kind: 'waiting'; total: number }
  | { kind: 'list'; status: MultistreamStatus };

/** What the card shows: never "none" while the board says the room has destinations. */
export function restreamCard(
  status: MultistreamStatus | null,
  loaded: boolean,
  board: RestreamSummary | null,
): RestreamCard {
  if (status && status.destinations.length > 0) return { kind: 'list', status };
  if (board && board.total > 0) return { kind: 'waiting', total: board.total };
  if (!loaded) return { kind: 'loading' };
  return { kind: 'none' };
}
