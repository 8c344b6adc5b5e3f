// The socket.io gateway: checks each connection's token and gives it the identity the token proves (viewers
// opening a room's link are issued one), validates every event payload with the schema in core/protocol,
// and answers through the ack with a typed Result. A malformed event costs its sender an error answer and
// nothing else: no throw escapes a handler. The room's handlers live in server/room and server/sfu.
import { randomBytes, randomUUID } from 'node:crypto';
import { StudioError } from '../core/protocol/result';
import { HandshakeAuthSchema, type Room } from '../core/protocol/socket-events';
import type { MoodAlert } from '../core/protocol/insight-events';
import type { CommentInsight } from '../core/protocol/room-events';
import { hashKey, isHostKey } from './auth/host-key';
import type { Identities } from './auth/viewer-identity';
import { eventBinder } from './events';
import type { GatewayServer, InterNodeEvents } from './gateway-types';
import type { Logger } from './log';
import { InsightEngine, type SentimentFn } from './insight/insight-engine';
import { CaptionDemandTracker, registerCaptionHandlers } from './room/caption-relay';
import { CommentHub, commentSlice } from './room/comment-hub';
import { ModerationCache } from './room/moderation';
import { registerOrderHandlers } from './room/order-handlers';
import { registerOutboxHandlers } from './room/outbox-handlers';
import type { PaymentProvider } from './room/payments';
import { LIMITS, TokenBucket } from './room/rate-limit';
import { SocketAccess, staffChannel, userChannel, type RoomServices } from './room/room-context';
import { registerRoomHandlers } from './room/room-handlers';
import { StockFeed } from './room/stock-feed';
import { DEFAULT_CAPACITY, IdentitySockets, type CapacityLimits } from './sfu/capacity';
import { registerMediaHandlers } from './sfu/media-handlers';
import type { Sfu } from './sfu/sfu';
import type { StudioStore } from './store/store';

export type { GatewayServer } from './gateway-types';

export interface GatewayOptions {
  repo: StudioStore;
  log: Logger;
  /** The SFU, or why there is none (e.g. the mediasoup worker is not installed). */
  sfu: () => Sfu | string;
  payments: PaymentProvider;
  /** Verifies tokens, issues viewer identities and link tokens, derives author handles. */
  identities: Identities;
  /** Sentiment and language of a comment (the shipped model, unless a test gives another). */
  sentiment: SentimentFn;
  /** True when other gateway nodes share the rooms (the Redis adapter): they are told what changed. */
  clustered?: boolean;
  limits?: CapacityLimits;
  /** A room's media and mood with no activity for this long are released (default 10 min). */
  idleMs?: number;
}

/** How often the host and ops get a room's mood while it changes. */
const MOOD_INTERVAL_MS = 2000;
const IDLE_MS = 10 * 60_000;

/** What this node holds for rooms now: what a room's end or the idle sweep should bring back to zero. */
export interface GatewayStats {
  mediaRooms: number;
  routers: number;
  insightRooms: number;
  moderationRooms: number;
  hostPresence: number;
  commentRooms: number;
  identitiesConnected: number;
}

