// Compliance guard: the host's own words checked per market of the stream (server/compliance/compliance-guard.ts).
// Its source captions (partials and finals, before translation), its product titles when saved and its own
// comments; each flagged sentence is stored as a violation event and sent to the room's host and the ops
// watching it ('compliance:violation', never to viewers), and told on the bus for alerts and the board.
import type { CompliancePacks } from '../../core/compliance';
import { opsRoomChannel } from '../analytics/ops-board';
import { ComplianceGuard } from '../compliance/compliance-guard';
import { loadPacks } from '../compliance/pack-files';
import { staffChannel } from '../room/room-context';
import type { ServerModule } from './server-module';

export function complianceModule(options: { packs?: CompliancePacks } = {}): ServerModule {
  return {
    name: 'compliance',
    attach({ io, repo, bus, log }) {
      let packs = options.packs;
      if (!packs) {
        const loaded = loadPacks();
        for (const error of loaded.errors)
          log.warn({ file: error.file, err: error.message }, 'compliance: rule pack not loaded');
        packs = loaded.packs;
      }
      const staff = (roomId: string) => io.to(staffChannel(roomId)).to(opsRoomChannel(roomId));
      const guard = new ComplianceGuard({
        repo,
        packs,
        log,
        sendViolation: (violation) => {
          staff(violation.roomId).emit('compliance:violation', violation);
          void bus.emit('compliance:violation', { roomId: violation.roomId, violation });
        },
        // Every node follows every room's viewers: each tells only its own connections.
        sendMarkets: (markets) =>
          io.local
            .to(staffChannel(markets.roomId))
            .to(opsRoomChannel(markets.roomId))
            .emit('compliance:markets', markets),
      });
      const checked = (roomId: string, what: string) => (error: unknown) =>
        log.warn({ roomId, what, err: String(error) }, 'compliance: not checked');
      const subscriptions = [
        bus.on('caption:published', ({ roomId, captions }) => {
          for (const c of captions)
            if (c.source)
              guard.check(roomId, 'caption', c.id, c.lang, c.text).catch(checked(roomId, 'caption'));
        }),
        bus.on('product:changed', ({ roomId, product }) => {
          for (const [lang, title] of Object.entries(product.titles))
            guard.check(roomId, 'product', product.id, lang, title).catch(checked(roomId, 'product'));
        }),
        bus.on('comment:accepted', ({ roomId, comment }) => {
          if (comment.k === 'h')
            guard
              .check(roomId, 'comment', comment.id, comment.x?.lang ?? 'und', comment.text)
              .catch(checked(roomId, 'comment'));
        }),
        bus.onAnyNode('analytics:facts', ({ facts }) => guard.facts(facts)),
        bus.onAnyNode('room:ended', ({ roomId }) => guard.end(roomId)),
      ];
      return {
        onConnection(access) {
          access.on('compliance:list', async ({ roomId }) => {
            access.staff(roomId);
            return repo.compliance.ofRoom(roomId);
          });
          access.on('compliance:ack', async ({ roomId, violationId }) => {
            access.hosting(roomId);
            return guard.acknowledge(roomId, violationId);
          });
          access.on('compliance:markets', async ({ roomId }) => {
            access.staff(roomId);
            return guard.markets(roomId);
          });
          access.on('compliance:markets:set', async (patch) => {
            access.hosting(patch.roomId);
            return guard.setMarkets(patch);
          });
        },
        stats: () => ({ complianceRooms: guard.size }),
        close() {
          subscriptions.forEach((unsubscribe) => unsubscribe());
          guard.close();
        },
      };
    },
  };
}
