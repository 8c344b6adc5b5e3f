// socket.io clients for gateway tests, typed with the real event maps.
import { io as connect, type Socket } from 'socket.io-client';
import type { Result } from '../../core/protocol/result';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/protocol/socket-events';
import { signToken } from '../../server/auth/tokens';
import { TEST_TOKEN_SECRET } from './test-secret';

export type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A role token signed with the tests' secret (tests/support/test-secret.ts). */
export function testToken(role: 'host' | 'viewer' | 'ops', room?: string): string {
  return signToken(
    process.env.LIVEBRIDGE_TOKEN_SECRET ?? TEST_TOKEN_SECRET,
    room ? { role, room } : { role },
  );
}

export async function connectAs(
  url: string,
  {
    role,
    room,
    ...rest
  }: { role: 'host' | 'viewer' | 'ops'; room?: string; userId?: string; clientName?: string },
  opened: RoomSocket[] = [],
): Promise<RoomSocket> {
  const socket: RoomSocket = connect(url, {
    auth: { token: testToken(role, room), ...rest },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  opened.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
