// Child process of the replay bench (replay-bench.ts): the real backend over the SQLite file the bench loaded
// the stream into (argv[2]), with live video (one mediasoup worker) and the recorder writing under a temp
// LIVEBRIDGE_RECORDINGS, serving the built renderer so /replay is the real page. Prints
// `URL <url> HOST <token> OPS <token> ANALYST <token>` once listening. Answers the bench over IPC with the
// CPU seconds a room's recorder has used (RecordingsApi.cpuSeconds) and the longest its event loop was
// blocked since the last question; exits on SIGTERM/SIGINT or when the
// bench goes away.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startBackend } from '../../server/backend';
import type { RecordingsApi } from '../../server/media-out/recording-api';
import { sfuConfigFromEnv } from '../../server/sfu/sfu-config';
import { createLogger } from '../../server/log';
import { RENDERER_OUT } from '../../scripts/lib/paths';

const sqliteFile = process.argv[2];
if (!sqliteFile) throw new Error('usage: replay-bench-server.ts SQLITE_FILE');

const backend = await startBackend({
  sqliteFile,
  // Warnings and errors (a replay not built, a recorder that died) go to stderr, which the bench shows.
  logger: createLogger('replay-bench-backend', process.env.BENCH_BACKEND_LOG ?? 'warn'),
  host: '127.0.0.1',
  rendererDir: RENDERER_OUT,
  media: { ...sfuConfigFromEnv(), numWorkers: 1 },
});
const token = (role: 'host' | 'ops' | 'analyst') => backend.issueToken({ role });
process.stdout.write(
  `URL ${backend.url} HOST ${token('host')} OPS ${token('ops')} ANALYST ${token('analyst')}\n`,
);

// How long the event loop was held up (a long synchronous build blocks every connection of this backend).
const lag = monitorEventLoopDelay({ resolution: 20 });
lag.enable();

process.on('message', (m: { t: 'cpu'; roomId: string } | { t: 'lag' }) => {
  if (m?.t === 'cpu') {
    const api: RecordingsApi = backend.recordings;
    process.send?.({ t: 'cpu', cpuSeconds: api.cpuSeconds(m.roomId), status: api.status(m.roomId) });
  } else if (m?.t === 'lag') {
    process.send?.({ t: 'lag', maxMs: lag.max / 1e6, p99Ms: lag.percentile(99) / 1e6 });
    lag.reset();
  }
});

const stop = () => void backend.close().finally(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('disconnect', () => process.exit(0));
