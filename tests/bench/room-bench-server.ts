// Child process of the room bench: the real backend (http + socket.io gateway, SQLite in a temp dir, no
// media) on a loopback port. Prints `URL <url> [TOKEN <host token>]` once listening; exits on SIGTERM/SIGINT or when the bench
// (its parent) goes away.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackend } from '../../server/backend';
import { quietLogger } from '../support/quiet-logger';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-room-bench-'));
const backend = await startBackend({
  sqliteFile: path.join(dir, 'bench.sqlite'),
  logger: quietLogger,
  media: false,
  host: '127.0.0.1',
});
// Connections present a token signed by the backend (when it checks them): the bench's host gets one here.
const issue = (backend as { issueToken?: (claims: { role: 'host' }) => string }).issueToken;
process.stdout.write(`URL ${backend.url}${issue ? ` TOKEN ${issue({ role: 'host' })}` : ''}\n`);
const stop = () => void backend.close().finally(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('disconnect', () => process.exit(0));
