// Moderation: the staff's actions on a room's rules (server/room/room-handlers.ts), the node's cache of those
// rules (server/room/moderation.ts), and bans enforced at once: a banned person's connections leave the
// room on every gateway node. The cache is dropped when another node changes the rules or the room ends.
import { userChannel } from '../room/room-context';
import type { ModerationCache } from '../room/moderation';
import { registerModerationHandlers } from '../room/room-handlers';
import type { ServerModule } from './server-module';

export function moderationModule(moderation: ModerationCache): ServerModule {
  return {
    name: 'moderation',
    attach(ctx) {
      const { io, bus } = ctx;

      /** Takes a person's connections on this node out of a room: rights, channels and media. */
      const evictLocally = async (roomId: string, handle: string) => {
        for (const id of [...(io.sockets.adapter.rooms.get(userChannel(roomId, handle)) ?? [])]) {
          const socket = io.sockets.sockets.get(id);
          if (!socket || socket.data.hostOf.has(roomId)) continue;
          socket.data.joined.delete(roomId);
          for (const channel of [...socket.rooms]) {
            if (channel === roomId || channel.includes(roomId)) void socket.leave(channel);
          }
          await bus.emit('member:evicted', { roomId, socketId: id, handle });
          socket.emit('server:error', {
            event: 'room:join',
            code: 'forbidden',
            message: 'You are banned from this room',
          });
        }
      };

      const subscriptions = [
        bus.onAnyNode('moderation:changed', async ({ roomId, input }, { fromPeer }) => {
          if (fromPeer) moderation.forget(roomId); // this node's copy is stale; the origin's is updated
          if (input.action === 'ban') await evictLocally(roomId, input.userId);
        }),
        bus.onAnyNode('room:ended', ({ roomId }) => moderation.forget(roomId)),
      ];
      const handlers = { ...ctx, moderation };
      return {
        onConnection: (access) => registerModerationHandlers(handlers, access),
        stats: () => ({ moderationRooms: moderation.size }),
        close: () => subscriptions.forEach((unsubscribe) => unsubscribe()),
      };
    },
  };
}
