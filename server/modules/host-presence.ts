// Is a room's host connected, on any gateway node? The room's current host connection is the one member of
// the socket.io room `host:<roomId>`, so the Redis adapter can answer for the whole cluster
// (`fetchSockets`, which asks every node that is still subscribed: a node that died is not counted). A
// connection that becomes the host replaces the previous one wherever it is: `host:joined` is relayed to
// the other nodes, which take their old host connection out (its media is closed by the media module).
import type { GatewayServer, GatewaySocket } from '../gateway-types';
import type { Logger } from '../log';
import type { Disposer, RoomBus } from './room-bus';

export const hostChannel = (roomId: string) => `host:${roomId}`;

export class HostPresence {
  /** Rooms whose current host connection is on this node, and which connection it is. */
  private readonly here = new Map<string, string>();
  private readonly unsubscribe: Disposer;

  constructor(
    private readonly io: GatewayServer,
    private readonly bus: RoomBus,
    private readonly log: Logger,
    private readonly clustered: boolean,
  ) {
    this.unsubscribe = bus.onAnyNode('host:joined', ({ roomId, socketId }, { fromPeer }) => {
      if (fromPeer) this.replace(roomId, socketId);
    });
  }

  /** Rooms whose host is connected to this node. */
  get size(): number {
    return this.here.size;
  }

  /** Makes this connection the room's host; a previous host connection, on any node, is replaced. */
  async claim(socket: GatewaySocket, roomId: string): Promise<void> {
    if (this.here.get(roomId) === socket.id) return;
    this.replace(roomId, socket.id);
    this.here.set(roomId, socket.id);
    await socket.join(hostChannel(roomId));
    void this.bus.emit('host:joined', { roomId, socketId: socket.id });
  }

  /** True when the room's host is connected to any gateway node. */
  async isPresent(roomId: string): Promise<boolean> {
    if (this.here.has(roomId)) return true;
    if (!this.clustered) return false;
    try {
      return (await this.io.in(hostChannel(roomId)).fetchSockets()).length > 0;
    } catch (error) {
      // A node that does not answer in time: say what this node knows rather than fail the join.
      this.log.warn({ roomId, err: String(error) }, 'host presence unknown on other nodes');
      return false;
    }
  }

  /** A connection closed: the rooms it was the host of (it has left their host channels already). */
  disconnected(socket: GatewaySocket): string[] {
    const left: string[] = [];
    for (const roomId of socket.data.hostOf) {
      if (this.here.get(roomId) !== socket.id) continue;
      this.here.delete(roomId);
      left.push(roomId);
      void this.bus.emit('host:left', { roomId, socketId: socket.id, reason: 'disconnected' });
    }
    return left;
  }

  close(): void {
    this.unsubscribe();
  }

  /** Takes this node's host connection of the room, if it is not `by`, out of the host channel. */
  private replace(roomId: string, by: string): void {
    const previous = this.here.get(roomId);
    if (previous === undefined || previous === by) return;
    this.here.delete(roomId);
    void this.io.sockets.sockets.get(previous)?.leave(hostChannel(roomId));
    void this.bus.emit('host:left', { roomId, socketId: previous, reason: 'replaced' });
  }
}
