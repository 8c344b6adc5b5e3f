// Viewer analytics and the ops board. Viewer pages report presence, product cards, caption language and
// danmaku ('analytics:track'); the room's comments, orders, pins and live changes come from the bus. Each
// becomes a fact in this node's AnalyticsHub (stored, relayed to the other nodes, rolled up into 10 s
// buckets); ops staff read the board and rooms from it ('ops:board', 'ops:room', 'ops:unroom').
import { StudioError } from '../../core/protocol/result';
import { AnalyticsHub } from '../analytics/analytics-hub';
import { RecentIds } from '../analytics/lru';
import {
  BOARD_ROOM,
  NO_SOURCES,
  OpsBoard,
  opsRoomChannel,
  type OpsRoomSources,
} from '../analytics/ops-board';
import {
  batchLang,
  commentFact,
  fromAcceptLanguage,
  isHeartbeat,
  liveFact,
  orderFact,
  pinFact,
  viewerFact,
  type ViewerStamp,
} from '../analytics/viewer-facts';
import type { InsightEngine } from '../insight/insight-engine';
import { TokenBucket } from '../room/rate-limit';
import type { SocketAccess } from '../room/room-context';
import type { ServerModule } from './server-module';

/** Viewer events one connection may report: a heartbeat every 10 s, cards and clicks, with room to spare. */
export const TRACK_LIMIT = { perSecond: 4, burst: 40 } as const;
/** Viewers' languages by room and author handle on this node: an order's language (in memory only). */
const MAX_HANDLE_LANGS = 100_000;

