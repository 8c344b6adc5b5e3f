// The socket.io gateway: checks each connection's role, validates every event payload with the schema in
// core/protocol, and answers through the ack with a typed Result. A malformed event costs its sender an
// error answer and nothing else: no throw escapes a handler. Media signalling goes to the SFU; only the
// room's host (the socket that created it, or one presenting its host key) may produce.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Server } from 'socket.io';
import { ok, parseInput, StudioError, toProtocolError, type Result } from '../core/protocol/result';
import {
  clientEventSchemas,
  HandshakeAuthSchema,
  type ClientToServerEvents,
  type HandshakeAuth,
  type Room,
  type ServerToClientEvents,
} from '../core/protocol/socket-events';
import type { Logger } from './log';
import type { Sfu } from './sfu/sfu';
import type { StudioRepository } from './store/repository';

interface SocketData {
  auth: HandshakeAuth;
  joined: Set<string>;
  hostOf: Set<string>;
}
export type GatewayServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
type EventName = keyof typeof clientEventSchemas;
type EventInput<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
type EventValue<E extends EventName> = Parameters<ClientToServerEvents[E]>[1] extends (
  r: Result<infer T>,
) => void
  ? T
  : never;

export interface GatewayOptions {
  repo: StudioRepository;
  log: Logger;
  /** The SFU, or why there is none (e.g. the mediasoup worker is not installed). */
  sfu: () => Sfu | string;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');
const sameHash = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** mediasoup reports bad parameters as TypeError/UnsupportedError: those are the client's fault. */
function asStudioError(error: unknown): unknown {
  if (error instanceof Error && (error.name === 'TypeError' || error.name === 'UnsupportedError')) {
    return new StudioError('invalid_argument', error.message.slice(0, 300));
  }
  if (error instanceof Error && error.name === 'InvalidStateError') {
    return new StudioError('unavailable', error.message.slice(0, 300));
  }
  return error;
}

export function attachGateway(io: GatewayServer, { repo, log, sfu: getSfu }: GatewayOptions): void {
  /** Which socket is each room's host on this node. */
  const hostSockets = new Map<string, string>();

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
    if (!parsed.success) {
      next(new Error('unauthenticated: handshake auth must name a role (host, ops or viewer)'));
      return;
    }
    socket.data.auth = parsed.data;
    socket.data.joined = new Set();
    socket.data.hostOf = new Set();
    next();
  });

  io.on('connection', (socket) => {
    const on = <E extends EventName>(
      event: E,
      handler: (input: EventInput<E>) => Promise<EventValue<E>> | EventValue<E>,
    ) => {
      // Registered loosely on purpose: a client can send anything, in any arity.
      (socket as unknown as { on(e: string, l: (...a: unknown[]) => void): void }).on(event, (...args) => {
        const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: unknown) => void) : null;
        void (async () => {
          let result: Result<unknown>;
          try {
            const input = parseInput(clientEventSchemas[event], args[0], `payload for ${event}`);
            result = ok(await handler(input as EventInput<E>));
          } catch (raw) {
            const error = asStudioError(raw);
            if (!(error instanceof StudioError)) log.error({ event, err: error }, 'event handler failed');
            result = { ok: false, error: toProtocolError(error) };
          }
          if (ack) ack(result);
          else if (!result.ok) socket.emit('server:error', { event, ...result.error });
        })();
      });
    };
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
      const previous = hostSockets.get(roomId);
      hostSockets.set(roomId, socket.id);
      // A host that reconnected replaces its old socket, whose media is then closed.
      if (previous && previous !== socket.id) void existingMedia(roomId)?.then((m) => m.closePeer(previous));
    };

    on('server:ping', () => ({ serverTime: Date.now() }));

    on('room:create', async (input) => {
      if (socket.data.auth.role !== 'host')
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
      await socket.join(room.id);
      socket.data.joined.add(room.id);
      becomeHost(room.id);
      log.info({ roomId: room.id }, 'room created');
      return { room, hostKey };
    });

    on('room:join', async ({ roomId, hostKey }) => {
      const room = await repo.getRoom(roomId);
      if (!room) throw new StudioError('not_found', `No room ${roomId}`);
      let isHost = socket.data.hostOf.has(roomId);
      if (hostKey !== undefined) {
        const stored = await repo.getHostKeyHash(roomId);
        if (!stored || !sameHash(stored, hashKey(hostKey)))
          throw new StudioError('forbidden', 'Wrong host key');
        becomeHost(roomId);
        isHost = true;
      }
      await socket.join(roomId);
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
}
