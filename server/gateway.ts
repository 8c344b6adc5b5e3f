// The socket.io gateway: the list of modules that serve a connection (server/modules), each owning one
// concern, and the room event bus they talk over. Every event payload is validated with its schema in
// core/protocol and answered through the ack with a typed Result (server/events.ts): a malformed event costs
// its sender an error answer and nothing else.
import type { GatewayServer } from './gateway-types';
import { OpsAlerts } from './alerts/ops-alerts';
import type { Identities } from './auth/viewer-identity';
import { InsightEngine, type SentimentFn } from './insight/insight-engine';
import type { Logger } from './log';
import type { MultistreamsOptions } from './multistream/multistreams';
import type { Recordings } from './media-out/recordings';
import { alertsModule } from './modules/alerts';
import { analyticsModule } from './modules/analytics';
import { captionsModule } from './modules/captions';
import { commentsModule } from './modules/comments';
import { identityModule } from './modules/identity';
import { insightModule } from './modules/insight';
import { MediaRooms, mediaModule } from './modules/media';
import { moderationModule } from './modules/moderation';
import { multistreamModule } from './modules/multistream';
import { notesModule } from './modules/notes';
import { pitchModule } from './modules/pitch';
import { complianceModule } from './modules/compliance';
import { ordersModule } from './modules/orders';
import { outboxModule } from './modules/outbox';
import { productsModule } from './modules/products';
import { replayModule } from './modules/replay';
import { recordingModule } from './modules/recording';
import { RoomBus } from './modules/room-bus';
import { roomsModule } from './modules/rooms';
import { startModules, type ModuleHost } from './modules/server-module';
import { ModerationCache } from './room/moderation';
import type { PaymentProvider } from './room/payments';
import type { ReplayReads } from './replay/replay-reads';
import type { ReplayService } from './replay/replay-service';
import { DEFAULT_CAPACITY, type CapacityLimits } from './sfu/capacity';
import type { Sfu } from './sfu/sfu';
import type { StudioStore } from './store/store';

export type { GatewayServer } from './gateway-types';
export type { GatewayStats } from './modules/server-module';

export interface GatewayOptions {
  repo: StudioStore;
  log: Logger;
  /** The SFU, or why there is none (e.g. the mediasoup worker is not installed). */
  sfu: () => Sfu | string;
  payments: PaymentProvider;
  /** Verifies tokens, issues viewer identities and link tokens, derives author handles. */
  identities: Identities;
  /** Sentiment and language of a comment (the shipped model, unless a test gives another). */
  sentiment: SentimentFn;
  /** Replays of finished streams (server/replay): built by the backend, which also serves their files. */
  replay: { service: ReplayService; reads: ReplayReads };
  /** The room event bus (the backend's, which the SFU also reports to); default a new one. */
  bus?: RoomBus;
  /** True when other gateway nodes share the rooms (the Redis adapter): they are told what changed. */
  clustered?: boolean;
  limits?: CapacityLimits;
  /** A room's media and mood with no activity for this long are released (default 10 min). */
  idleMs?: number;
  /** The backend's recordings (server/media-out); none: nothing is recorded. */
  recordings?: Recordings;
  /** Multistream to other platforms over RTMP (FFmpeg's path, the wait for media). */
  multistream?: MultistreamsOptions;
}

const IDLE_MS = 10 * 60_000;

export type Gateway = ModuleHost;

export function attachGateway(io: GatewayServer, options: GatewayOptions): Gateway {
  const { repo, log } = options;
  const bus = options.bus ?? new RoomBus(log);
  const clustered = Boolean(options.clustered);
  if (clustered) {
    bus.relayTo((e) => io.serverSideEmit('room:bus', e));
    io.on('room:bus', (e) => void bus.receive(e));
  }
  // Shared by the modules that need them: the node's caches of room rules and room mood, its SFU rooms.
  const moderation = new ModerationCache(repo);
  const insight = new InsightEngine(repo.products, options.sentiment);
  const media = new MediaRooms(options.sfu);
  // Read by the ops views (board tiles, one room): alerts, notes and the latest stream health.
  const opsAlerts = new OpsAlerts(repo);

  return startModules(
    {
      io,
      repo,
      bus,
      identities: options.identities,
      log,
      config: { clustered, limits: options.limits ?? DEFAULT_CAPACITY, idleMs: options.idleMs ?? IDLE_MS },
    },
    [
      identityModule,
      roomsModule({ media, moderation }),
      mediaModule(media),
      commentsModule({ moderation, insight }),
      moderationModule(moderation),
      insightModule(insight),
      productsModule,
      ordersModule({ moderation, payments: options.payments }),
      outboxModule({ moderation, payments: options.payments }),
      captionsModule,
      alertsModule(opsAlerts),
      notesModule,
      pitchModule,
      complianceModule(),
      analyticsModule({ insight, sources: opsAlerts }),
      replayModule(options.replay),
      multistreamModule({ media, options: options.multistream }),
      ...(options.recordings ? [recordingModule({ media, recordings: options.recordings })] : []),
    ],
  );
}
