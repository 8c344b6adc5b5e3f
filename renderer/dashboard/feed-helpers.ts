// Small helpers the dashboard's services share: a request's error as a Problem, and the comment feed's merge.
import { StudioError } from '../../core/protocol/result';
import type { CommentWire } from '../../core/protocol/room-events';
import { COMMENT_LIMIT, type DashboardStore, type Problem } from './dashboard-store';

export type Store = { getState(): DashboardStore };

export const problemOf = (error: unknown): Problem =>
  error instanceof StudioError
    ? { code: error.code, message: error.message }
    : { code: 'internal', message: error instanceof Error ? error.message : String(error) };

/** History then live comments, each once, the latest COMMENT_LIMIT kept. */
export function mergeComments(a: readonly CommentWire[], b: readonly CommentWire[]): CommentWire[] {
  const seen = new Set<string>();
  const out: CommentWire[] = [];
  for (const c of [...a, ...b]) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    out.push(c);
  }
  return out.slice(-COMMENT_LIMIT);
}

export function removeComment(store: Store, roomId: string, commentId: string): void {
  store
    .getState()
    .patchRoom(roomId, (room) => ({ comments: room.comments.filter((c) => c.id !== commentId) }));
}
