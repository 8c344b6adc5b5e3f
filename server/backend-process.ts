// The embedded backend as its own process: the desktop app forks this file in an Electron utility process
// (electron/backend-lifecycle.ts), so the backend never runs on the main thread. It listens on 127.0.0.1
// only, keeps SQLite in the user data folder, signs this launch's host and ops tokens with the data
// folder's token secret (the same secret file and tokens as `npm start`), posts them with its port over the
// parent port, and closes on a `stop` message or when the parent goes away.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BACKEND_ARGS, ToBackendSchema, type FromBackend } from '../core/protocol/backend-process';
import { hostSubject, tokenSecret } from './auth/secret-file';
import { defaultSqliteFile, startBackend, type Backend } from './backend';
import { createLogger } from './log';

/** Electron's `process.parentPort` in a utility process (tests stand it in over child_process IPC). */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** How often the backend checks that the app that started it is still its parent. */
const PARENT_CHECK_MS = 1000;

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const log = createLogger('backend-process');

function post(message: FromBackend): void {
  parentPort?.postMessage(message);
}

function parse(argv: string[]): { dataDir: string; port: number; rendererDir: string | undefined } {
  const { values } = parseArgs({
    args: argv,
    options: {
      [BACKEND_ARGS.dataDir.slice(2)]: { type: 'string' },
      [BACKEND_ARGS.port.slice(2)]: { type: 'string' },
      [BACKEND_ARGS.rendererDir.slice(2)]: { type: 'string' },
    },
    strict: true,
  });
  const dataDir = values['data-dir'];
  if (typeof dataDir !== 'string' || !dataDir) throw new Error(`${BACKEND_ARGS.dataDir} is required`);
  const port = Number(values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad ${BACKEND_ARGS.port}`);
  const rendererDir = values['renderer-dir'];
  return {
    dataDir: path.resolve(dataDir),
    port,
    rendererDir: typeof rendererDir === 'string' ? rendererDir : undefined,
  };
}

let backend: Backend | null = null;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    try {
      await backend?.close();
    } catch (error) {
      log.error({ err: (error as Error).message }, 'error while closing the embedded backend');
    }
  }
  process.exit(code);
}

async function main(): Promise<void> {
  if (!parentPort)
    throw new Error('backend-process runs only as a child of the desktop app (no parent port)');
  parentPort.on('message', ({ data }) => {
    const message = ToBackendSchema.safeParse(data);
    if (!message.success) {
      log.warn({ issues: message.error.issues.length }, 'unknown message from the main process ignored');
      return;
    }
    if (message.data.type === 'stop') void stop(0);
  });
  // The app went away without a stop (killed, crashed): an orphan is re-parented, and nothing else would
  // ever stop it holding the database.
  const parentPid = process.ppid;
  setInterval(() => {
    if (process.ppid !== parentPid) void stop(0);
  }, PARENT_CHECK_MS).unref();

  const { dataDir, port, rendererDir } = parse(process.argv.slice(2));
  const secret = tokenSecret(dataDir);
  backend = await startBackend({
    host: '127.0.0.1',
    port,
    sqliteFile: defaultSqliteFile(dataDir),
    tokenSecret: secret,
    ...(rendererDir ? { rendererDir } : {}),
    logger: log,
  });
  if (stopping) return;
  post({
    type: 'ready',
    port: backend.port,
    hostToken: backend.issueToken({ role: 'host', sub: hostSubject(dataDir) }),
    opsToken: backend.issueToken({ role: 'ops' }),
  });
  log.info({ port: backend.port }, 'embedded backend ready');
}

main().catch((error: Error) => {
  log.error({ err: error.message }, 'the embedded backend could not start');
  post({ type: 'error', message: error.message });
  void stop(1);
});
