// Replay over the gateway: the list of streams, one stream's detail (the connection then hears its
// `replay:state` changes), its transcript, comments by stream time, search, export URLs and clips. Who may
// see which stream: a host the streams it created (the room's owner is its host token's subject), ops and
// analysts every stream, viewers none. The replay service hears the streams go live and end on the bus.
import type { Identity } from '../../core/protocol/socket-events';
import { StudioError } from '../../core/protocol/result';
import type { ReplayReads } from '../replay/replay-reads';
import { replayChannel, type ReplayService } from '../replay/replay-service';
import type { ReplayRoomRow } from '../store/store';
import type { ServerModule } from './server-module';

const LIST_LIMIT = 50;

/** Roles that may read replays at all. */
const READERS: ReadonlySet<Identity['role']> = new Set(['host', 'ops', 'analyst']);

export function replayModule(deps: { service: ReplayService; reads: ReplayReads }): ServerModule {
  const { service, reads } = deps;
  return {
    name: 'replay',
    attach({ bus }) {
      const subscriptions = [
        bus.on('room:live', ({ roomId }) => service.wentLive(roomId)),
        bus.on('room:ended', ({ roomId }) => service.ended(roomId)),
        bus.onAnyNode('host:joined', ({ roomId }) => service.hostAlive(roomId)),
      ];
      return {
        onConnection({ socket, on }) {
          const identity = socket.data.identity;
          const reader = () => {
            if (!READERS.has(identity.role))
              throw new StudioError('forbidden', 'Only hosts, operations staff and analysts may see replays');
          };
          /** The stream, when this connection may see it. */
          const stream = async (roomId: string): Promise<ReplayRoomRow> => {
            reader();
            const row = await service.room(roomId);
            if (identity.role === 'host' && row.ownerSub !== identity.sub)
              throw new StudioError('forbidden', 'A host may replay only the streams it created');
            return row;
          };

          on('replay:list', async ({ before, limit }) => {
            reader();
            return service.list({
              limit: limit ?? LIST_LIMIT,
              ...(before !== undefined ? { before } : {}),
              ...(identity.role === 'host' ? { owner: identity.sub } : {}),
            });
          });
          on('replay:get', async ({ roomId }) => {
            const row = await stream(roomId);
            // Watching before the state is read: a change right after it is not missed.
            await socket.join(replayChannel(roomId));
            const detail = await service.detail(row);
            reads.warm(row);
            return detail;
          });
          on('replay:unwatch', async ({ roomId }) => {
            reader();
            await socket.leave(replayChannel(roomId));
            return true as const;
          });
          on('replay:transcript', async ({ roomId, lang }) => reads.transcript(await stream(roomId), lang));
          on('replay:comments', async ({ roomId, fromMs, toMs, limit }) =>
            reads.comments(await stream(roomId), fromMs, toMs, limit),
          );
          on('replay:search', async ({ roomId, q, limit }) =>
            reads.search(await stream(roomId), q, limit ?? 50),
          );
          on('replay:exports', async ({ roomId }) => reads.exports(await stream(roomId)));
          on('replay:clip', async ({ roomId, fromMs, toMs }) =>
            reads.clip(await stream(roomId), fromMs, toMs),
          );
        },
        async close() {
          subscriptions.forEach((unsubscribe) => unsubscribe());
          await service.close();
        },
      };
    },
  };
}
