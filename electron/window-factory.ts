// The one place a BrowserWindow is made: isolation, sandbox, no Node, no new windows, no navigation away.
import { BrowserWindow, shell } from 'electron';
import { APP_ORIGIN, isAppUrl, opensExternally, secureWebPreferences } from './window-options';

export interface StudioWindowOptions {
  page: 'studio' | 'dashboard' | 'replay';
  preloadPath: string;
  title: string;
  /** Origins besides https whose links open in the user's browser (the studio's backend). */
  externalOrigins?: readonly string[];
}

export function createStudioWindow({
  page,
  preloadPath,
  title,
  externalOrigins = [],
}: StudioWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    title,
    backgroundColor: '#101218',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  const pageUrl = `${APP_ORIGIN}/${page}.html`;
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser; nothing opens inside the app.
    if (opensExternally(url, externalOrigins)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(pageUrl);
  return win;
}
