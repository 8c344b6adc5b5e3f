// Recording for replay: the room bus tells this node's recordings (server/media-out) when a host producer
// opens here, when the room goes live and when it ends; the recorder's status goes to the room's host and
// to ops watching the room, each change as it happens and the current one to whoever starts watching.
import type { RecordingStatus } from '../../core/protocol/replay';
import { opsRoomChannel } from '../analytics/ops-board';
import type { Recordings } from '../media-out/recordings';
import type { SegmentMedia } from '../media-out/segment-recorder';
import { staffChannel } from '../room/room-context';
import type { MediaRooms } from './media';
import type { ServerModule } from './server-module';

const STAFF = /^staff:(.+)$/;
const OPS_ROOM = /^ops:room:(.+)$/;

export function recordingModule(deps: { media: MediaRooms; recordings: Recordings }): ServerModule {
  const { media, recordings } = deps;
  return {
    name: 'recording',
    attach({ io, bus, log, config }) {
      const send = (status: RecordingStatus) =>
        io.to(staffChannel(status.roomId)).to(opsRoomChannel(status.roomId)).emit('recording:status', status);
      recordings.attach({
        status: send,
        async media(roomId): Promise<SegmentMedia | null> {
          const room = await media.existing(roomId);
          if (!room) return null;
          // The newest producer of each kind: a re-produce replaces the old one.
          const newest = new Map(room.producerList().map((p) => [p.kind, p.producerId]));
          const producers = [...newest.values()].flatMap((id) => room.producer(id) ?? []);
          return { router: room.router, producers };
        },
      });

      // Whoever starts watching (the host joining its staff channel, ops opening the room) gets the status
      // now. In a cluster only the node recording the room, or one that cannot record at all, knows it.
      const adapter = io.of('/').adapter;
      const onJoin = (channel: string | number, socketId: string) => {
        const roomId = String(channel).match(STAFF)?.[1] ?? String(channel).match(OPS_ROOM)?.[1];
        if (!roomId) return;
        if (config.clustered && !recordings.offReason && !recordings.recordsHere(roomId)) return;
        io.to(socketId).emit('recording:status', recordings.status(roomId));
      };
      adapter.on('join-room', onJoin);

      const subscriptions = [
        bus.on('producer:opened', ({ roomId }) => recordings.producerOpened(roomId)),
        // The producers open before live:start: the segment waits for the stream's start time.
        bus.on('room:live', ({ roomId }) => {
          recordings.roomLive(roomId);
          // The studio listens from when its room opened: it hears now whether this stream is recorded.
          send(recordings.status(roomId));
        }),
        // Not awaited: FFmpeg finishing the file must not hold up the host's answer to live:end.
        bus.onAnyNode('room:ended', ({ roomId }) => {
          recordings.roomEnded(roomId).catch((error: unknown) => {
            log.error({ roomId, err: String(error) }, 'recording did not end cleanly');
          });
        }),
      ];
      return {
        close() {
          adapter.off('join-room', onJoin);
          subscriptions.forEach((unsubscribe) => unsubscribe());
        },
      };
    },
  };
}