export function analyticsModule(deps: { insight: InsightEngine; sources?: OpsRoomSources }): ServerModule {
  return {
    name: 'analytics',
    attach({ io, repo, bus, identities, log }) {
      let board: OpsBoard | null = null;
      const hub = new AnalyticsHub({
        repo,
        bus,
        log,
        listener: {
          closed: (roomId, entry, buckets) => board?.pushClosed(roomId, entry, buckets),
          liveChanged: (roomId, entry) => {
            if (!entry.live) board?.ended(roomId);
          },
        },
      });
      board = new OpsBoard(
        io,
        hub,
        repo,
        (roomId) => deps.insight.snapshot(roomId)?.score ?? null,
        deps.sources ?? NO_SOURCES,
      );
      const hostNames = new Map<string, string>();
      const handleLangs = new Map<string, string>();
      const lastPinAt = new Map<string, number>();
      /** A pin fact strictly after the room's previous one, so pins at the same ms keep their order. */
      const pinAt = (roomId: string) => {
        const at = Math.max(hub.now(), (lastPinAt.get(roomId) ?? 0) + 1);
        lastPinAt.set(roomId, at);
        return at;
      };

      const subscriptions = [
        bus.onAnyNode('analytics:facts', ({ facts }, { fromPeer }) => {
          if (fromPeer) hub.receive(facts);
        }),
        bus.on('comment:accepted', ({ comment }) => {
          const fact = commentFact(comment);
          if (fact) hub.record(fact);
        }),
        bus.on('order:changed', ({ roomId, order }) => {
          hub.record(orderFact(order, handleLangs.get(`${roomId}\0${order.buyerId}`) ?? 'und'));
        }),
        bus.on('product:changed', ({ roomId, product }) => {
          const pinned = hub.room(roomId).state.timeline.pins().at(-1);
          const current = pinned && pinned.to === null ? pinned.productId : null;
          if (product.pinned && current !== product.id)
            hub.record(pinFact(roomId, product.id, pinAt(roomId)));
          else if (!product.pinned && current === product.id)
            hub.record(pinFact(roomId, null, pinAt(roomId)));
        }),
        bus.onAnyNode('host:joined', ({ roomId, socketId }) => {
          const name = io.sockets.sockets.get(socketId)?.data.displayName;
          if (name) hostNames.set(roomId, name);
        }),
        bus.on('room:live', ({ roomId, room }) => {
          hub.record(
            liveFact(roomId, 'start', hub.now(), {
              title: room.title,
              host: hostNames.get(roomId) ?? room.hostLanguage,
            }),
          );
        }),
        bus.on('room:ended', ({ roomId }) => {
          hub.record(liveFact(roomId, 'end', hub.now()));
          lastPinAt.delete(roomId);
        }),
        bus.onAnyNode('stream:health', ({ roomId, health, at }) => hub.health(roomId, health, at)),
        bus.onAnyNode('alert:changed', ({ roomId, alert }) => {
          hub.alert(roomId, alert);
          // Another node's guard flagged the host: its alert is the news that reaches every node.
          if (alert.kind === 'compliance') hub.countViolations(roomId);
        }),
        bus.on('compliance:violation', ({ roomId }) => hub.countViolations(roomId)),
        bus.onAnyNode('multistream:summary', ({ roomId, restream }) => hub.restream(roomId, restream)),
      ];

      const opsOnly = (access: SocketAccess) => {
        if (access.socket.data.identity.role !== 'ops')
          throw new StudioError('forbidden', 'Only operations staff may see the board');
      };

      return {
        onConnection(access) {
          const { socket, on } = access;
          const { identity } = socket.data;
          const stamp: ViewerStamp | null =
            identity.role === 'viewer' && identity.room
              ? {
                  roomId: identity.room,
                  viewer: identities.analyticsId(identity.room, identity.sub),
                  session: socket.id,
                  lang: 'und',
                  region: null,
                }
              : null;
          const accept = fromAcceptLanguage(socket.handshake.headers['accept-language']);
          if (stamp) stamp.region = accept.region;
          const handleKey = stamp ? `${stamp.roomId}\0${access.handle(stamp.roomId)}` : '';
          const limiter = new TokenBucket(TRACK_LIMIT.perSecond, TRACK_LIMIT.burst);
          const heartbeats = new RecentIds();
          let present = false;

          on('analytics:track', (input) => {
            if (!stamp) throw new StudioError('forbidden', 'Only a viewer page reports viewer analytics');
            if (input.roomId !== stamp.roomId)
              throw new StudioError('forbidden', 'This link is for another room');
            if (!limiter.take(Date.now(), input.events.length))
              throw new StudioError('rate_limited', 'Too many analytics events: slow down');
            stamp.lang = batchLang(input, accept.lang);
            if (handleLangs.size >= MAX_HANDLE_LANGS && !handleLangs.has(handleKey)) handleLangs.clear();
            handleLangs.set(handleKey, stamp.lang);
            const at = hub.now();
            let counted = 0;
            for (const event of input.events) {
              const recorded = isHeartbeat(event)
                ? heartbeats.add(event.id) && hub.record(viewerFact(stamp, event, at), false)
                : hub.record(viewerFact(stamp, event, at));
              if (!recorded) continue;
              counted += 1;
              if (event.type === 'presence') present = event.state !== 'leave';
            }
            return { counted };
          });

          on('ops:board', async () => {
            opsOnly(access);
            const tiles = await board.tiles();
            await socket.join(BOARD_ROOM);
            return tiles;
          });
          on('ops:room', async ({ roomId, since }) => {
            opsOnly(access);
            const room = await repo.rooms.get(roomId);
            if (!room) throw new StudioError('not_found', `No room ${roomId}`);
            const view = await board.roomView(roomId, since, room.status === 'ended');
            await socket.join(opsRoomChannel(roomId));
            return { ...view, title: view.title || room.title };
          });
          on('ops:unroom', async ({ roomId }) => {
            opsOnly(access);
            await socket.leave(opsRoomChannel(roomId));
            return true as const;
          });

          return () => {
            // A connection that goes away has left, whether or not its page said so.
            if (stamp && present) {
              hub.record(
                viewerFact(
                  stamp,
                  { type: 'presence', state: 'leave', id: `disconnect.${socket.id}`, t: 0 },
                  hub.now(),
                ),
              );
            }
          };
        },
        sweepIdle: (idleMs) => hub.sweep(idleMs),
        stats: () => ({ analyticsRooms: hub.rooms.size }),
        async close() {
          subscriptions.forEach((unsubscribe) => unsubscribe());
          board.close();
          await hub.close();
        },
      };
    },
  };
}
