// Comment insight for the room's staff: the room's mood (sent to the host and ops while it changes), its
// alerts, and the mood on request. Every node keeps the whole room's mood (comments accepted on other nodes
// arrive relayed) and tells only its own host and ops connections, so nothing reaches them twice.
import type { MoodAlert } from '../../core/protocol/insight-events';
import type { GatewayServer } from '../gateway-types';
import type { InsightEngine } from '../insight/insight-engine';
import { staffChannel } from '../room/room-context';
import type { ServerModule } from './server-module';

/** How often the host and ops get a room's mood while it changes. */
const MOOD_INTERVAL_MS = 2000;

/** Tells this node's host and ops connections of a room's mood alerts. */
export function alertStaff(io: GatewayServer, roomId: string, alerts: MoodAlert[]): void {
  for (const a of alerts) io.local.to(staffChannel(roomId)).to('ops').emit('insight:alert', a);
}

export function insightModule(insight: InsightEngine): ServerModule {
  return {
    name: 'insight',
    attach({ io, bus }) {
      const subscriptions = [
        // This node counted its own comments when it analysed them.
        bus.onAnyNode('comment:accepted', ({ roomId, comment: c }, { fromPeer }) => {
          if (!fromPeer || !c.x) return;
          return insight
            .count(roomId, c.x, c.text, c.k === 'h')
            .then((alerts) => alertStaff(io, roomId, alerts));
        }),
        bus.on('product:changed', ({ roomId }) => insight.productsChanged(roomId)),
        bus.onAnyNode('room:ended', ({ roomId }) => insight.release(roomId)),
      ];
      const moodTimer = setInterval(() => {
        for (const mood of insight.changedSnapshots()) {
          io.local.to(staffChannel(mood.roomId)).to('ops').emit('insight:mood', mood);
        }
      }, MOOD_INTERVAL_MS);
      moodTimer.unref?.();

      return {
        onConnection(access) {
          access.on('insight:get', ({ roomId }) => {
            access.staff(roomId);
            return insight.snapshot(roomId);
          });
        },
        sweepIdle: (idleMs) => void insight.releaseIdle(idleMs),
        stats: () => ({ insightRooms: insight.size }),
        close() {
          clearInterval(moodTimer);
          subscriptions.forEach((unsubscribe) => unsubscribe());
        },
      };
    },
  };
}
