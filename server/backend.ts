// The backend: HTTP (health, the viewer, dashboard and replay pages, the replay's files) and the socket.io
// gateway on one port, over the store chosen by DATABASE_URL, with the Redis adapter when REDIS_URL is set.
// Live streams are recorded (server/media-out) for their replay (server/replay).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';
import { Server } from 'socket.io';
import type { TokenClaims } from '../core/protocol/socket-events';
import { buildCsp } from '../core/security/csp';
import { attachGateway, type Gateway, type GatewayServer } from './gateway';
import { createLogger, type Logger } from './log';
import type { RecordingsApi } from './media-out/recording-api';
import type { MultistreamsOptions } from './multistream/multistreams';
import { Recordings, recordingSettingsFromEnv, type RecordingSettings } from './media-out/recordings';
import { RoomBus } from './modules/room-bus';
import { handleReplayHttp } from './replay/http-routes';
import { ReplayReads } from './replay/replay-reads';
import { ReplayService } from './replay/replay-service';
import { ReplayTickets } from './replay/tickets';
import { newSecret, signToken } from './auth/tokens';
import { Identities } from './auth/viewer-identity';
import { TestPaymentProvider, type PaymentProvider } from './room/payments';
import type { SentimentFn } from './insight/insight-engine';
import { loadSentiment } from './insight/sentiment';
import type { CapacityLimits } from './sfu/capacity';
import { Sfu } from './sfu/sfu';
import { sfuConfigFromEnv, type SfuConfig } from './sfu/sfu-config';
import { openStore, type StudioStore } from './store/store';

export const SERVER_PAGES = ['viewer', 'dashboard', 'replay'] as const;

export interface BackendOptions {
  port?: number;
  host?: string;
  databaseUrl?: string | undefined;
  redisUrl?: string | undefined;
  /**
   * The Redis channels' prefix: gateway nodes with the same one are one cluster (default REDIS_KEY, else
   * socket.io's 'socket.io'). Deployments sharing one Redis, or test workers running side by side, differ.
   */
  redisKey?: string | undefined;
  sqliteFile: string;
  rendererDir?: string;
  logger?: Logger;
  /** mediasoup settings (default: from MEDIASOUP_* env); false runs without live video. */
  media?: SfuConfig | false;
  payments?: PaymentProvider;
  /** Signs and checks role tokens; default LIVEBRIDGE_TOKEN_SECRET, else a fresh one per process. */
  tokenSecret?: string;
  /** Comment sentiment and language; default the shipped model in assets/models/sentiment. */
  sentiment?: SentimentFn;
  /** Caps per person and per room (sockets, transports, consumers); default DEFAULT_CAPACITY. */
  limits?: CapacityLimits;
  /** Room media and mood idle this long are released (default 10 min). */
  idleMs?: number;
  /**
   * Recording for replay; what is not given comes from LIVEBRIDGE_RECORDING (off), LIVEBRIDGE_RECORDINGS
   * (default: recordings/ beside the SQLite file; a fresh temporary folder for ':memory:'),
   * LIVEBRIDGE_RECORDINGS_RETENTION_DAYS (30) and LIVEBRIDGE_FFMPEG.
   */
  recording?: Partial<RecordingSettings>;
  /** What the replay reads instead of this backend's own recordings (tests stand in a recorder). */
  replayRecordings?: RecordingsApi;
  /** Multistream over RTMP: FFmpeg's path (default LIVEBRIDGE_FFMPEG), how long to wait for media. */
  multistream?: MultistreamsOptions;
}

export interface Backend {
  url: string;
  port: number;
  store: StudioStore;
  io: GatewayServer;
  /** The SFU, or the reason live video is unavailable. */
  sfu: Sfu | string;
  /** Issues a signed token for a role (viewer tokens name their room). */
  issueToken(claims: Omit<TokenClaims, 'v' | 'exp'>): string;
  /** Verifies tokens, issues viewer identities, derives author handles. */
  identities: Identities;
  /** Replays: their state and build (tests wait on `settled`). */
  replay: ReplayService;
  /** What the gateway holds for rooms now, and its idle sweep. */
  gateway: Pick<Gateway, 'stats' | 'sweepIdle'>;
  /** The room event bus (what the modules tell each other; tests listen and stand in for a module). */
  bus: RoomBus;
  /** The recordings (status `off` with its reason when FFmpeg is absent or recording is turned off). */
  recordings: Recordings;
  close(): Promise<void>;
}

