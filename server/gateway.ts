// The socket.io gateway: checks each connection's role, validates every event payload with the schema in
// core/protocol, and answers through the ack with a typed Result. A malformed event costs its sender an
// error answer and nothing else: no throw escapes a handler.
import { randomUUID } from 'node:crypto';
import type { Server, Socket } from 'socket.io';
import {
  clientEventSchemas,
  HandshakeAuthSchema,
  type ClientToServerEvents,
  type HandshakeAuth,
  type Room,
  type ServerToClientEvents,
} from '../core/protocol/socket-events';
import { ok, parseInput, StudioError, toProtocolError, type Result } from '../core/protocol/result';
import type { Logger } from './log';
import type { StudioRepository } from './store/repository';

interface SocketData {
  auth: HandshakeAuth;
}
export type GatewayServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type EventName = keyof typeof clientEventSchemas;
type EventInput<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
type EventValue<E extends EventName> = Parameters<ClientToServerEvents[E]>[1] extends (
  r: Result<infer T>,
) => void
  ? T
  : never;

export function attachGateway(io: GatewayServer, repo: StudioRepository, log: Logger): void {
  io.use((socket, next) => {
    const parsed = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) {
      next(new Error('unauthenticated: handshake auth must name a role (host, ops or viewer)'));
      return;
    }
    socket.data.auth = parsed.data;
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
          } catch (error) {
            if (!(error instanceof StudioError)) log.error({ event, err: error }, 'event handler failed');
            result = { ok: false, error: toProtocolError(error) };
          }
          if (ack) ack(result);
          else if (!result.ok) socket.emit('server:error', { event, ...result.error });
        })();
      });
    };

    on('server:ping', () => ({ serverTime: Date.now() }));

    on('room:create', async (input) => {
      requireRole(socket, 'host');
      const room: Room = {
        id: randomUUID(),
        title: input.title,
        hostLanguage: input.hostLanguage,
        status: 'created',
        createdAt: Date.now(),
      };
      await repo.createRoom(room);
      await socket.join(room.id);
      log.info({ roomId: room.id }, 'room created');
      return room;
    });

    on('room:join', async (input) => {
      const room = await repo.getRoom(input.roomId);
      if (!room) throw new StudioError('not_found', `No room ${input.roomId}`);
      await socket.join(room.id);
      return room;
    });
  });
}

function requireRole(socket: GatewaySocket, role: HandshakeAuth['role']): void {
  if (socket.data.auth.role !== role) {
    throw new StudioError('forbidden', `Only a ${role} may do this`);
  }
}
