// Multistream: the room's host (the studio's host process, proving the room's host key) sends the live
// stream on to other platforms over RTMP(S) (server/multistream); the room's staff and the ops watching it
// hear each destination's health on every change and every 2 s while one is live. The stream's end, or the
// backend's, ends every destination. The ops board hears the room's destinations counted
// ('multistream:summary' on the bus, heard on every node) when the counts change, not on every 2 s tick.
import { RestreamNews } from '../../core/multistream/restream-summary';
import type { MultistreamStatus } from '../../core/protocol/multistream';
import { StudioError } from '../../core/protocol/result';
import { opsRoomChannel } from '../analytics/ops-board';
import { isHostKey } from '../auth/host-key';
import type { SegmentMedia } from '../media-out/segment-recorder';
import { Multistreams, type MultistreamsOptions } from '../multistream/multistreams';
import { staffChannel } from '../room/room-context';
import type { MediaRooms } from './media';
import type { ServerModule } from './server-module';

/** Connections that started a room's multistream (the studio's host process need not host the room). */
const starterChannel = (roomId: string) => `multistream:${roomId}`;

export function multistreamModule(deps: {
  media: MediaRooms;
  options?: MultistreamsOptions | undefined;
}): ServerModule {
  return {
    name: 'multistream',
    attach({ io, repo, bus, log }) {
      const news = new RestreamNews();
      const send = (status: MultistreamStatus) => {
        io.to(staffChannel(status.roomId))
          .to(opsRoomChannel(status.roomId))
          .to(starterChannel(status.roomId))
          .emit('multistream:status', status);
        const told = news.next(status, Date.now());
        if (told) void bus.emit('multistream:summary', { roomId: status.roomId, restream: told.summary });
      };
      const multistreams = new Multistreams(
        {
          async media(roomId): Promise<SegmentMedia | null> {
            const room = await deps.media.existing(roomId);
            if (!room) return null;
            const newest = new Map(room.producerList().map((p) => [p.kind, p.producerId]));
            const producers = [...newest.values()].flatMap((id) => room.producer(id) ?? []);
            return { router: room.router, producers };
          },
          status: send,
        },
        log,
        deps.options,
      );
      const subscriptions = [
        bus.on('producer:opened', ({ roomId }) => multistreams.producersChanged(roomId)),
        bus.on('producer:closed', ({ roomId }) => multistreams.producersChanged(roomId)),
        bus.onAnyNode('room:ended', ({ roomId }) => {
          multistreams
            .roomEnded(roomId)
            .catch((error: unknown) => {
              log.error({ roomId, err: String(error) }, 'multistream did not end cleanly');
            })
            // Its last status (every destination ended) has been told by now.
            .finally(() => news.forget(roomId));
        }),
      ];

      return {
        onConnection(access) {
          const { socket, on } = access;
          /** Rooms this connection proved the host key of. */
          const proven = new Set<string>();
          const hostOnly = async (roomId: string, hostKey?: string) => {
            if (socket.data.identity.role !== 'host')
              throw new StudioError('forbidden', "Only the room's host may multistream");
            if (proven.has(roomId) || access.isHost(roomId)) return;
            if (hostKey === undefined || !(await isHostKey(repo, roomId, hostKey)))
              throw new StudioError('forbidden', 'Wrong host key');
            proven.add(roomId);
          };

          on('multistream:start', async (input) => {
            const { roomId } = input;
            if (socket.data.identity.role !== 'host' || !(await isHostKey(repo, roomId, input.hostKey)))
              throw new StudioError('forbidden', "Only the room's host may multistream");
            proven.add(roomId);
            const room = await repo.rooms.get(roomId);
            if (!room) throw new StudioError('not_found', `No room ${roomId}`);
            if (room.status === 'ended') throw new StudioError('invalid_argument', 'The stream has ended');
            await socket.join(starterChannel(roomId));
            const ids = new Set(input.destinations.map((d) => d.id));
            if (ids.size !== input.destinations.length)
              throw new StudioError('invalid_argument', 'Two destinations with one id');
            return multistreams.start(input);
          });
          on('multistream:stop', async ({ roomId, id }) => {
            await hostOnly(roomId);
            return multistreams.stop(roomId, id);
          });
          on('multistream:get', ({ roomId }) => {
            if (!proven.has(roomId)) access.staff(roomId);
            return multistreams.get(roomId);
          });
        },
        stats: () => ({ multistreamRooms: multistreams.size }),
        async close() {
          subscriptions.forEach((unsubscribe) => unsubscribe());
          await multistreams.close();
        },
      };
    },
  };
}