export async function startBackend(options: BackendOptions): Promise<Backend> {
  const log = options.logger ?? createLogger('backend');
  const store = await openStore({ databaseUrl: options.databaseUrl, sqliteFile: options.sqliteFile });
  await store.migrate();

  const secret = options.tokenSecret ?? process.env.LIVEBRIDGE_TOKEN_SECRET ?? newSecret();
  // An in-memory database keeps nothing: its recordings go to a temporary folder, removed at close.
  const tempDir =
    options.sqliteFile === ':memory:' ? mkdtempSync(path.join(os.tmpdir(), 'livebridge-data-')) : null;
  const dataDir = tempDir ?? path.dirname(path.resolve(options.sqliteFile));
  const recordings = await Recordings.create(
    { ...recordingSettingsFromEnv(dataDir), ...options.recording },
    store,
    log,
  );
  const tickets = new ReplayTickets(secret);
  // The service needs socket.io (it tells watchers), which needs the HTTP server: set once both exist.
  let replay: { service: ReplayService; reads: ReplayReads } | null = null;

  const rendererDir = options.rendererDir;
  const pages = rendererDir && existsSync(rendererDir) ? sirv(rendererDir, { dev: false, etag: true }) : null;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://backend');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, store: store.kind }));
      return;
    }
    if (url.pathname.startsWith('/socket.io/')) return; // handled by socket.io
    if (replay && handleReplayHttp({ tickets, reads: replay.reads, log }, req, res, url)) return;
    res.setHeader('Content-Security-Policy', buildCsp());
    res.setHeader('Referrer-Policy', 'no-referrer');
    const page = SERVER_PAGES.find((p) => url.pathname === `/${p}`);
    if (page) req.url = `/${page}.html`;
    if (!pages) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    pages(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    });
  });

  const io: GatewayServer = new Server(server, {
    maxHttpBufferSize: 64 * 1024,
    // The studio page (another local origin in browser mode) may talk to its backend.
    cors: { origin: true },
  });
  let redisClients: { quit(): Promise<unknown> }[] = [];
  if (options.redisUrl) {
    const [{ createClient }, { createAdapter }] = await Promise.all([
      import('redis'),
      import('@socket.io/redis-adapter'),
    ]);
    const pub = createClient({ url: options.redisUrl });
    const sub = pub.duplicate();
    pub.on('error', (err: Error) => log.error({ err: err.message }, 'redis error'));
    sub.on('error', (err: Error) => log.error({ err: err.message }, 'redis error'));
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub, { key: options.redisKey ?? process.env.REDIS_KEY ?? 'socket.io' }));
    redisClients = [pub, sub];
  }
  const bus = new RoomBus(log);
  let sfu: Sfu | string = 'disabled by configuration';
  if (options.media !== false) {
    try {
      sfu = await Sfu.create(
        options.media ?? sfuConfigFromEnv(),
        {
          producerClosed: (roomId, producerId) => void bus.emit('producer:closed', { roomId, producerId }),
          mediaReset: (roomId, reason) => io.to(roomId).emit('media:reset', { roomId, reason }),
        },
        log,
        options.limits,
      );
    } catch (error) {
      sfu = `the mediasoup worker could not start (${(error as Error).message}); run npm run setup:mediasoup`;
      log.warn({ err: (error as Error).message }, 'live video unavailable');
    }
  }
  const identities = new Identities(secret);
  const recorded = options.replayRecordings ?? recordings;
  const service = new ReplayService({ repo: store, recordings: recorded, tickets, log, io });
  replay = { service, reads: new ReplayReads({ repo: store, recordings: recorded, tickets, service }) };
  const gateway = attachGateway(io, {
    replay,
    repo: store,
    log,
    sfu: () => sfu,
    bus,
    payments: options.payments ?? new TestPaymentProvider(),
    sentiment: options.sentiment ?? (await loadSentiment(log)),
    identities,
    clustered: Boolean(options.redisUrl),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.idleMs !== undefined ? { idleMs: options.idleMs } : {}),
    recordings,
    ...(options.multistream ? { multistream: options.multistream } : {}),
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const displayHost =
    (options.host ?? '127.0.0.1') === '0.0.0.0' ? '127.0.0.1' : (options.host ?? '127.0.0.1');

  let closing: Promise<void> | null = null;
  return {
    url: `http://${displayHost}:${port}`,
    port,
    store,
    io,
    get sfu() {
      return sfu;
    },
    issueToken: (claims) => signToken(secret, claims),
    identities,
    replay: service,
    gateway,
    bus,
    recordings,
    close() {
      closing ??= (async () => {
        await gateway.close();
        await recordings.close();
        io.disconnectSockets(true);
        if (typeof sfu !== 'string') sfu.close();
        await new Promise<void>((resolve) => {
          io.close(() => resolve());
          server.closeAllConnections();
        });
        await Promise.all(redisClients.map((c) => c.quit().catch(() => undefined)));
        await store.close();
        if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

export function defaultSqliteFile(userDataDir: string): string {
  return path.join(userDataDir, 'livebridge.sqlite');
}
