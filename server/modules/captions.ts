// Live captions through the backend (server/room/caption-relay.ts): the host publishes per language, each
// viewer gets the language it subscribed to, and the host is told this node's demand.
import { CaptionDemandTracker, registerCaptionHandlers } from '../room/caption-relay';
import type { ServerModule } from './server-module';

export const captionsModule: ServerModule = {
  name: 'captions',
  attach({ io, repo, bus, log }) {
    const demand = new CaptionDemandTracker();
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
          joined: (roomId) => access.joined(roomId),
        }),
      close: unsubscribe,
    };
  },
};
