// Rooms: a host creates one (and gets its host key), people join it (the host with its key), the host takes
// it live and ends it. Everyone in a room is told its state and whether its host is connected, on whichever
// gateway node that host is (HostPresence).
import { randomBytes, randomUUID } from 'node:crypto';
import { StudioError } from '../../core/protocol/result';
import type { Room } from '../../core/protocol/socket-events';
import { hashKey, isHostKey } from '../auth/host-key';
import { commentSlice } from '../room/comment-hub';
import type { ModerationCache } from '../room/moderation';
import { staffChannel, userChannel } from '../room/room-context';
import { HostPresence } from './host-presence';
import type { MediaRooms } from './media';
import type { ServerModule } from './server-module';

export function roomsModule(deps: { media: MediaRooms; moderation: ModerationCache }): ServerModule {
  const { media, moderation } = deps;
  return {
    name: 'rooms',
    attach({ io, repo, bus, identities, log, config }) {
      const presence = new HostPresence(io, bus, log, config.clustered);

      const broadcastState = async (roomId: string, room?: Room | null, hostConnected?: boolean) => {
        const current = room ?? (await repo.rooms.get(roomId));
        if (!current) return;
        hostConnected ??= await presence.isPresent(roomId);
        io.to(roomId).emit('room:state', { room: current, hostConnected });
      };
      const announce = (roomId: string, room?: Room | null) =>
        void broadcastState(roomId, room).catch((error: unknown) =>
          log.warn({ roomId, err: String(error) }, 'room state not sent'),
        );

      return {
        onConnection(access) {
          const { socket, on } = access;
          const becomeHost = async (roomId: string) => {
            socket.data.hostOf.add(roomId);
            await socket.join(staffChannel(roomId));
            await presence.claim(socket, roomId);
          };
          const enter = async (roomId: string) => {
            const inRoom = io.sockets.adapter.rooms.get(roomId);
            // The room's host always gets back in; viewers wait when the room is full.
            const full = (inRoom?.size ?? 0) >= config.limits.socketsPerRoom;
            if (full && !inRoom?.has(socket.id) && !socket.data.hostOf.has(roomId))
              throw new StudioError('capacity', 'This room is full right now: try again in a moment');
            await socket.join([
              roomId,
              commentSlice(roomId, socket.id),
              userChannel(roomId, access.handle(roomId)),
            ]);
            socket.data.joined.add(roomId);
          };

          on('room:create', async (input) => {
            if (socket.data.identity.role !== 'host')
              throw new StudioError('forbidden', 'Only a host may create a room');
            const room: Room = {
              id: randomUUID(),
              title: input.title,
              hostLanguage: input.hostLanguage,
              status: 'created',
              createdAt: Date.now(),
            };
            const hostKey = randomBytes(24).toString('base64url');
            // The creator's subject (its host token's `sub`): replays of the room are this host's to see.
            await repo.rooms.create(room, hashKey(hostKey), socket.data.identity.sub);
            void bus.emit('room:created', { roomId: room.id, room });
            await becomeHost(room.id);
            await enter(room.id);
            log.info({ roomId: room.id }, 'room created');
            return { room, hostKey, viewerToken: identities.linkToken(room.id) };
          });

          on('room:join', async ({ roomId, hostKey }) => {
            const { identity } = socket.data;
            if (identity.role === 'viewer' && identity.room !== roomId) {
              throw new StudioError('forbidden', 'This link is for another room');
            }
            const room = await repo.rooms.get(roomId);
            if (!room) throw new StudioError('not_found', `No room ${roomId}`);
            if (hostKey !== undefined && identity.role !== 'host')
              throw new StudioError('forbidden', 'Only a host may host');
            if (hostKey === undefined && (await moderation.isBanned(roomId, access.handle(roomId)))) {
              throw new StudioError('forbidden', 'You are banned from this room');
            }
            let isHost = socket.data.hostOf.has(roomId);
            if (hostKey !== undefined) {
              if (!(await isHostKey(repo, roomId, hostKey)))
                throw new StudioError('forbidden', 'Wrong host key');
              await becomeHost(roomId);
              isHost = true;
            }
            await enter(roomId);
            if (isHost) announce(roomId, room);
            const [hostConnected, producers] = await Promise.all([
              presence.isPresent(roomId),
              media.producers(roomId),
            ]);
            return { room, hostConnected, producers, isHost };
          });

          on('live:start', async ({ roomId }) => {
            access.hosting(roomId);
            await presence.claim(socket, roomId); // going live again after an end, or from another window
            const room = await repo.rooms.setStatus(roomId, 'live');
            if (room) void bus.emit('room:live', { roomId, room });
            announce(roomId, room);
            log.info({ roomId }, 'room live');
            return room!;
          });

          on('live:end', async ({ roomId }) => {
            access.hosting(roomId);
            await media.closeProducers(roomId);
            const room = await repo.rooms.setStatus(roomId, 'ended');
            announce(roomId, room);
            // This node releases what it holds for the room (router, mood, rules) before the answer; the
            // other nodes do when the relayed event reaches them.
            await bus.emit('room:ended', { roomId, room });
            log.info({ roomId }, 'room ended');
            return room!;
          });

          return () => {
            for (const roomId of presence.disconnected(socket)) announce(roomId);
          };
        },
        stats: () => ({ hostPresence: presence.size }),
        async close() {
          // This node goes with its host connections: their rooms are told now, while the cluster can hear.
          await Promise.all(
            presence.close().map((roomId) => broadcastState(roomId, undefined, false).catch(() => undefined)),
          );
        },
      };
    },
  };
}
