// Live captions through the backend (server/room/caption-relay.ts): the host publishes per language, each
// viewer gets the language it subscribed to, the host is told this node's demand, and the finals are kept
// for the replay (server/room/caption-archive.ts).
import { CaptionArchive } from '../room/caption-archive';
import { CaptionDemandTracker, registerCaptionHandlers } from '../room/caption-relay';
import type { ServerModule } from './server-module';

export const captionsModule: ServerModule = {
  name: 'captions',
  attach({ io, repo, bus, log }) {
    const demand = new CaptionDemandTracker();
    const archive = new CaptionArchive(repo, log);
    const unsubscribe = bus.on('member:evicted', ({ socketId }) => void demand.remove(socketId));
    return {
      onConnection: (access) =>
        registerCaptionHandlers({
          socket: access.socket,
          on: access.on,
          io,
          repo,
          log,
          demand,
          archive,
          joined: (roomId) => access.joined(roomId),
          published: (roomId, captions) => void bus.emit('caption:published', { roomId, captions }),
        }),
      async close() {
        unsubscribe();
        await archive.close();
      },
    };
  },
};
