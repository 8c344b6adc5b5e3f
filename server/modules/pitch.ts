// Pitch next: the host's and ops' picks of which product to present next (pushed as 'pitch:next' while they
// change, and on request), and a viewer's "You may also like". Every node keeps every room's signals (the
// comments and analytics facts it hears from all nodes) and tells only its own connections.
import { StudioError } from '../../core/protocol/result';
import { opsRoomChannel } from '../analytics/ops-board';
import { PitchEngine } from '../recommend/pitch-engine';
import { staffChannel } from '../room/room-context';
import type { ServerModule } from './server-module';

export const pitchModule: ServerModule = {
  name: 'pitch',
  attach({ io, repo, bus, identities, log }) {
    const engine = new PitchEngine({
      repo,
      log,
      send: (next) =>
        io.local.to(staffChannel(next.roomId)).to(opsRoomChannel(next.roomId)).emit('pitch:next', next),
    });
    const subscriptions = [
      bus.onAnyNode('comment:accepted', ({ roomId, comment }) => {
        if (comment.k !== 'h') engine.comment(roomId, comment.createdAt, comment.x);
      }),
      bus.onAnyNode('analytics:facts', ({ facts }) => engine.facts(facts)),
      bus.on('product:changed', ({ roomId }) => engine.productsChanged(roomId)),
      bus.on('order:changed', ({ roomId }) => engine.productsChanged(roomId)),
      bus.onAnyNode('room:ended', ({ roomId }) => engine.end(roomId)),
    ];
    return {
      onConnection(access) {
        access.on('pitch:get', async ({ roomId }) => {
          access.staff(roomId);
          if (!(await repo.rooms.get(roomId))) throw new StudioError('not_found', `No room ${roomId}`);
          return engine.get(roomId);
        });
        access.on('pitch:alsoLike', ({ roomId }) => {
          access.member(roomId);
          const { sub } = access.socket.data.identity;
          return engine.alsoLike(roomId, identities.analyticsId(roomId, sub), access.handle(roomId));
        });
      },
      sweepIdle: (idleMs) => engine.sweepIdle(idleMs),
      stats: () => ({ pitchRooms: engine.size }),
      close() {
        subscriptions.forEach((unsubscribe) => unsubscribe());
        engine.close();
      },
    };
  },
};
