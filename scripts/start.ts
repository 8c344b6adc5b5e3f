// `npm start`: the embedded backend (or --server URL), the studio host, then the studio window: Electron when
// its binary and a display exist, otherwise browser mode. Ctrl-C closes everything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBrowserHost, type BrowserHost } from '../main/browser-bridge/bridge-server';
import { StudioHost } from '../main/studio-host';
import { defaultUserDataDir } from '../main/user-data';
import { hostSubject, tokenSecret } from '../server/auth/secret-file';
import { defaultSqliteFile, startBackend, type Backend } from '../server/backend';
import { buildElectron, buildRenderer } from './lib/build';
import { embeddedTokens } from './lib/embedded-tokens';
import { electronUnavailableReason, findElectronBinary } from './lib/electron-binary';
import { openInBrowser } from './lib/open-browser';
import { ELECTRON_OUT, RENDERER_OUT, ROOT } from './lib/paths';

const USAGE = `Usage: npm start -- [options]
  --browser        open the studio in a browser even if Electron is installed
  --no-open        open nothing; print the studio URL
  --port N         browser mode: serve the studio on 127.0.0.1:N (default: a free port)
  --server URL     use a remote backend instead of the embedded one
  --host-token T   the host token for that backend (npm run server -- --issue-token host), or LIVEBRIDGE_HOST_TOKEN
                   (LIVEBRIDGE_OPS_TOKEN: an ops token for it, for the studio's Ops dashboard link)
  --data-dir DIR   settings and the embedded database (default: the user data folder)
  -h, --help       this help`;

function fatal(message: string): never {
  process.stderr.write(`LiveBridge Studio: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      browser: { type: 'boolean', default: false },
      'no-open': { type: 'boolean', default: false },
      port: { type: 'string' },
      server: { type: 'string' },
      'host-token': { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  fatal(`${(error as Error).message}\n${USAGE}`);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = args.port === undefined ? 0 : Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fatal(`--port must be 0-65535, got ${args.port}`);
let remoteServer: string | null = null;
if (args.server !== undefined) {
  try {
    const u = new URL(args.server);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    remoteServer = u.origin;
  } catch {
    fatal(`--server must be an http(s) URL, got ${args.server}`);
  }
}
const userDataDir = args['data-dir'] ? path.resolve(args['data-dir']) : defaultUserDataDir();
const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

const cleanups: (() => Promise<void> | void)[] = [];
let stopping = false;
async function stop(code = 0): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        process.stderr.write(`LiveBridge Studio: error while stopping: ${String(error)}\n`);
      }
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('SIGHUP', () => void stop(0));

try {
  await buildRenderer();
} catch (error) {
  fatal(`could not build the studio UI: ${(error as Error).message}`);
}

let backend: Backend | null = null;
if (!remoteServer) {
  backend = await startBackend({
    sqliteFile: defaultSqliteFile(userDataDir),
    rendererDir: RENDERER_OUT,
    tokenSecret: tokenSecret(userDataDir),
  }).catch((error: Error) => fatal(`could not start the embedded backend: ${error.message}`));
  cleanups.push(() => backend?.close());
}
const serverUrl = remoteServer ?? backend!.url;
// The embedded backend issues this machine's host and ops tokens; a remote one's come from its operator.
const { hostToken, opsToken } = backend
  ? embeddedTokens(backend, hostSubject(userDataDir))
  : {
      hostToken: args['host-token'] ?? process.env.LIVEBRIDGE_HOST_TOKEN ?? null,
      opsToken: process.env.LIVEBRIDGE_OPS_TOKEN || null,
    };
if (!hostToken) {
  process.stderr.write(
    'No --host-token for the remote backend: the studio can watch but not go live or sell.\n',
  );
}

const whyNotElectron = args.browser ? '--browser' : electronUnavailableReason();
if (whyNotElectron === null) {
  await buildElectron();
  const electron = findElectronBinary()!;
  const child: ChildProcess = spawn(electron.path, [path.join(ELECTRON_OUT, 'main.cjs')], {
    stdio: 'inherit',
    env: {
      ...process.env,
      LIVEBRIDGE_SERVER_URL: serverUrl,
      LIVEBRIDGE_RENDERER_DIR: RENDERER_OUT,
      LIVEBRIDGE_HOME: userDataDir,
      LIVEBRIDGE_VERSION: version,
      LIVEBRIDGE_HOST_TOKEN: hostToken ?? '',
      LIVEBRIDGE_OPS_TOKEN: opsToken ?? '',
    },
  });
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  child.on('exit', (code) => void stop(code ?? 0));
  process.stdout.write(`LiveBridge Studio: Electron ${electron.version} (backend ${serverUrl})\n`);
} else {
  if (!args.browser) process.stderr.write(`Opening in browser mode: ${whyNotElectron}.\n`);
  const host = new StudioHost({ mode: 'browser', serverUrl, userDataDir, version, hostToken, opsToken });
  cleanups.push(() => host.close());
  const browserHost: BrowserHost = await startBrowserHost({
    host,
    rendererDir: RENDERER_OUT,
    serverUrl,
    port,
  }).catch((error: NodeJS.ErrnoException) =>
    fatal(
      error.code === 'EADDRINUSE'
        ? `port ${port} is in use; choose another with --port`
        : `could not start browser mode: ${error.message}`,
    ),
  );
  cleanups.push(() => browserHost.close());
  process.stdout.write(`LiveBridge Studio: ${browserHost.studioUrl}\n`);
  if (!args['no-open']) openInBrowser(browserHost.studioUrl);
}
