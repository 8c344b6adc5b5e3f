// Live video: the media signalling handlers (server/sfu/media-handlers.ts) and the lifetimes of what the SFU
// holds for rooms on this node. A connection's transports go when it closes, is replaced as the host or is
// evicted; a room's router goes when the room ends (on every node) or idles.
import type { ProducerInfo } from '../../core/protocol/socket-events';
import { staffChannel } from '../room/room-context';
import { registerMediaHandlers } from '../sfu/media-handlers';
import type { RoomMedia } from '../sfu/room-media';
import type { Sfu } from '../sfu/sfu';
import type { ServerModule } from './server-module';

/** This node's SFU rooms, asked without creating any; none of these calls throws. */
export class MediaRooms {
  constructor(readonly sfu: () => Sfu | string) {}

  /** The room's media when it exists on this node. */
  async existing(roomId: string): Promise<RoomMedia | undefined> {
    const s = this.sfu();
    if (typeof s === 'string') return undefined;
    return s.existingRoom(roomId)?.catch(() => undefined);
  }

  async producers(roomId: string): Promise<ProducerInfo[]> {
    return (await this.existing(roomId))?.producerList() ?? [];
  }

  /** Closes the room's producers: its viewers are told, one sfu:producerClosed each. */
  async closeProducers(roomId: string): Promise<void> {
    (await this.existing(roomId))?.closeProducers();
  }

  async closePeer(roomId: string, socketId: string): Promise<void> {
    (await this.existing(roomId))?.closePeer(socketId);
  }

  /** Releases the room's router; true when there was one. */
  async release(roomId: string): Promise<boolean> {
    const s = this.sfu();
    if (typeof s === 'string' || !s.existingRoom(roomId)) return false;
    await s.closeRoom(roomId);
    return true;
  }

  async sweepIdle(idleMs: number): Promise<void> {
    const s = this.sfu();
    if (typeof s === 'string') return;
    for (const roomId of s.roomIds()) {
      const media = await s.existingRoom(roomId)?.catch(() => null);
      if (media && media.idleFor() >= idleMs) await s.closeRoom(roomId);
    }
  }

  counts(): { rooms: number; routers: number } {
    const s = this.sfu();
    return typeof s === 'string' ? { rooms: 0, routers: 0 } : s.counts();
  }
}

export function mediaModule(media: MediaRooms): ServerModule {
  return {
    name: 'media',
    attach({ io, bus }) {
      const subscriptions = [
        bus.onAnyNode('room:ended', async ({ roomId }) => {
          // Viewers still on the page start their media afresh if the host goes live again.
          if (await media.release(roomId))
            io.local.to(roomId).except(staffChannel(roomId)).emit('media:reset', { roomId, reason: 'ended' });
        }),
        // A host that reconnected replaces its old connection, whose media is then closed.
        bus.on('host:left', ({ roomId, socketId, reason }) =>
          reason === 'replaced' ? media.closePeer(roomId, socketId) : undefined,
        ),
        bus.on('member:evicted', ({ roomId, socketId }) => media.closePeer(roomId, socketId)),
        bus.on('producer:closed', ({ roomId, producerId }) => {
          io.to(roomId).emit('sfu:producerClosed', { roomId, producerId });
        }),
      ];
      return {
        onConnection(access) {
          registerMediaHandlers({ sfu: media.sfu, bus }, access);
          const { socket } = access;
          return () => {
            for (const roomId of socket.data.joined) void media.closePeer(roomId, socket.id);
          };
        },
        sweepIdle: (idleMs) => media.sweepIdle(idleMs),
        stats: () => {
          const { rooms, routers } = media.counts();
          return { mediaRooms: rooms, routers };
        },
        close: () => subscriptions.forEach((unsubscribe) => unsubscribe()),
      };
    },
  };
}
