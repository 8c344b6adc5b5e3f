// Electron's main process: app lifecycle, the embedded backend in a utility process (or a remote one with
// --server URL), the app:// protocol serving the built renderer with our CSP, permissions, and the studio
// host behind IPC.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, protocol, session, utilityProcess } from 'electron';
import { autoUpdater } from 'electron-updater';
import type { TFunction } from 'i18next';
import { buildCsp, originsFor } from '../core/security/csp';
import { createLogger } from '../main/log';
import { StudioHost } from '../main/studio-host';
import { APP_NAME } from '../main/user-data';
import { chooseBackend, readSavedBackend } from './backend-choice';
import { BackendLifecycle, type EmbeddedBackend } from './backend-lifecycle';
import { backendEnv } from './bundled-binaries';
import { desktopLanguage, desktopT } from './desktop-i18n';
import { ElectronShell } from './desktop-shell';
import { CLOSE_BUTTONS, closeAnswer, closeDecision, KEEP_STREAMING_INDEX } from './live-guard';
import { createStudioTray } from './tray';
import { DesktopUpdater } from './updater';
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

const log = createLogger('desktop');
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

let lifecycle: BackendLifecycle | null = null;

async function connectBackend(): Promise<
  EmbeddedBackend | { url: string; hostToken: string | null; opsToken: string | null }
> {
  // `npm start` passes the backend it started (LIVEBRIDGE_SERVER_URL); the packaged app runs its own.
  const userData = app.getPath('userData');
  const choice = chooseBackend(process.argv.slice(1), process.env, readSavedBackend(userData));
  if (choice.kind === 'remote') return choice;
  const env = backendEnv({
    env: process.env,
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    platform: process.platform,
    exists: existsSync,
  });
  lifecycle = new BackendLifecycle({
    fork: (args) =>
      utilityProcess.fork(path.join(__dirname, 'backend-process.cjs'), args, {
        serviceName: `${APP_NAME} backend`,
        stdio: 'inherit',
        env,
      }),
    dataDir: userData,
    rendererDir,
  });
  lifecycle.onState((state) => {
    if (state.status === 'ready') log.info({ url: state.url }, 'embedded backend ready');
    else log.info({ ...state }, 'embedded backend');
  });
  return lifecycle.start();
}

function serveRenderer(serverUrl: string): void {
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
let t: TFunction<'desktop'> | null = null;
// Updates only for an installed app: one run from a checkout has no app-update.yml (and nothing to replace).
// LIVEBRIDGE_UPDATE_URL points an installed app at another feed (a staging server).
function createUpdater(): DesktopUpdater | null {
  if (!app.isPackaged) return null;
  autoUpdater.logger = log;
  if (process.env.LIVEBRIDGE_UPDATE_URL) {
    autoUpdater.setFeedURL({ provider: 'generic', url: process.env.LIVEBRIDGE_UPDATE_URL });
  }
  return new DesktopUpdater(autoUpdater);
}
const updater = createUpdater();
const shell = new ElectronShell(updater);
/** The user said to end the stream and close: closing no longer asks. */
let endConfirmed = false;
let confirming: Promise<boolean> | null = null;

/** Asks before ending a live stream by closing; resolves true when the user chose to end it. */
function confirmEndOfStream(win: BrowserWindow | undefined): Promise<boolean> {
  if (closeDecision(shell.live, endConfirmed) === 'close') return Promise.resolve(true);
  confirming ??= (async () => {
    const tr = t ?? (await desktopT(desktopLanguage(null, app.getLocale())));
    const options = {
      type: 'warning' as const,
      title: tr('close.title'),
      message: tr('close.message'),
      detail: tr('close.detail'),
      buttons: CLOSE_BUTTONS.map((key) => tr(`close.${key}`)),
      defaultId: KEEP_STREAMING_INDEX,
      cancelId: KEEP_STREAMING_INDEX,
    };
    const { response } = win
      ? await dialog.showMessageBox(win, options)
      : await dialog.showMessageBox(options);
    if (closeAnswer(response) !== 'close') return false;
    endConfirmed = true;
    // Ended on purpose: nothing to offer to resume at the next start.
    await host?.invoke('live.report', [{ live: false, roomId: null, title: null }]);
    return true;
  })().finally(() => (confirming = null));
  return confirming;
}

void app.whenReady().then(async () => {
  let backend;
  try {
    backend = await connectBackend();
  } catch (error) {
    const tr = await desktopT(desktopLanguage(null, app.getLocale()));
    dialog.showErrorBox(
      tr('backendFailed.title'),
      tr('backendFailed.body', { reason: (error as Error).message }),
    );
    app.quit();
    return;
  }
  const serverUrl = backend.url;
  serveRenderer(serverUrl);
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
    hostToken: backend.hostToken,
    opsToken: backend.opsToken,
    shell,
  });
  const settings = await host.invoke('settings.get', []);
  const chosen = settings.ok ? (settings.value as { language: string | null }).language : null;
  t = await desktopT(desktopLanguage(chosen, app.getLocale()));
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
  win.on('close', (event) => {
    if (closeDecision(shell.live, endConfirmed) === 'close') return;
    event.preventDefault();
    void confirmEndOfStream(win).then((end) => end && win.close());
  });
  const show = () => {
    if (win.isDestroyed()) return;
    win.show();
    win.focus();
  };
  createStudioTray({ shell, t, show, quit: () => app.quit() });
  updater?.start();
  app.on('second-instance', show);
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.on('window-all-closed', () => app.quit());
// Quitting waits for the embedded backend to close its database (or be killed after a grace period).
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  event.preventDefault();
  // Quitting from the tray or the menu while live asks as closing the window does.
  if (closeDecision(shell.live, endConfirmed) === 'confirm') {
    void confirmEndOfStream(BrowserWindow.getAllWindows()[0]).then((end) => end && app.quit());
    return;
  }
  quitting = true;
  updater?.stop();
  host?.close();
  void (lifecycle?.stop() ?? Promise.resolve()).finally(() => app.quit());
});
