// socket.io clients for gateway tests, typed with the real event maps.
import { io as connect, type Socket } from 'socket.io-client';
import type { Result } from '../../core/protocol/result';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/protocol/socket-events';

export type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function connectAs(
  url: string,
  auth: { role: 'host' | 'viewer' | 'ops'; userId?: string; clientName?: string },
  opened: RoomSocket[] = [],
): Promise<RoomSocket> {
  const socket: RoomSocket = connect(url, {
    auth,
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
