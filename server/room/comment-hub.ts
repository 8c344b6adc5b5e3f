// Comments do not travel one message each: the hub collects each room's comments, stores them in one
// write per tick, and sends them on as compact frames (CommentFrame: tuples, no keys) that socket.io
// encodes once per target. What bounds a big room's fan-out:
// - Slices: each room's sockets are spread over COMMENT_SLICES socket.io rooms (`<roomId>#<n>`, by socket
//   id). A small room gets one frame for everyone each tick. A room too big to write to within its share
//   of a tick (FANOUT_SHARE, from the measured cost per socket) is served a few slices per tick, round
//   robin, each slice getting every comment since its last frame. A viewer then waits at most one round
//   (never more than MAX_BATCH_INTERVAL_MS) instead of a round plus a 5,000-socket write, and the event loop
//   (joins, acks, orders) gets a turn between slices.
// - Shedding: a viewer whose link cannot keep up (engine.io already holds SLOW_QUEUE_PACKETS unsent
//   packets for it, so its socket's kernel buffer is full) is left out of its slice's frames and what it
//   missed is counted. Once its queue has drained it gets the next frame on its own, with `s: <count>`,
//   and its client shows "N comments skipped". One slow phone cannot grow the server's memory or hold the
//   room back. A room that outruns even that keeps its newest MAX_LOG_PER_ROOM comments and counts the rest.
import { performance } from 'node:perf_hooks';
import { encodeCommentFrame, toCommentTuple, type CommentTuple } from '../../core/protocol/room-events';
import type { GatewayServer, GatewaySocket } from '../gateway-types';
import type { Logger } from '../log';
import type { NewComment, StudioStore } from '../store/store';

export const COMMENT_TICK_MS = 50;
export const COMMENT_SLICES = 10;
/** Every viewer gets a frame (when there is news) at least this often, whatever the room's size. */
export const MAX_BATCH_INTERVAL_MS = 250;
/** The share of a tick that one room's fan-out is planned to take. */
const FANOUT_SHARE = 0.8;
/** Comments a room keeps for slices that have not had them yet. */
const MAX_LOG_PER_ROOM = 2000;
/** engine.io packets waiting for a socket (its transport not writable) that make it a slow viewer. */
export const SLOW_QUEUE_PACKETS = 4;
/** A first guess of the fan-out cost per socket (ms) until a room has measured its own. */
const INITIAL_PER_SOCKET_MS = 0.02;

function sliceIndex(socketId: string): number {
  let h = 0;
  for (let i = 0; i < socketId.length; i++) h = (Math.imul(h, 31) + socketId.charCodeAt(i)) | 0;
  return (h >>> 0) % COMMENT_SLICES;
}
const sliceRoom = (roomId: string, index: number) => `${roomId}#${index}`;
/** The socket.io room of the slice a socket gets its comment frames in (joined with the room itself). */
export const commentSlice = (roomId: string, socketId: string) => sliceRoom(roomId, sliceIndex(socketId));

interface RoomState {
  /** Arrived since the last tick, not stored yet. */
  unsaved: NewComment[];
  /** Stored comments some slice has not been sent yet, oldest first; log[0] has sequence number `base`. */
  log: CommentTuple[];
  base: number;
  /** Per slice: the sequence number of the first comment it has not been sent. */
  cursor: number[];
  /** Per slice: comments that left the log before this slice was sent them. */
  dropped: number[];
  /** The slice a partial round starts at next. */
  next: number;
  /** Slow viewers on this node: socket id -> comments it has missed so far. */
  missed: Map<string, number>;
  /** Measured fan-out cost in ms per socket (moving average). */
  perSocketMs: number;
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
  /** Deliveries dropped because a room outran its log (one comment not sent to one slice = 1). */
  shedTotal = 0;
  /** Deliveries skipped for slow viewers (one comment not sent to one viewer = 1). */
  viewerShedTotal = 0;

  constructor(
    private readonly io: GatewayServer,
    private readonly repo: StudioStore,
    private readonly log: Logger,
    private readonly tickMs = COMMENT_TICK_MS,
    /** Told of the comments of each write that succeeded, in their order. */
    private readonly onStored: (comments: readonly NewComment[]) => void = () => undefined,
  ) {
    this.timer = setInterval(() => {
      if (this.running) return; // the previous tick is still storing or sending: never overlap
      this.running = this.tick(false).finally(() => (this.running = null));
    }, tickMs);
    this.timer.unref?.();
  }

  /** Rooms with comments in flight (a quiet room is forgotten after its last delivery). */
  get roomCount(): number {
    return this.rooms.size;
  }

  push(comment: NewComment): void {
    if (this.closed) return;
    let room = this.rooms.get(comment.roomId);
    if (!room) {
      room = {
        unsaved: [],
        log: [],
        base: 0,
        cursor: new Array<number>(COMMENT_SLICES).fill(0),
        dropped: new Array<number>(COMMENT_SLICES).fill(0),
        next: 0,
        missed: new Map(),
        perSocketMs: INITIAL_PER_SOCKET_MS,
      };
      this.rooms.set(comment.roomId, room);
    }
    room.unsaved.push(comment);
  }

