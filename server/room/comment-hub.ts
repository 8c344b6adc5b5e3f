// Comments do not travel one message each: the hub collects each room's comments for one tick, stores
// them in one write, and broadcasts one compact batch per room, which socket.io encodes once for every
// viewer in the room.
import type { CommentWire } from '../../core/protocol/room-events';
import type { GatewayServer } from '../gateway-types';
import type { Logger } from '../log';
import type { NewComment, StudioRepository } from '../store/repository';

export const COMMENT_TICK_MS = 50;
/** A room that outruns its tick keeps the newest comments; the rest are counted, not queued forever. */
const MAX_PENDING_PER_ROOM = 2000;

export class CommentHub {
  private pending = new Map<string, NewComment[]>();
  private readonly timer: ReturnType<typeof setInterval>;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;
  shedTotal = 0;

  constructor(
    private readonly io: GatewayServer,
    private readonly repo: StudioRepository,
    private readonly log: Logger,
    tickMs = COMMENT_TICK_MS,
  ) {
    this.timer = setInterval(() => {
      this.flushing = this.flushing.then(() => this.flush());
    }, tickMs);
    this.timer.unref?.();
  }

  push(comment: NewComment): void {
    if (this.closed) return;
    let list = this.pending.get(comment.roomId);
    if (!list) this.pending.set(comment.roomId, (list = []));
    list.push(comment);
    if (list.length > MAX_PENDING_PER_ROOM) {
      const drop = list.length - MAX_PENDING_PER_ROOM;
      list.splice(0, drop);
      this.shedTotal += drop;
    }
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batches = this.pending;
    this.pending = new Map();
    for (const [roomId, comments] of batches) {
      try {
        await this.repo.addComments(comments);
      } catch (error) {
        this.log.error({ roomId, err: String(error), count: comments.length }, 'could not store comments');
      }
      const items: CommentWire[] = comments.map(({ id, t, a, n, text, k }) => ({ id, t, a, n, text, k }));
      this.io.to(roomId).emit('comment:batch', { roomId, items });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }
}
