// Is a room's host connected, on any gateway node? The room's current host connection is the one member of
// the socket.io room `host:<roomId>`, so the Redis adapter can answer for the whole cluster
// (`fetchSockets`, which asks every node that is still subscribed: a node that died is not counted). A
// connection that becomes the host replaces the previous one wherever it is: `host:joined` is relayed to
// the other nodes, which take their old host connection out (its media is closed by the media module).
// Two claims made at once on two nodes are settled the same way on both: the later (at, socket id) wins.
import type { GatewayServer, GatewaySocket } from '../gateway-types';
import type { Logger } from '../log';
import type { Disposer, RoomBus } from './room-bus';

export const hostChannel = (roomId: string) => `host:${roomId}`;

interface Claim {
  socketId: string;
  at: number;
}

const later = (a: Claim, b: Claim) => a.at > b.at || (a.at === b.at && a.socketId > b.socketId);

export class HostPresence {
  /** Rooms whose current host connection is on this node: which connection, claimed when. */
  private readonly here = new Map<string, Claim>();
  private readonly unsubscribe: Disposer;
  private closed = false;

  constructor(
    private readonly io: GatewayServer,
    private readonly bus: RoomBus,
    private readonly log: Logger,
    private readonly clustered: boolean,
  ) {
    this.unsubscribe = bus.onAnyNode('host:joined', ({ roomId, socketId, at }, { fromPeer }) => {
      const mine = this.here.get(roomId);
      if (fromPeer && mine && later({ socketId, at }, mine)) this.drop(roomId, 'replaced');
    });
  }

  /** Rooms whose host is connected to this node. */
  get size(): number {
    return this.here.size;
  }

  /** Makes this connection the room's host; a previous host connection, on any node, is replaced. */
  async claim(socket: GatewaySocket, roomId: string): Promise<void> {
    if (this.here.get(roomId)?.socketId === socket.id) return;
    if (this.here.has(roomId)) this.drop(roomId, 'replaced');
    const at = Date.now();
    this.here.set(roomId, { socketId: socket.id, at });
    await socket.join(hostChannel(roomId));
    void this.bus.emit('host:joined', { roomId, socketId: socket.id, at });
  }

  /** True when the room's host is connected to any gateway node. */
  async isPresent(roomId: string): Promise<boolean> {
    if (this.here.has(roomId)) return true;
    // A closing node asks no more: its Redis clients are about to go.
    if (!this.clustered || this.closed) return false;
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
      if (this.here.get(roomId)?.socketId !== socket.id) continue;
      this.drop(roomId, 'disconnected');
      left.push(roomId);
    }
    return left;
  }

  /** Stops asking and listening to the other nodes; returns the rooms whose host is still on this node. */
  close(): string[] {
    this.closed = true;
    this.unsubscribe();
    return [...this.here.keys()];
  }

  /** This node's host connection of the room is no longer its host. */
  private drop(roomId: string, reason: 'disconnected' | 'replaced'): void {
    const { socketId } = this.here.get(roomId)!;
    this.here.delete(roomId);
    if (reason === 'replaced') void this.io.sockets.sockets.get(socketId)?.leave(hostChannel(roomId));
    void this.bus.emit('host:left', { roomId, socketId, reason });
  }
}
