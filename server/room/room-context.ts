// What the live room's handlers share: their gateway node's services (RoomDeps) and one connection's
// access checks. Every check reads the identity the server issued, never the payload.
import { StudioError } from '../../core/protocol/result';
import type { Identities } from '../auth/viewer-identity';
import type { Bind } from '../events';
import type { GatewayServer, GatewaySocket } from '../gateway-types';
import type { Logger } from '../log';
import type { RoomBus } from '../modules/room-bus';
import type { StudioStore } from '../store/store';

export const staffChannel = (roomId: string) => `staff:${roomId}`;
/** One person's private channel in one room (their orders), named by their author handle there. */
export const userChannel = (roomId: string, handle: string) => `u:${roomId}:${handle}`;

/** What every room handler uses of its gateway node: socket.io, the store, the room event bus, the log. */
export interface RoomDeps {
  io: GatewayServer;
  repo: StudioStore;
  bus: RoomBus;
  log: Logger;
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
