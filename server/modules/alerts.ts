// Ops alerts: the studio's stream health reports come in here (host only) and go on the bus; the alert rules
// (server/alerts) hear the room bus and raise and clear stored alerts, which ops get as 'alert' (from the
// one node that changed them) and the other modules as 'alert:changed'. Ops read and set the thresholds and
// acknowledge alerts.
import { StudioError } from '../../core/protocol/result';
import { AlertBook } from '../alerts/alert-book';
import { AlertRules } from '../alerts/alert-rules';
import { requireOps, type OpsAlerts } from '../alerts/ops-alerts';
import { complianceViolation } from '../alerts/rules';
import { Thresholds } from '../alerts/thresholds';
import type { ServerModule } from './server-module';

/** How often the time-driven rules run (the last minute's mood, a live room without video). */
const TICK_MS = 1000;

export function alertsModule(view: OpsAlerts): ServerModule {
  return {
    name: 'alerts',
    attach({ io, repo, bus, log }) {
      const thresholds = new Thresholds(repo.thresholds);
      const book = new AlertBook(
        repo.alerts,
        (alert) => {
          io.to('ops').emit('alert', alert);
          void bus.emit('alert:changed', { roomId: alert.roomId, alert });
        },
        log,
      );
      const rules = new AlertRules({ book, thresholds, products: repo.products, rooms: repo.rooms });
      view.attach(rules, book);

      const subscriptions = [
        // Every node computes the same windows: the alert's id and the store make one alert of them.
        bus.on('analytics:window', ({ roomId, last, previous, at }) =>
          rules.window(roomId, last, previous, at),
        ),
        bus.onAnyNode('stream:health', ({ roomId, health, at }) => rules.health(roomId, health, at)),
        bus.onAnyNode('comment:accepted', ({ roomId, comment }) => {
          if (comment.k !== 'h' && comment.x) rules.comment(roomId, comment.x.s, comment.createdAt);
        }),
        bus.on('product:changed', ({ roomId, product }) => rules.product(roomId, product)),
        bus.on('order:changed', ({ roomId, order }) => rules.stockMoved(roomId, order.productId)),
        bus.on('room:live', ({ roomId }) => rules.live(roomId)),
        // The guard runs on the node that heard the host's words: that node raises the alert (ops everywhere
        // hear it through 'alert' and 'alert:changed'); a grown event keeps its subject, so no second alert.
        bus.on('compliance:violation', ({ roomId, violation }) =>
          book.apply(roomId, [complianceViolation(violation)]),
        ),
        bus.on('producer:opened', ({ roomId, producerId, kind }) =>
          rules.producerOpened(roomId, producerId, kind),
        ),
        bus.on('producer:closed', ({ roomId, producerId }) => rules.producerClosed(roomId, producerId)),
        bus.onAnyNode('host:joined', ({ roomId }, { fromPeer }) => {
          if (fromPeer) rules.hostElsewhere(roomId);
        }),
        bus.onAnyNode('room:ended', ({ roomId }, { fromPeer }) => {
          rules.ended(roomId);
          // The node that ended it clears its open alerts in the store; the others read them again.
          return fromPeer ? book.forget(roomId) : book.clearRoom(roomId);
        }),
        bus.onAnyNode('alert:changed', ({ roomId }, { fromPeer }) => {
          if (fromPeer) book.forget(roomId);
        }),
      ];
      const timer = setInterval(() => {
        rules.tick().catch((error: unknown) => log.error({ err: String(error) }, 'alert rules tick failed'));
      }, TICK_MS);
      timer.unref?.();

      return {
        onConnection(access) {
          const { on } = access;
          on('stream:health', (health) => {
            access.hosting(health.roomId);
            void bus.emit('stream:health', { roomId: health.roomId, health, at: Date.now() });
            return true as const;
          });
          on('ops:thresholds', ({ roomId }) => {
            requireOps(access);
            return thresholds.of(roomId);
          });
          on('ops:thresholds:set', async ({ roomId, thresholds: overrides }) => {
            requireOps(access);
            if (roomId !== null && !(await repo.rooms.get(roomId)))
              throw new StudioError('not_found', `No room ${roomId}`);
            return thresholds.set(roomId, overrides);
          });
          on('alert:ack', async ({ roomId, alertId }) => {
            const by = requireOps(access);
            const alert = await book.acknowledge(roomId, alertId, by);
            if (!alert) throw new StudioError('not_found', `No alert ${alertId} in room ${roomId}`);
            return alert;
          });
        },
        sweepIdle: (idleMs) => rules.releaseIdle(idleMs).forEach((roomId) => book.forget(roomId)),
        stats: () => ({ alertRooms: rules.size }),
        close() {
          clearInterval(timer);
          subscriptions.forEach((unsubscribe) => unsubscribe());
        },
      };
    },
  };
}
