// window.studio in either mode: the preload's in Electron, or the browser bridge, whose secret arrives in
// the URL fragment (#token=...) and is kept for this tab only, then removed from the address bar.
import type { StudioApi } from '../../core/protocol/studio-client';
import { createBrowserBridge } from './browser-bridge';

declare global {
  interface Window {
    studio?: StudioApi;
  }
}

const TOKEN_KEY = 'livebridge.bridgeToken';

function takeBridgeToken(): string {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function getStudio(): StudioApi {
  if (!window.studio) {
    Object.defineProperty(window, 'studio', {
      value: Object.freeze(createBrowserBridge({ token: takeBridgeToken() })),
      writable: false,
      configurable: false,
    });
  }
  return window.studio!;
}
