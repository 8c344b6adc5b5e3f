// `npm run server`: the backend alone. --port (default 8787), DATABASE_URL (PostgreSQL; SQLite otherwise),
// REDIS_URL (socket.io Redis adapter), HOST (default 127.0.0.1; 0.0.0.0 to serve a network).
// --issue-token host|ops prints a signed token for a studio (--host-token) or an ops dashboard and exits.
import { parseArgs } from 'node:util';
import { defaultUserDataDir } from '../main/user-data';
import { tokenSecret } from '../server/auth/secret-file';
import { signToken } from '../server/auth/tokens';
import { defaultSqliteFile, startBackend } from '../server/backend';
import { buildRenderer } from './lib/build';
import { RENDERER_OUT } from './lib/paths';

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, 'issue-token': { type: 'string' } },
});
const dataDir = values['data-dir'] ?? defaultUserDataDir();
const secret = tokenSecret(dataDir);
if (values['issue-token'] !== undefined) {
  const role = values['issue-token'];
  if (role !== 'host' && role !== 'ops') {
    process.stderr.write('LiveBridge server: --issue-token takes host or ops\n');
    process.exit(2);
  }
  process.stdout.write(`${signToken(secret, { role })}\n`);
  process.exit(0);
}
const port = Number(values.port ?? process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`LiveBridge server: --port must be 0-65535\n`);
  process.exit(2);
}
await buildRenderer();
const backend = await startBackend({
  port,
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
