import type { Server, Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  Identity,
  ServerToClientEvents,
  ViewerSession,
} from '../core/protocol/socket-events';
import type { RelayedRoomEvent } from './modules/room-bus';
import type { TokenBucket } from './room/rate-limit';

export interface SocketData {
  /** Who the connection is, from its verified token only (identity.sub is the server-issued subject). */
  identity: Identity;
  displayName: string;
  joined: Set<string>;
  hostOf: Set<string>;
  buckets: { events: TokenBucket; comments: TokenBucket; orders: TokenBucket };
  /** A viewer identity issued (or renewed) at the handshake, sent to the client once connected. */
  issued?: ViewerSession;
}

/** Between gateway nodes (through the Redis adapter). */
export interface InterNodeEvents {
  /** A room event that every node hears (see RELAYED in server/modules/room-bus.ts). */
  'room:bus': (e: RelayedRoomEvent) => void;
}

export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, InterNodeEvents, SocketData>;
export type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterNodeEvents, SocketData>;
