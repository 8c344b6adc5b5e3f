// `npm run server`: the backend alone. --port (default 8787), DATABASE_URL (PostgreSQL; SQLite otherwise),
// REDIS_URL (socket.io Redis adapter), HOST (default 127.0.0.1; 0.0.0.0 to serve a network).
// --issue-token host|ops|analyst prints a signed token for a studio (--host-token), an ops dashboard or an
// analyst (replays only) and exits; for ops it also prints the dashboard link (on stderr, so that stdout stays
// the token alone), at --public-url (the address staff reach this backend at) or else this machine's --port
// and HOST. A host or analyst token names a new subject (printed on stderr), or --sub's: the same host keeps
// its subject in every token it is issued, so it replays the streams it created with any of them.
import { parseArgs } from 'node:util';
import { opsDashboardUrl } from '../core/protocol/ops-link';
import { defaultUserDataDir } from '../main/user-data';
import { tokenSecret } from '../server/auth/secret-file';
import { newSubject, signToken } from '../server/auth/tokens';
import { defaultSqliteFile, startBackend } from '../server/backend';
import { buildRenderer } from './lib/build';
import { RENDERER_OUT } from './lib/paths';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'issue-token': { type: 'string' },
    'public-url': { type: 'string' },
    sub: { type: 'string' },
  },
});
const dataDir = values['data-dir'] ?? defaultUserDataDir();
const secret = tokenSecret(dataDir);
if (values['issue-token'] !== undefined) {
  const role = values['issue-token'];
  if (role !== 'host' && role !== 'ops' && role !== 'analyst') {
    process.stderr.write('LiveBridge server: --issue-token takes host, ops or analyst\n');
    process.exit(2);
  }
  const sub = values.sub ?? (role === 'ops' ? undefined : newSubject());
  if (sub !== undefined && !/^[A-Za-z0-9_-]{8,64}$/.test(sub)) {
    process.stderr.write('LiveBridge server: --sub is 8 to 64 letters, digits, _ or -\n');
    process.exit(2);
  }
  const token = signToken(secret, { role, ...(sub ? { sub } : {}) });
  if (sub) process.stderr.write(`Subject: ${sub}\n`);
  if (role === 'ops') {
    let base = values['public-url'] ?? `http://${localHost()}:${port()}`;
    try {
      base = new URL(base).origin;
    } catch {
      process.stderr.write(`LiveBridge server: --public-url must be a URL, got ${base}\n`);
      process.exit(2);
    }
    process.stderr.write(`Ops dashboard: ${opsDashboardUrl(base, token)}\n`);
  }
  process.stdout.write(`${token}\n`);
  process.exit(0);
}

function port(): number {
  const value = Number(values.port ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    process.stderr.write(`LiveBridge server: --port must be 0-65535\n`);
    process.exit(2);
  }
  return value;
}

/** Where this machine reaches the backend: HOST, with 0.0.0.0 (every interface) as loopback. */
function localHost(): string {
  const host = process.env.HOST ?? '127.0.0.1';
  return host === '0.0.0.0' ? '127.0.0.1' : host;
}

await buildRenderer();
const backend = await startBackend({
  port: port(),
  host: process.env.HOST ?? '127.0.0.1',
  databaseUrl: process.env.DATABASE_URL,
  redisUrl: process.env.REDIS_URL,
  sqliteFile: defaultSqliteFile(dataDir),
  tokenSecret: secret,
  rendererDir: RENDERER_OUT,
}).catch((error: Error) => {
  process.stderr.write(`LiveBridge server: could not start: ${error.message}\n`);
  process.exit(1);
});
process.stdout.write(`LiveBridge server: ${backend.url} (store: ${backend.store.kind})\n`);
const stop = () => void backend.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
