// Comments do not travel one message each: the hub collects each room's comments, stores them in one
// write, and broadcasts one compact batch per room, which socket.io encodes once for every viewer in the
// room. Two things keep a big room's fan-out bounded:
// - Pacing: a room's next batch waits at least FANOUT_SPACING times as long as its last broadcast took
//   (never less than the tick, never more than MAX_BATCH_INTERVAL_MS). Writing one batch to 5,000 sockets
//   takes tens of milliseconds; a room that big gets fewer, larger batches instead of a fan-out that
//   never stops, and the rest of the event loop (joins, acks, orders) keeps its share.
// - Shedding: a viewer whose link cannot keep up (engine.io already holds SLOW_QUEUE_PACKETS unsent
//   packets for it, so its socket's kernel buffer is full) is left out of the room's broadcast and what it
//   missed is counted. Once its queue has drained it gets the next batch on its own, with `shed: <count>`,
//   and its client shows "N comments skipped". One slow phone cannot grow the server's memory or hold the
//   room back.
import { performance } from 'node:perf_hooks';
import type { CommentBatch, CommentWire } from '../../core/protocol/room-events';
import type { GatewayServer, GatewaySocket } from '../gateway-types';
import type { Logger } from '../log';
import type { NewComment, StudioRepository } from '../store/repository';

export const COMMENT_TICK_MS = 50;
/** A room that outruns its tick keeps the newest comments; the rest are counted, not queued forever. */
const MAX_PENDING_PER_ROOM = 2000;
/** A room's batches are at least this many times its last broadcast's duration apart. */
const FANOUT_SPACING = 2;
/** ...but never further apart than this, whatever the room's size. */
export const MAX_BATCH_INTERVAL_MS = 250;
/** engine.io packets waiting for a socket (its transport not writable) that make it a slow viewer. */
export const SLOW_QUEUE_PACKETS = 4;

interface RoomState {
  pending: NewComment[];
  /** Comments dropped for the whole room (pending overflow) since its last batch. */
  dropped: number;
  /** No batch before this time (performance.now()). */
  notBefore: number;
  /** Slow viewers on this node: socket id -> comments it has missed so far. */
  missed: Map<string, number>;
}

/**
 * Packets engine.io holds for this socket because its websocket is still writing earlier ones (a healthy
 * link holds none between ticks). Long-polling queues between polls by design, so it never counts as slow.
 */
function queuedPackets(socket: GatewaySocket): number {
  const conn = socket.conn as unknown as { transport?: { name?: string }; writeBuffer?: unknown[] };
  return conn.transport?.name === 'websocket' ? (conn.writeBuffer?.length ?? 0) : 0;
}

export class CommentHub {
  private rooms = new Map<string, RoomState>();
  private readonly timer: ReturnType<typeof setInterval>;
  private running: Promise<void> | null = null;
  private closed = false;
  /** Comments dropped for a whole room because it outran its tick. */
  shedTotal = 0;
  /** Deliveries skipped for slow viewers (one comment not sent to one viewer = 1). */
  viewerShedTotal = 0;

  constructor(
    private readonly io: GatewayServer,
    private readonly repo: StudioRepository,
    private readonly log: Logger,
    private readonly tickMs = COMMENT_TICK_MS,
  ) {
    this.timer = setInterval(() => {
      if (this.running) return; // the previous tick is still storing or sending: never overlap
      this.running = this.flushDue().finally(() => (this.running = null));
    }, tickMs);
    this.timer.unref?.();
  }

  push(comment: NewComment): void {
    if (this.closed) return;
    let room = this.rooms.get(comment.roomId);
    if (!room) {
      room = { pending: [], dropped: 0, notBefore: 0, missed: new Map() };
      this.rooms.set(comment.roomId, room);
    }
    room.pending.push(comment);
    if (room.pending.length > MAX_PENDING_PER_ROOM) {
      const drop = room.pending.length - MAX_PENDING_PER_ROOM;
      room.pending.splice(0, drop);
      room.dropped += drop;
      this.shedTotal += drop;
    }
  }

  /** Sends every room's pending comments now, paced or not. */
  async flush(): Promise<void> {
    for (const [roomId, room] of this.rooms) await this.flushRoom(roomId, room);
  }

  private async flushDue(): Promise<void> {
    const now = performance.now();
    for (const [roomId, room] of this.rooms) {
      // Half a tick of slack: a timer that fires a little early does not cost a whole tick.
      if (room.notBefore - now < this.tickMs / 2) await this.flushRoom(roomId, room);
    }
  }

  private async flushRoom(roomId: string, room: RoomState): Promise<void> {
    if (room.pending.length === 0) {
      // A quiet room with no slow viewers left is forgotten.
      if (room.missed.size === 0 && room.dropped === 0) this.rooms.delete(roomId);
      return;
    }
    const comments = room.pending;
    room.pending = [];
    try {
      await this.repo.addComments(comments);
    } catch (error) {
      this.log.error({ roomId, err: String(error), count: comments.length }, 'could not store comments');
    }
    const started = performance.now();
    const items: CommentWire[] = comments.map(({ id, t, a, n, text, k }) => ({ id, t, a, n, text, k }));
    const roomShed = room.dropped;
    room.dropped = 0;

    // Which of this node's sockets in the room cannot take this batch now, and which can again.
    const skip: string[] = [];
    const recovered: { socket: GatewaySocket; missed: number }[] = [];
    const members = this.io.sockets.adapter.rooms.get(roomId);
    if (members) {
      for (const id of members) {
        const socket = this.io.sockets.sockets.get(id);
        if (!socket) continue;
        const queued = queuedPackets(socket);
        const missed = room.missed.get(id);
        if (missed !== undefined && queued === 0) {
          room.missed.delete(id);
          recovered.push({ socket, missed });
          skip.push(id);
        } else if (missed !== undefined || queued >= SLOW_QUEUE_PACKETS) {
          room.missed.set(id, (missed ?? 0) + items.length + roomShed);
          this.viewerShedTotal += items.length;
          skip.push(id);
        }
      }
    }
    if (room.missed.size > 0) {
      for (const id of room.missed.keys()) if (!members?.has(id)) room.missed.delete(id); // left or gone
    }

    const batch: CommentBatch = roomShed > 0 ? { roomId, items, shed: roomShed } : { roomId, items };
    // One encode for everyone else in the room (on every node, with the Redis adapter).
    (skip.length > 0 ? this.io.to(roomId).except(skip) : this.io.to(roomId)).emit('comment:batch', batch);
    for (const { socket, missed } of recovered) {
      socket.emit('comment:batch', { roomId, items, shed: missed + roomShed });
    }
    const took = performance.now() - started;
    room.notBefore = started + Math.min(MAX_BATCH_INTERVAL_MS, Math.max(this.tickMs, took * FANOUT_SPACING));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.running;
    await this.flush();
  }
}
