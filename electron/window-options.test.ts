import { describe, expect, it } from 'vitest';
import {
  isPermissionAllowed,
  isTrustedSenderUrl,
  opensExternally,
  secureWebPreferences,
} from './window-options';

describe('studio window security', () => {
  it('isolates and sandboxes every window, without Node', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      backgroundThrottling: false,
    });
  });

  it('grants camera and microphone only to our own pages', () => {
    expect(isPermissionAllowed('media', 'app://studio/studio.html')).toBe(true);
    expect(isPermissionAllowed('media', 'https://evil.example/')).toBe(false);
    expect(isPermissionAllowed('media', 'app://studio.evil/x')).toBe(false);
    expect(isPermissionAllowed('geolocation', 'app://studio/studio.html')).toBe(false);
    expect(isPermissionAllowed('media', 'not a url')).toBe(false);
  });

  it('trusts IPC only from our origin', () => {
    expect(isTrustedSenderUrl('app://studio/studio.html')).toBe(true);
    expect(isTrustedSenderUrl('file:///etc/passwd')).toBe(false);
    expect(isTrustedSenderUrl('http://127.0.0.1:5173/studio')).toBe(false);
    expect(isTrustedSenderUrl(undefined)).toBe(false);
  });

  it("opens https links and the studio's own backend in the user's browser, nothing else", () => {
    const backend = ['http://127.0.0.1:8787'];
    expect(opensExternally('https://example.com/help', backend)).toBe(true);
    expect(opensExternally('http://127.0.0.1:8787/dashboard?token=t', backend)).toBe(true);
    expect(opensExternally('http://127.0.0.1:8788/dashboard', backend)).toBe(false);
    expect(opensExternally('http://evil.example/', backend)).toBe(false);
    expect(opensExternally('file:///etc/passwd', ['file://'])).toBe(false);
    expect(opensExternally('not a url', backend)).toBe(false);
  });
});
