// socket.io clients for gateway tests, typed with the real event maps.
import { io as connect, type Socket } from 'socket.io-client';
import type { Result } from '../../core/protocol/result';
import type {
  ClientToServerEvents,
  Role,
  ServerToClientEvents,
  ViewerSession,
} from '../../core/protocol/socket-events';
import { signToken } from '../../server/auth/tokens';
import { recordServerEvent } from './server-event-recorder';
import { TEST_TOKEN_SECRET } from './test-secret';

export type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents> & {
  /** The viewer identity the backend issued this connection, once it has arrived. */
  session?: ViewerSession;
};

/**
 * A role token signed with the tests' secret (tests/support/test-secret.ts). A viewer token without `sub` is
 * a room's public link; with one, it is an identity the backend issued before.
 */
export function testToken(role: Role, room?: string, sub?: string): string {
  return signToken(process.env.LIVEBRIDGE_TOKEN_SECRET ?? TEST_TOKEN_SECRET, {
    role,
    ...(room ? { room } : {}),
    ...(sub ? { sub } : {}),
  });
}

export interface ConnectOptions {
  role: Role;
  /** A viewer's room (its link names it). */
  room?: string;
  /** Present this token instead of a fresh one for the role (an issued identity, a forged one...). */
  token?: string;
  clientName?: string;
  /** Anything else a client might put in its handshake (the backend must ignore it). */
  extraAuth?: Record<string, unknown>;
}

export async function connectAs(
  url: string,
  { role, room, token, clientName, extraAuth }: ConnectOptions,
  opened: RoomSocket[] = [],
): Promise<RoomSocket> {
  const socket: RoomSocket = connect(url, {
    auth: {
      token: token ?? testToken(role, room),
      ...(clientName ? { clientName } : {}),
      ...extraAuth,
    },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  opened.push(socket);
  socket.onAny(recordServerEvent);
  socket.on('session:identity', (s) => (socket.session = s));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** A viewer of `room` with the identity the backend issued it (waits for it to arrive). */
export async function connectViewer(
  url: string,
  room: string,
  opened: RoomSocket[] = [],
  options: Omit<ConnectOptions, 'role' | 'room'> = {},
): Promise<RoomSocket & { session: ViewerSession }> {
  const socket = await connectAs(url, { role: 'viewer', room, ...options }, opened);
  const deadline = Date.now() + 5000;
  while (!socket.session && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  if (!socket.session) throw new Error('the backend issued no viewer identity');
  return socket as RoomSocket & { session: ViewerSession };
}

export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
