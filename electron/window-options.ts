// The security settings every studio window gets; kept apart from BrowserWindow so a unit test can read
// them without an Electron binary.
import type { WebPreferences } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // A live stream keeps going when the studio window is hidden or minimised: the AR compositor and the
    // captions audio must not be throttled to 1 Hz timers.
    backgroundThrottling: false,
  };
}

/**
 * Whether a URL is one of our pages. Node's URL gives custom schemes an opaque origin ('null'), so compare
 * scheme and host rather than `origin`.
 */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Only our own pages may use the camera and microphone, and nothing else needs a permission. */
export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return isAppUrl(requestingUrl) && (permission === 'media' || permission === 'fullscreen');
}

/**
 * Whether a link the page opens goes to the user's browser: any https page, or a page of one of `origins`
 * (the studio's own backend, which may be plain http on this machine). Nothing opens inside the app.
 */
export function opensExternally(url: string, origins: readonly string[]): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') return true;
    return u.protocol === 'http:' && origins.includes(u.origin);
  } catch {
    return false;
  }
}

/** An IPC sender is trusted when it is the top frame of one of our windows, showing our pages. */
export const isTrustedSenderUrl = isAppUrl;
