// The socket.io gateway: checks each connection's role, validates every event payload with the schema in
// core/protocol, and answers through the ack with a typed Result. A malformed event costs its sender an
// error answer and nothing else: no throw escapes a handler. Media signalling goes to the SFU; only the
// room's host (the socket that created it, or one presenting its host key) may produce.
import { randomBytes, randomUUID } from 'node:crypto';
import { StudioError } from '../core/protocol/result';
import { HandshakeAuthSchema, type Room, type TokenClaims } from '../core/protocol/socket-events';
import { hashKey, isHostKey } from './auth/host-key';
import { eventBinder } from './events';
import type { GatewayServer } from './gateway-types';
import type { Logger } from './log';
import type { MoodAlert } from '../core/protocol/insight-events';
import type { CommentInsight } from '../core/protocol/room-events';
import { InsightEngine, type SentimentFn } from './insight/insight-engine';
import { CaptionDemandTracker, registerCaptionHandlers } from './room/caption-relay';
import { CommentHub, commentSlice } from './room/comment-hub';
import { ModerationCache } from './room/moderation';
import { StockFeed } from './room/stock-feed';
import type { PaymentProvider } from './room/payments';
import { LIMITS, TokenBucket } from './room/rate-limit';
import { registerRoomHandlers, staffChannel, userChannel } from './room/room-handlers';
import type { Sfu } from './sfu/sfu';
import type { StudioRepository } from './store/repository';

export type { GatewayServer } from './gateway-types';

export interface GatewayOptions {
  repo: StudioRepository;
  log: Logger;
  /** The SFU, or why there is none (e.g. the mediasoup worker is not installed). */
  sfu: () => Sfu | string;
  payments: PaymentProvider;
  /** Checks a connection's token (server/auth/tokens.ts) and mints viewer tokens for new rooms. */
  tokens: { verify(token: unknown): TokenClaims | null; viewerToken(roomId: string): string };
  /** Sentiment and language of a comment (the shipped model, unless a test gives another). */
  sentiment: SentimentFn;
}

/** How often the host and ops get a room's mood while it changes. */
const MOOD_INTERVAL_MS = 2000;

export interface Gateway {
  comments: CommentHub;
  close(): Promise<void>;
}

