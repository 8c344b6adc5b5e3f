import type { Server, Socket } from 'socket.io';
import type { CommentInsight } from '../core/protocol/room-events';
import type { ClientToServerEvents, Identity, ServerToClientEvents } from '../core/protocol/socket-events';
import type { TokenBucket } from './room/rate-limit';

export interface SocketData {
  identity: Identity;
  /** Stable id of the person behind the connection (a viewer's id, or the socket id). */
  userId: string;
  displayName: string;
  joined: Set<string>;
  hostOf: Set<string>;
  buckets: { events: TokenBucket; comments: TokenBucket; orders: TokenBucket };
}

/** Between gateway nodes (through the Redis adapter). */
export interface InterNodeEvents {
  /** A room's moderation rules changed: drop the cached copy. */
  'mod:changed': (roomId: string) => void;
  /** A comment analysed on the sending node, for every node's copy of the room's mood. */
  'insight:counted': (c: { roomId: string; x: CommentInsight; text: string; byHost: boolean }) => void;
}

export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, InterNodeEvents, SocketData>;
export type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterNodeEvents, SocketData>;
