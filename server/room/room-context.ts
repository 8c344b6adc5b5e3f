// What the live room's handlers share: the backend's room services (one set per gateway node) and one
// connection's access checks. Every check reads the identity the server issued, never the payload.
import { StudioError } from '../../core/protocol/result';
import type { CommentInsight } from '../../core/protocol/room-events';
import type { MoodAlert } from '../../core/protocol/insight-events';
import type { Identities } from '../auth/viewer-identity';
import type { Bind } from '../events';
import type { GatewayServer, GatewaySocket } from '../gateway-types';
import type { InsightEngine } from '../insight/insight-engine';
import type { Logger } from '../log';
import type { StudioStore } from '../store/store';
import type { CommentHub } from './comment-hub';
import type { ModerationCache } from './moderation';
import type { PaymentProvider } from './payments';
import type { StockFeed } from './stock-feed';

export const staffChannel = (roomId: string) => `staff:${roomId}`;
/** One person's private channel in one room (their orders), named by their author handle there. */
export const userChannel = (roomId: string, handle: string) => `u:${roomId}:${handle}`;

export interface RoomServices {
  io: GatewayServer;
  repo: StudioStore;
  log: Logger;
  comments: CommentHub;
  moderation: ModerationCache;
  payments: PaymentProvider;
  stock: StockFeed;
  insight: InsightEngine;
  identities: Identities;
  /** A room's moderation rules changed here: other gateway nodes drop their copy. */
  moderationChanged(roomId: string): void;
  /** Takes a banned person out of a room on every node: joined set, channels, media. */
  evict(roomId: string, handle: string): Promise<void>;
  /** A comment was analysed here: raise its alerts, and count it into the other nodes' room mood. */
  commentCounted(roomId: string, x: CommentInsight, text: string, byHost: boolean, alerts: MoodAlert[]): void;
}

/** One connection's rights, as its verified token and its room joins give them. */
export class SocketAccess {
  constructor(
    readonly socket: GatewaySocket,
    readonly on: Bind,
    private readonly identities: Identities,
  ) {}

  /** This connection's author handle in a room. */
  handle(roomId: string): string {
    return this.identities.handle(roomId, this.socket.data.identity.sub);
  }

  isHost(roomId: string): boolean {
    return this.socket.data.hostOf.has(roomId);
  }

  isStaff(roomId: string): boolean {
    return this.isHost(roomId) || this.socket.data.identity.role === 'ops';
  }

  joined(roomId: string): void {
    if (!this.socket.data.joined.has(roomId)) throw new StudioError('forbidden', 'Join the room first');
  }

  hosting(roomId: string): void {
    if (!this.isHost(roomId)) throw new StudioError('forbidden', "Only the room's host may do this");
  }

  staff(roomId: string): void {
    if (!this.isStaff(roomId))
      throw new StudioError('forbidden', "Only the room's host or operations staff may do this");
  }

  /** In the room: joined it, or operations staff (who watch every room). */
  member(roomId: string): void {
    if (this.socket.data.identity.role !== 'ops') this.joined(roomId);
  }
}