export interface Gateway {
  comments: CommentHub;
  stats(): GatewayStats;
  /** Releases rooms idle for `idleMs` (default: the gateway's) now; it also runs on a timer. */
  sweepIdle(idleMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function attachGateway(io: GatewayServer, options: GatewayOptions): Gateway {
  const { repo, log, sfu: getSfu, identities } = options;
  const limits = options.limits ?? DEFAULT_CAPACITY;
  const idleMs = options.idleMs ?? IDLE_MS;
  /** Which socket is each room's host on this node. */
  const hostSockets = new Map<string, string>();
  const socketsOf = new IdentitySockets(limits.socketsPerIdentity);
  const toOtherNodes = <E extends keyof InterNodeEvents>(
    event: E,
    ...args: Parameters<InterNodeEvents[E]>
  ) => {
    if (options.clustered) io.serverSideEmit(event, ...args);
  };
  const comments = new CommentHub(io, repo, log);
  const captionDemand = new CaptionDemandTracker();
  const moderation = new ModerationCache(repo);
  const insight = new InsightEngine(repo.products, options.sentiment);
  const stock = new StockFeed(io, (roomId, productId) => repo.products.get(roomId, productId));
  const existingMedia = (roomId: string) => {
    const s = getSfu();
    return typeof s === 'string' ? undefined : s.existingRoom(roomId);
  };
  const alertLocally = (roomId: string, alerts: MoodAlert[]) => {
    for (const a of alerts) io.local.to(staffChannel(roomId)).to('ops').emit('insight:alert', a);
  };

  /** Takes a person's connections on this node out of a room: rights, channels and media. */
  const evictLocally = async (roomId: string, handle: string) => {
    for (const id of io.sockets.adapter.rooms.get(userChannel(roomId, handle)) ?? []) {
      const socket = io.sockets.sockets.get(id);
      if (!socket || socket.data.hostOf.has(roomId)) continue;
      socket.data.joined.delete(roomId);
      for (const channel of [...socket.rooms]) {
        if (channel === roomId || channel.includes(roomId)) void socket.leave(channel);
      }
      captionDemand.remove(socket.id);
      (await existingMedia(roomId)?.catch(() => undefined))?.closePeer(socket.id);
      socket.emit('server:error', {
        event: 'room:join',
        code: 'forbidden',
        message: 'You are banned from this room',
      });
    }
  };
  /** Releases what this node holds for a room that ended. Its rows stay; its caches and router go. */
  const releaseLocally = async (roomId: string) => {
    const s = getSfu();
    if (typeof s !== 'string' && s.existingRoom(roomId)) {
      await s.closeRoom(roomId);
      // Viewers still on the page start their media afresh if the host goes live again.
      io.local.to(roomId).except(staffChannel(roomId)).emit('media:reset', { roomId, reason: 'ended' });
    }
    insight.release(roomId);
    moderation.forget(roomId);
  };
  io.on('mod:changed', (roomId) => moderation.forget(roomId));
  io.on('mod:banned', ({ roomId, handle }) => void evictLocally(roomId, handle).catch(() => undefined));
  io.on('room:ended', (roomId) => void releaseLocally(roomId).catch(() => undefined));
  // Every node keeps the whole room's mood (comments analysed elsewhere arrive as insight:counted) and
  // tells its own host and ops sockets, so nothing reaches them twice.
  io.on('insight:counted', ({ roomId, x, text, byHost }) => {
    void insight.count(roomId, x, text, byHost).then(
      (alerts) => alertLocally(roomId, alerts),
      () => undefined,
    );
  });

  const services: RoomServices = {
    io,
    repo,
    log,
    comments,
    moderation,
    payments: options.payments,
    stock,
    insight,
    identities,
    moderationChanged: (roomId) => toOtherNodes('mod:changed', roomId),
    evict: async (roomId, handle) => {
      toOtherNodes('mod:banned', { roomId, handle });
      await evictLocally(roomId, handle);
    },
    commentCounted: (
      roomId: string,
      x: CommentInsight,
      text: string,
      byHost: boolean,
      alerts: MoodAlert[],
    ) => {
      alertLocally(roomId, alerts);
      toOtherNodes('insight:counted', { roomId, x, text, byHost });
    },
  };

  const sweepIdle = async (after = idleMs) => {
    insight.releaseIdle(after);
    const s = getSfu();
    if (typeof s === 'string') return;
    for (const roomId of s.roomIds()) {
      const media = await s.existingRoom(roomId)?.catch(() => null);
      if (media && media.idleFor() >= after) await s.closeRoom(roomId);
    }
  };
  const moodTimer = setInterval(() => {
    for (const mood of insight.changedSnapshots()) {
      io.local.to(staffChannel(mood.roomId)).to('ops').emit('insight:mood', mood);
    }
  }, MOOD_INTERVAL_MS);
  moodTimer.unref?.();
  const idleTimer = setInterval(() => void sweepIdle().catch(() => undefined), Math.min(60_000, idleMs));
  idleTimer.unref?.();

  const broadcastState = async (roomId: string, room?: Room | null) => {
    const current = room ?? (await repo.rooms.get(roomId));
    if (current) io.to(roomId).emit('room:state', { room: current, hostConnected: hostSockets.has(roomId) });
  };

  io.use((socket, next) => {
    const parsed = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    const claims = parsed.success ? identities.verify(parsed.data.token) : null;
    if (!parsed.success || !claims) {
      next(new Error('unauthenticated: a valid token signed by this backend is required'));
      return;
    }
    const { sub, issued } = identities.connection(claims, socket.id);
    socket.data.identity = { role: claims.role, room: claims.room ?? null, sub };
    const handle = claims.room ? identities.handle(claims.room, sub) : sub;
    socket.data.displayName = parsed.data.clientName?.trim() || `Viewer ${handle.slice(-4)}`;
    socket.data.joined = new Set();
    socket.data.hostOf = new Set();
    socket.data.buckets = {
      events: new TokenBucket(LIMITS.events.perSecond, LIMITS.events.burst),
      comments: new TokenBucket(LIMITS.comments.perSecond, LIMITS.comments.burst),
      orders: new TokenBucket(LIMITS.orders.perSecond, LIMITS.orders.burst),
    };
    if (issued) socket.data.issued = issued;
    next();
  });

  io.on('connection', (socket) => {
    const on = eventBinder(socket, log);
    const access = new SocketAccess(socket, on, identities);
    const person = `${socket.data.identity.role}:${socket.data.identity.sub}`;
    for (const old of socketsOf.add(person, socket.id)) {
      const stale = io.sockets.sockets.get(old);
      stale?.emit('server:error', {
        event: 'connection',
        code: 'capacity',
        message: `Closed: the same viewer opened more than ${limits.socketsPerIdentity} connections`,
      });
      stale?.disconnect(true);
    }
    socket.on('disconnect', () => socketsOf.remove(person, socket.id));
    if (socket.data.issued) socket.emit('session:identity', socket.data.issued);
    if (socket.data.identity.role === 'ops') void socket.join('ops');
    const becomeHost = (roomId: string) => {
      socket.data.hostOf.add(roomId);
      void socket.join(staffChannel(roomId));
      const previous = hostSockets.get(roomId);
      hostSockets.set(roomId, socket.id);
      // A host that reconnected replaces its old socket, whose media is then closed.
      if (previous && previous !== socket.id) void existingMedia(roomId)?.then((m) => m.closePeer(previous));
    };
    const enter = async (roomId: string) => {
      const inRoom = io.sockets.adapter.rooms.get(roomId);
      // The room's host always gets back in; viewers wait when the room is full.
      const full = (inRoom?.size ?? 0) >= limits.socketsPerRoom;
      if (full && !inRoom?.has(socket.id) && !socket.data.hostOf.has(roomId))
        throw new StudioError('capacity', 'This room is full right now: try again in a moment');
      await socket.join([
        roomId,
        commentSlice(roomId, socket.id),
        userChannel(roomId, access.handle(roomId)),
      ]);
      socket.data.joined.add(roomId);
    };

    on('server:ping', () => ({ serverTime: Date.now() }));

    on('room:create', async (input) => {
      if (socket.data.identity.role !== 'host')
        throw new StudioError('forbidden', 'Only a host may create a room');
      const room: Room = {
        id: randomUUID(),
        title: input.title,
        hostLanguage: input.hostLanguage,
        status: 'created',
        createdAt: Date.now(),
      };
      const hostKey = randomBytes(24).toString('base64url');
      await repo.rooms.create(room, hashKey(hostKey));
      becomeHost(room.id);
      await enter(room.id);
      log.info({ roomId: room.id }, 'room created');
      return { room, hostKey, viewerToken: identities.linkToken(room.id) };
    });

    on('room:join', async ({ roomId, hostKey }) => {
      const { identity } = socket.data;
      if (identity.role === 'viewer' && identity.room !== roomId) {
        throw new StudioError('forbidden', 'This link is for another room');
      }
      const room = await repo.rooms.get(roomId);
      if (!room) throw new StudioError('not_found', `No room ${roomId}`);
      if (hostKey !== undefined && identity.role !== 'host')
        throw new StudioError('forbidden', 'Only a host may host');
      if (hostKey === undefined && (await moderation.isBanned(roomId, access.handle(roomId)))) {
        throw new StudioError('forbidden', 'You are banned from this room');
      }
      let isHost = socket.data.hostOf.has(roomId);
      if (hostKey !== undefined) {
        if (!(await isHostKey(repo, roomId, hostKey))) throw new StudioError('forbidden', 'Wrong host key');
        becomeHost(roomId);
        isHost = true;
      }
      await enter(roomId);
      if (isHost) void broadcastState(roomId, room);
      const media = await existingMedia(roomId)?.catch(() => undefined);
      return { room, hostConnected: hostSockets.has(roomId), producers: media?.producerList() ?? [], isHost };
    });

    on('live:start', async ({ roomId }) => {
      access.hosting(roomId);
      hostSockets.set(roomId, socket.id); // going live again after an end
      const room = await repo.rooms.setStatus(roomId, 'live');
      void broadcastState(roomId, room);
      log.info({ roomId }, 'room live');
      return room!;
    });

    on('live:end', async ({ roomId }) => {
      access.hosting(roomId);
      (await existingMedia(roomId)?.catch(() => undefined))?.closeProducers();
      const room = await repo.rooms.setStatus(roomId, 'ended');
      void broadcastState(roomId, room);
      toOtherNodes('room:ended', roomId);
      await releaseLocally(roomId);
      log.info({ roomId }, 'room ended');
      return room!;
    });

    registerMediaHandlers({ sfu: getSfu }, access);
    registerRoomHandlers(services, access);
    registerOrderHandlers(services, access);
    registerOutboxHandlers(services, access);
    registerCaptionHandlers({
      socket,
      on,
      io,
      repo,
      log,
      demand: captionDemand,
      joined: (r) => access.joined(r),
    });

    socket.on('disconnect', () => {
      for (const roomId of socket.data.joined) {
        void existingMedia(roomId)
          ?.then((m) => m.closePeer(socket.id))
          .catch(() => undefined);
        if (hostSockets.get(roomId) === socket.id) {
          hostSockets.delete(roomId);
          void broadcastState(roomId);
        }
      }
    });
  });

  return {
    comments,
    stats: () => {
      const s = getSfu();
      const media = typeof s === 'string' ? { rooms: 0, routers: 0 } : s.counts();
      return {
        mediaRooms: media.rooms,
        routers: media.routers,
        insightRooms: insight.size,
        moderationRooms: moderation.size,
        hostPresence: hostSockets.size,
        commentRooms: comments.roomCount,
        identitiesConnected: socketsOf.size,
      };
    },
    sweepIdle,
    close: async () => {
      clearInterval(moodTimer);
      clearInterval(idleTimer);
      await stock.close();
      await comments.close();
    },
  };
}