export function attachGateway(
  io: GatewayServer,
  { repo, log, sfu: getSfu, payments, tokens, sentiment }: GatewayOptions,
): Gateway {
  /** Which socket is each room's host on this node. */
  const hostSockets = new Map<string, string>();
  const comments = new CommentHub(io, repo, log);
  const captionDemand = new CaptionDemandTracker();
  const moderation = new ModerationCache(repo);
  // Other nodes (Redis adapter) drop their cached rules when a host or ops changes them here.
  io.on('mod:changed', (roomId) => moderation.forget(roomId));
  const moderationChanged = (roomId: string) => {
    try {
      io.serverSideEmit('mod:changed', roomId);
    } catch {
      // the in-memory adapter has no other nodes to tell
    }
  };
  const stock = new StockFeed(io, (roomId, productId) => repo.getProduct(roomId, productId));
  // Every node keeps the whole room's mood (comments analysed elsewhere arrive as insight:counted) and
  // tells its own host and ops sockets, so nothing reaches them twice.
  const insight = new InsightEngine(repo, sentiment);
  const alertLocally = (roomId: string, alerts: MoodAlert[]) => {
    for (const a of alerts) io.local.to(staffChannel(roomId)).to('ops').emit('insight:alert', a);
  };
  const commentCounted = (
    roomId: string,
    x: CommentInsight,
    text: string,
    byHost: boolean,
    alerts: MoodAlert[],
  ) => {
    alertLocally(roomId, alerts);
    try {
      io.serverSideEmit('insight:counted', { roomId, x, text, byHost });
    } catch {
      // the in-memory adapter has no other nodes to tell
    }
  };
  io.on('insight:counted', ({ roomId, x, text, byHost }) => {
    void insight.count(roomId, x, text, byHost).then(
      (alerts) => alertLocally(roomId, alerts),
      () => undefined,
    );
  });
  const moodTimer = setInterval(() => {
    for (const mood of insight.changedSnapshots()) {
      io.local.to(staffChannel(mood.roomId)).to('ops').emit('insight:mood', mood);
    }
  }, MOOD_INTERVAL_MS);
  moodTimer.unref?.();

  const sfu = (): Sfu => {
    const s = getSfu();
    if (typeof s === 'string') throw new StudioError('unavailable', `Live video is unavailable: ${s}`);
    return s;
  };

  const broadcastState = async (roomId: string, room?: Room | null) => {
    const current = room ?? (await repo.getRoom(roomId));
    if (current) io.to(roomId).emit('room:state', { room: current, hostConnected: hostSockets.has(roomId) });
  };

  io.use((socket, next) => {
    const parsed = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    const claims = parsed.success ? tokens.verify(parsed.data.token) : null;
    if (!parsed.success || !claims) {
      next(new Error('unauthenticated: a valid token signed by this backend is required'));
      return;
    }
    socket.data.identity = { role: claims.role, room: claims.room ?? null };
    socket.data.userId = parsed.data.userId ?? socket.id;
    socket.data.displayName = parsed.data.clientName?.trim() || `Viewer ${socket.data.userId.slice(-4)}`;
    socket.data.joined = new Set();
    socket.data.hostOf = new Set();
    socket.data.buckets = {
      events: new TokenBucket(LIMITS.events.perSecond, LIMITS.events.burst),
      comments: new TokenBucket(LIMITS.comments.perSecond, LIMITS.comments.burst),
      orders: new TokenBucket(LIMITS.orders.perSecond, LIMITS.orders.burst),
    };
    next();
  });

  io.on('connection', (socket) => {
    const on = eventBinder(socket, log);
    void socket.join(userChannel(socket.data.userId));
    if (socket.data.identity.role === 'ops') void socket.join('ops');
    const joined = (roomId: string) => {
      if (!socket.data.joined.has(roomId)) throw new StudioError('forbidden', 'Join the room first');
    };
    const hosting = (roomId: string) => {
      if (!socket.data.hostOf.has(roomId))
        throw new StudioError('forbidden', "Only the room's host may do this");
    };
    const existingMedia = (roomId: string) => {
      const s = getSfu();
      return typeof s === 'string' ? undefined : s.existingRoom(roomId);
    };
    const becomeHost = (roomId: string) => {
      socket.data.hostOf.add(roomId);
      void socket.join(staffChannel(roomId));
      const previous = hostSockets.get(roomId);
      hostSockets.set(roomId, socket.id);
      // A host that reconnected replaces its old socket, whose media is then closed.
      if (previous && previous !== socket.id) void existingMedia(roomId)?.then((m) => m.closePeer(previous));
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
      await repo.createRoom(room, hashKey(hostKey));
      await socket.join([room.id, commentSlice(room.id, socket.id)]);
      socket.data.joined.add(room.id);
      becomeHost(room.id);
      log.info({ roomId: room.id }, 'room created');
      return { room, hostKey, viewerToken: tokens.viewerToken(room.id) };
    });

    on('room:join', async ({ roomId, hostKey }) => {
      const { identity } = socket.data;
      if (identity.role === 'viewer' && identity.room !== null && identity.room !== roomId) {
        throw new StudioError('forbidden', 'This link is for another room');
      }
      const room = await repo.getRoom(roomId);
      if (!room) throw new StudioError('not_found', `No room ${roomId}`);
      if (hostKey !== undefined && identity.role !== 'host')
        throw new StudioError('forbidden', 'Only a host may host');
      if (hostKey === undefined && (await moderation.isBanned(roomId, socket.data.userId))) {
        throw new StudioError('forbidden', 'You are banned from this room');
      }
      let isHost = socket.data.hostOf.has(roomId);
      if (hostKey !== undefined) {
        if (!(await isHostKey(repo, roomId, hostKey))) throw new StudioError('forbidden', 'Wrong host key');
        becomeHost(roomId);
        isHost = true;
      }
      await socket.join([roomId, commentSlice(roomId, socket.id)]);
      socket.data.joined.add(roomId);
      if (isHost) void broadcastState(roomId, room);
      const media = await existingMedia(roomId)?.catch(() => undefined);
      return { room, hostConnected: hostSockets.has(roomId), producers: media?.producerList() ?? [], isHost };
    });

    on('live:start', async ({ roomId }) => {
      hosting(roomId);
      const room = await repo.setRoomStatus(roomId, 'live');
      void broadcastState(roomId, room);
      log.info({ roomId }, 'room live');
      return room!;
    });

    on('live:end', async ({ roomId }) => {
      hosting(roomId);
      (await existingMedia(roomId)?.catch(() => undefined))?.closeProducers();
      const room = await repo.setRoomStatus(roomId, 'ended');
      void broadcastState(roomId, room);
      log.info({ roomId }, 'room ended');
      return room!;
    });

    on('sfu:getRtpCapabilities', async ({ roomId }) => {
      joined(roomId);
      return (await sfu().room(roomId)).rtpCapabilities;
    });

    on('sfu:createTransport', async ({ roomId, direction }) => {
      joined(roomId);
      if (direction === 'send') hosting(roomId);
      return (await sfu().room(roomId)).createTransport(socket.id, direction);
    });

    on('sfu:connectTransport', async ({ roomId, transportId, dtlsParameters }) => {
      joined(roomId);
      await (await sfu().room(roomId)).connectTransport(socket.id, transportId, dtlsParameters);
      return true as const;
    });

    on('sfu:produce', async ({ roomId, transportId, kind, rtpParameters }) => {
      hosting(roomId);
      const info = await (await sfu().room(roomId)).produce(socket.id, transportId, kind, rtpParameters);
      socket.to(roomId).emit('sfu:newProducer', { roomId, ...info });
      return { producerId: info.producerId };
    });

    on('sfu:consume', async ({ roomId, transportId, producerId, rtpCapabilities }) => {
      joined(roomId);
      return (await sfu().room(roomId)).consume(socket.id, transportId, producerId, rtpCapabilities);
    });

    on('sfu:resumeConsumer', async ({ roomId, consumerId }) => {
      joined(roomId);
      await (await sfu().room(roomId)).resumeConsumer(socket.id, consumerId);
      return true as const;
    });

    registerRoomHandlers({
      socket,
      on,
      io,
      repo,
      comments,
      moderation,
      payments,
      stock,
      log,
      joined,
      hosting,
      moderationChanged,
      insight,
      commentCounted,
    });
    registerCaptionHandlers({ socket, on, io, repo, log, demand: captionDemand, joined });

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
    close: async () => {
      clearInterval(moodTimer);
      await stock.close();
      await comments.close();
    },
  };
}
