// One Content-Security-Policy for every studio page, in Electron (app://) and in browser mode.
export interface CspOptions {
  /** Extra origins the page may connect to (the backend's http and ws origins, the bridge). */
  connect?: string[];
}

export function buildCsp({ connect = [] }: CspOptions = {}): string {
  const connectSrc = ["'self'", ...new Set(connect)].join(' ');
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval' lets our own scripts compile WebAssembly (the AR face tracker's TensorFlow.js backend);
    // it allows no eval() or new Function() of JavaScript.
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self'",
    `connect-src ${connectSrc}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** http://h:p -> [http://h:p, ws://h:p] so socket.io can use both polling and websocket. */
export function originsFor(url: string): string[] {
  const u = new URL(url);
  const ws = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return [u.origin, `${ws}//${u.host}`];
}
