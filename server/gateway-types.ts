import type { Server, Socket } from 'socket.io';
import type { CommentInsight } from '../core/protocol/room-events';
import type {
  ClientToServerEvents,
  Identity,
  ServerToClientEvents,
  ViewerSession,
} from '../core/protocol/socket-events';
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
  /** A room's moderation rules changed: drop the cached copy. */
  'mod:changed': (roomId: string) => void;
  /** A person was banned from a room: every node takes their connections out of it. */
  'mod:banned': (b: { roomId: string; handle: string }) => void;
  /** A room ended: every node releases what it holds for it. */
  'room:ended': (roomId: string) => void;
  /** A comment analysed on the sending node, for every node's copy of the room's mood. */
  'insight:counted': (c: { roomId: string; x: CommentInsight; text: string; byHost: boolean }) => void;
}

export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, InterNodeEvents, SocketData>;
export type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterNodeEvents, SocketData>;
