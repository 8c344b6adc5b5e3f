// Child process of the ops bench: the real backend (http pages, socket.io gateway, SQLite in a temp dir, no
// media) serving the built renderer, so /dashboard is the real board. Prints
// `URL <url> HOST <host token> OPS <ops token>` once listening; exits on SIGTERM/SIGINT or when the bench
// (its parent) goes away.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackend } from '../../server/backend';
import { RENDERER_OUT } from '../../scripts/lib/paths';
import { quietLogger } from '../support/quiet-logger';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-ops-bench-'));
const backend = await startBackend({
  sqliteFile: path.join(dir, 'bench.sqlite'),
  logger: quietLogger,
  media: false,
  host: '127.0.0.1',
  rendererDir: RENDERER_OUT,
});
const host = backend.issueToken({ role: 'host' });
const ops = backend.issueToken({ role: 'ops' });
process.stdout.write(`URL ${backend.url} HOST ${host} OPS ${ops}\n`);
const stop = () => void backend.close().finally(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('disconnect', () => process.exit(0));
// The bench asks for the live heap after a full collection (node runs with --expose-gc).
process.on('message', (m) => {
  if (m !== 'heap') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.({ heapUsed: process.memoryUsage().heapUsed });
});
