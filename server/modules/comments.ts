// Comments: checked against the room's rules, analysed (the host and ops get mood alerts), batched, stored
// and fanned out by the CommentHub; each stored comment is told on the bus as comment:accepted.
import type { InsightEngine } from '../insight/insight-engine';
import { CommentHub } from '../room/comment-hub';
import type { ModerationCache } from '../room/moderation';
import { registerCommentHandlers } from '../room/room-handlers';
import { alertStaff } from './insight';
import type { ServerModule } from './server-module';

export function commentsModule(deps: { moderation: ModerationCache; insight: InsightEngine }): ServerModule {
  const { moderation, insight } = deps;
  return {
    name: 'comments',
    attach(ctx) {
      const { io, repo, bus, log } = ctx;
      const comments = new CommentHub(io, repo, log, undefined, (stored) => {
        for (const comment of stored) void bus.emit('comment:accepted', { roomId: comment.roomId, comment });
      });
      const analyze = async (roomId: string, text: string, byHost: boolean) => {
        const { x, alerts } = await insight.analyze(roomId, text, byHost);
        alertStaff(io, roomId, alerts);
        return x;
      };
      const handlers = { ...ctx, comments, moderation, analyze };
      return {
        onConnection: (access) => registerCommentHandlers(handlers, access),
        stats: () => ({ commentRooms: comments.roomCount }),
        close: () => comments.close(),
      };
    },
  };
}
