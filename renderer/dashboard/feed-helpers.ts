// Small helpers the dashboard's services share: a request's error as a Problem, and the comment feed's merge.
import type { CommentWire } from '../../core/protocol/room-events';
import { COMMENT_LIMIT, type DashboardStore } from './dashboard-store';

export { problemOf } from '../shared/problem';

export type Store = { getState(): DashboardStore };

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
