// The contract of a gateway module, and the host that runs a list of them. A module owns one concern (rooms,
// comments, orders, media...): it is attached once per gateway node with the small context below, binds its
// handlers to each connection, subscribes to the room bus, and releases what it holds in `close()`.
import type { Identities } from '../auth/viewer-identity';
import { eventBinder } from '../events';
import type { GatewayServer, GatewaySocket } from '../gateway-types';
import type { Logger } from '../log';
import { SocketAccess } from '../room/room-context';
import type { CapacityLimits } from '../sfu/capacity';
import type { StudioStore } from '../store/store';
import type { Disposer, RoomBus } from './room-bus';

export type { Disposer } from './room-bus';

export interface GatewayConfig {
  /** True when other gateway nodes share the rooms (the Redis adapter). */
  clustered: boolean;
  limits: CapacityLimits;
  /** A room's media and mood with no activity for this long are released. */
  idleMs: number;
}

/** What every module may use. Anything more (another module's cache, the SFU) is given to its factory. */
export interface ModuleContext {
  io: GatewayServer;
  repo: StudioStore;
  bus: RoomBus;
  identities: Identities;
  log: Logger;
  config: GatewayConfig;
}

/** What this node holds for rooms now: what a room's end or the idle sweep should bring back to zero. */
export interface GatewayStats {
  mediaRooms: number;
  routers: number;
  insightRooms: number;
  moderationRooms: number;
  hostPresence: number;
  commentRooms: number;
  identitiesConnected: number;
  analyticsRooms: number;
  /** Rooms the alert rules hold state for (health streak, last minute's mood, video). */
  alertRooms: number;
  /** Rooms pitch next holds signals for. */
  pitchRooms: number;
  /** Rooms the compliance guard follows. */
  complianceRooms: number;
  /** Rooms sending their stream on to other platforms (server/multistream). */
  multistreamRooms: number;
}

export interface AttachedModule {
  /** Binds the module's handlers to a new connection; what it returns runs when the connection closes. */
  onConnection?(connection: SocketAccess): void | Disposer;
  /** Releases rooms idle for `idleMs`. */
  sweepIdle?(idleMs: number): Promise<void> | void;
  stats?(): Partial<GatewayStats>;
  /** Stops timers and flushes what is pending. Called once, on shutdown. */
  close?(): Promise<void> | void;
}

export interface ServerModule {
  readonly name: string;
  attach(ctx: ModuleContext): AttachedModule;
}

export interface ModuleHost {
  stats(): GatewayStats;
  /** Releases rooms idle for `idleMs` (default: the config's) now; it also runs on a timer. */
  sweepIdle(idleMs?: number): Promise<void>;
  /** Closes every module, last attached first. Safe to call twice. */
  close(): Promise<void>;
}

const NO_STATS: GatewayStats = {
  mediaRooms: 0,
  routers: 0,
  insightRooms: 0,
  moderationRooms: 0,
  hostPresence: 0,
  commentRooms: 0,
  identitiesConnected: 0,
  analyticsRooms: 0,
  alertRooms: 0,
  pitchRooms: 0,
  complianceRooms: 0,
  multistreamRooms: 0,
};

/** Attaches the modules in order; each connection is offered to them in the same order. */
export function startModules(ctx: ModuleContext, modules: readonly ServerModule[]): ModuleHost {
  const { io, log } = ctx;
  const attached = modules.map((m) => ({ name: m.name, instance: m.attach(ctx) }));

  const onConnection = (socket: GatewaySocket) => {
    const access = new SocketAccess(socket, eventBinder(socket, log), ctx.identities);
    const disposers: { name: string; dispose: Disposer }[] = [];
    for (const { name, instance } of attached) {
      try {
        const dispose = instance.onConnection?.(access);
        if (dispose) disposers.push({ name, dispose });
      } catch (error) {
        // A connection half bound is worse than none: the client reconnects.
        log.error({ module: name, err: String(error) }, 'module refused a connection');
        socket.disconnect(true);
        break;
      }
    }
    socket.on('disconnect', () => {
      for (const { name, dispose } of disposers) {
        try {
          dispose();
        } catch (error) {
          log.error({ module: name, err: String(error) }, 'module failed to release a connection');
        }
      }
    });
  };
  io.on('connection', onConnection);

  const sweepIdle = async (idleMs = ctx.config.idleMs) => {
    for (const { name, instance } of attached) {
      try {
        await instance.sweepIdle?.(idleMs);
      } catch (error) {
        log.warn({ module: name, err: String(error) }, 'idle sweep failed');
      }
    }
  };
  const idleTimer = setInterval(() => void sweepIdle(), Math.min(60_000, ctx.config.idleMs));
  idleTimer.unref?.();

  let closing: Promise<void> | null = null;
  return {
    stats: () => Object.assign({ ...NO_STATS }, ...attached.map(({ instance }) => instance.stats?.() ?? {})),
    sweepIdle,
    close() {
      closing ??= (async () => {
        clearInterval(idleTimer);
        io.off('connection', onConnection);
        for (const { name, instance } of [...attached].reverse()) {
          try {
            await instance.close?.();
          } catch (error) {
            log.error({ module: name, err: String(error) }, 'module failed to close');
          }
        }
      })();
      return closing;
    },
  };
}
