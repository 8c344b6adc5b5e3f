// Electron's main process: app lifecycle, the app:// protocol serving the built renderer with our CSP,
// permissions, and the studio host behind IPC.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, protocol, session } from 'electron';
import { buildCsp, originsFor } from '../core/security/csp';
import { StudioHost } from '../main/studio-host';
import { APP_NAME } from '../main/user-data';
import { forwardStudioEvents } from './forward-studio-events';
import { registerStudioIpc } from './ipc';
import { createStudioWindow } from './window-factory';
import { APP_HOST, APP_SCHEME, isPermissionAllowed } from './window-options';

const originsOf = (url: string): string[] => {
  try {
    return [new URL(url).origin];
  } catch {
    return [];
  }
};

const serverUrl = process.env.LIVEBRIDGE_SERVER_URL ?? 'http://127.0.0.1:8787';
const rendererDir = process.env.LIVEBRIDGE_RENDERER_DIR ?? path.join(__dirname, '..', 'renderer');
if (process.env.LIVEBRIDGE_HOME) app.setPath('userData', process.env.LIVEBRIDGE_HOME);
app.setName(APP_NAME);

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

function serveRenderer(): void {
  const csp = buildCsp({ connect: originsFor(serverUrl) });
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = path.resolve(root, `.${decodeURIComponent(url.pathname)}`);
    if (url.host !== APP_HOST || !file.startsWith(root + path.sep)) {
      return new Response('Not found', { status: 404 });
    }
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

if (!app.requestSingleInstanceLock()) app.quit();

let host: StudioHost | null = null;

void app.whenReady().then(() => {
  serveRenderer();
  session.defaultSession.setPermissionRequestHandler((webContents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl ?? webContents.getURL()));
  });
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  );
  host = new StudioHost({
    mode: 'electron',
    serverUrl,
    userDataDir: app.getPath('userData'),
    version: process.env.LIVEBRIDGE_VERSION ?? app.getVersion(),
    hostToken: process.env.LIVEBRIDGE_HOST_TOKEN || null,
    opsToken: process.env.LIVEBRIDGE_OPS_TOKEN || null,
  });
  registerStudioIpc(host);
  const preloadPath = path.join(__dirname, 'preload.cjs');
  const win = createStudioWindow({
    page: 'studio',
    preloadPath,
    title: APP_NAME,
    // The backend's own pages (the ops dashboard) open in the user's browser, even over plain http.
    externalOrigins: originsOf(serverUrl),
  });
  forwardStudioEvents(host, win.webContents);
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => host?.close());
