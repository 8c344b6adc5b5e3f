// Who a connection is: its handshake token is checked before the connection exists (viewers opening a room's
// link are issued an identity), and one viewer holds at most `socketsPerIdentity` connections on a node
// (their oldest is closed). Staff (host, ops, analyst) are not capped per person: a host's studio, its
// captions link and its replay and dashboard tabs share the host token's subject. Nothing a client sends later can change who it is.
import { HandshakeAuthSchema } from '../../core/protocol/socket-events';
import { LIMITS, TokenBucket } from '../room/rate-limit';
import { IdentitySockets } from '../sfu/capacity';
import type { ServerModule } from './server-module';

export const identityModule: ServerModule = {
  name: 'identity',
  attach({ io, identities, config }) {
    const { limits } = config;
    const socketsOf = new IdentitySockets(limits.socketsPerIdentity);

    io.use((socket, next) => {
      const parsed = HandshakeAuthSchema.safeParse(socket.handshake.auth);
      const claims = parsed.success ? identities.verify(parsed.data.token) : null;
      if (!parsed.success || !claims) {
        next(new Error('unauthenticated: a valid token signed by this backend is required'));
        return;
      }
      const { sub, issued } = identities.connection(claims, socket.id);
      socket.data.identity = { role: claims.role, room: claims.room ?? null, sub };
      const handle = claims.room ? identities.handle(claims.room, sub) : sub;
      socket.data.displayName = parsed.data.clientName?.trim() || `Viewer ${handle.slice(-4)}`;
      socket.data.joined = new Set();
      socket.data.hostOf = new Set();
      socket.data.buckets = {
        events: new TokenBucket(LIMITS.events.perSecond, LIMITS.events.burst),
        comments: new TokenBucket(LIMITS.comments.perSecond, LIMITS.comments.burst),
        orders: new TokenBucket(LIMITS.orders.perSecond, LIMITS.orders.burst),
      };
      if (issued) socket.data.issued = issued;
      next();
    });

    return {
      onConnection({ socket, on }) {
        const capped = socket.data.identity.role === 'viewer';
        const person = `${socket.data.identity.role}:${socket.data.identity.sub}`;
        for (const old of capped ? socketsOf.add(person, socket.id) : []) {
          const stale = io.sockets.sockets.get(old);
          stale?.emit('server:error', {
            event: 'connection',
            code: 'capacity',
            message: `Closed: the same viewer opened more than ${limits.socketsPerIdentity} connections`,
          });
          stale?.disconnect(true);
        }
        if (socket.data.issued) socket.emit('session:identity', socket.data.issued);
        if (socket.data.identity.role === 'ops') void socket.join('ops');
        on('server:ping', () => ({ serverTime: Date.now() }));
        return () => (capped ? socketsOf.remove(person, socket.id) : undefined);
      },
      stats: () => ({ identitiesConnected: socketsOf.size }),
    };
  },
};