  /** Stores and sends every room's comments to every slice now. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    const run = this.tick(true);
    this.running = run.finally(() => (this.running = null));
    await this.running;
  }

  private async tick(everyone: boolean): Promise<void> {
    for (const [roomId, room] of this.rooms) {
      await this.store(roomId, room);
      this.send(roomId, room, everyone);
      if (
        room.log.length === 0 &&
        room.unsaved.length === 0 &&
        room.missed.size === 0 &&
        room.dropped.every((d) => d === 0)
      ) {
        this.rooms.delete(roomId); // a quiet room is forgotten
      }
    }
  }

  private async store(roomId: string, room: RoomState): Promise<void> {
    if (room.unsaved.length === 0) return;
    const fresh = room.unsaved;
    room.unsaved = [];
    let stored = false;
    try {
      await this.repo.comments.add(fresh);
      stored = true;
    } catch (error) {
      this.log.error({ roomId, err: String(error), count: fresh.length }, 'could not store comments');
    }
    if (stored) this.onStored(fresh);
    for (const c of fresh) room.log.push(toCommentTuple(c));
    const over = room.log.length - MAX_LOG_PER_ROOM;
    if (over > 0) {
      room.log.splice(0, over);
      room.base += over;
      room.cursor.forEach((at, i) => {
        if (at >= room.base) return;
        room.dropped[i]! += room.base - at;
        this.shedTotal += room.base - at;
        room.cursor[i] = room.base;
      });
    }
  }

  private send(roomId: string, room: RoomState, everyone: boolean): void {
    const end = room.base + room.log.length;
    const size = this.io.sockets.adapter.rooms.get(roomId)?.size ?? 0;
    let count = COMMENT_SLICES;
    if (!everyone) {
      const perTick = (this.tickMs * FANOUT_SHARE) / room.perSocketMs;
      const perSlice = Math.max(1, size / COMMENT_SLICES);
      const fewest = Math.ceil((COMMENT_SLICES * this.tickMs) / MAX_BATCH_INTERVAL_MS);
      count = Math.min(COMMENT_SLICES, Math.max(fewest, Math.ceil(perTick / perSlice)));
    }
    const [first] = room.cursor;
    const inStep = room.cursor.every((c, i) => c === first && room.dropped[i] === room.dropped[0]);
    if (count === COMMENT_SLICES && inStep) {
      // Everyone is due and needs the same comments: one frame for the whole room.
      if (first! < end || room.dropped[0]! > 0) this.emit(roomId, room, roomId, first!, room.dropped[0]!);
      room.cursor.fill(end);
      room.dropped.fill(0);
    } else {
      for (let k = 0; k < count; k++) {
        const i = room.next;
        room.next = (i + 1) % COMMENT_SLICES;
        if (room.cursor[i]! < end || room.dropped[i]! > 0) {
          this.emit(roomId, room, sliceRoom(roomId, i), room.cursor[i]!, room.dropped[i]!);
        }
        room.cursor[i] = end;
        room.dropped[i] = 0;
      }
    }
    const sent = Math.min(...room.cursor) - room.base;
    if (sent > 0) {
      room.log.splice(0, sent);
      room.base += sent;
    }
  }

  /** One frame of the comments from sequence number `from` to everyone in `target` but its slow viewers. */
  private emit(roomId: string, room: RoomState, target: string, from: number, shed: number): void {
    const started = performance.now();
    const items = room.log.slice(from - room.base);
    // Which of this node's sockets in the target cannot take this frame now, and which can again.
    const skip: string[] = [];
    const recovered: { socket: GatewaySocket; missed: number }[] = [];
    const members = this.io.sockets.adapter.rooms.get(target);
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
          room.missed.set(id, (missed ?? 0) + items.length + shed);
          this.viewerShedTotal += items.length;
          skip.push(id);
        }
      }
    }
    if (room.missed.size > 0) {
      const inRoom = this.io.sockets.adapter.rooms.get(roomId);
      for (const id of room.missed.keys()) if (!inRoom?.has(id)) room.missed.delete(id); // left or gone
    }
    // One encode for everyone else in the target (on every node, with the Redis adapter).
    const frame = encodeCommentFrame(roomId, items, shed);
    (skip.length > 0 ? this.io.to(target).except(skip) : this.io.to(target)).emit('comment:batch', frame);
    for (const { socket, missed } of recovered) {
      socket.emit('comment:batch', encodeCommentFrame(roomId, items, missed + shed));
    }
    const sockets = members?.size ?? 0;
    if (sockets >= 50) {
      const sample = (performance.now() - started) / sockets;
      room.perSocketMs = room.perSocketMs * 0.8 + sample * 0.2;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
  }
}
