// Browser mode: the host serves the built renderer on 127.0.0.1 and exposes window.studio over a local
// WebSocket. Only a page that knows the per-launch secret (passed in the URL fragment, so it never reaches
// a log or a Referer) and comes from our own origin can drive the host, and only such a page is sent the
// host's pushed events (studioEvents), on the same socket.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  BRIDGE_CLOSE_UNAUTHORIZED,
  BRIDGE_MAX_FRAME_BYTES,
  BRIDGE_PATH,
  BridgeClientFrameSchema,
  type BridgeHostFrame,
} from '../../core/protocol/bridge-wire';
import { buildCsp, originsFor } from '../../core/security/csp';
import type { StudioHost } from '../studio-host';

export const HOST_PAGES = ['studio', 'dashboard', 'replay'] as const;

export interface BrowserHostOptions {
  host: StudioHost;
  rendererDir: string;
  serverUrl: string;
  port?: number;
  /** Injected by tests; a fresh random secret otherwise. */
  token?: string;
  helloTimeoutMs?: number;
}

export interface BrowserHost {
  port: number;
  origin: string;
  /** The studio URL with the secret in its fragment: what `npm start` opens. */
  studioUrl: string;
  close(): Promise<void>;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { host, rendererDir, serverUrl } = options;
  if (!existsSync(path.join(rendererDir, 'studio.html'))) {
    throw new Error(`The studio UI is not built (${rendererDir}/studio.html is missing): run npm run build`);
  }
  const token = options.token ?? randomBytes(32).toString('base64url');
  const helloTimeoutMs = options.helloTimeoutMs ?? 5000;
  const assets = sirv(rendererDir, { dev: false, etag: true, gzip: false, brotli: false });
  let origin = '';
  let hostHeader = '';

  const server = http.createServer((req, res) => {
    // A page on another name that resolves to 127.0.0.1 (DNS rebinding) is refused.
    if (req.headers.host !== hostHeader) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('Misdirected request');
      return;
    }
    res.setHeader(
      'Content-Security-Policy',
      buildCsp({ connect: [`ws://${hostHeader}`, ...originsFor(serverUrl)] }),
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/') {
      res.writeHead(302, { location: '/studio' }).end();
      return;
    }
    const page = HOST_PAGES.find((p) => url.pathname === `/${p}`);
    if (page) req.url = `/${page}.html`;
    assets(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: BRIDGE_MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const pathname = new URL(req.url ?? '/', origin).pathname;
    if (pathname !== BRIDGE_PATH || req.headers.host !== hostHeader || req.headers.origin !== origin) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveBridge(ws));
  });

  function send(ws: WebSocket, frame: BridgeHostFrame): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  function serveBridge(ws: WebSocket): void {
    let authed = false;
    let offEvents: (() => void) | null = null;
    const helloTimer = setTimeout(
      () => ws.close(BRIDGE_CLOSE_UNAUTHORIZED, 'hello expected'),
      helloTimeoutMs,
    );
    ws.on('message', (data, isBinary) => {
      let frame;
      try {
        if (isBinary) throw new Error('binary');
        frame = BridgeClientFrameSchema.parse(JSON.parse(String(data)));
      } catch {
        if (!authed) ws.close(BRIDGE_CLOSE_UNAUTHORIZED, 'bad hello');
        return;
      }
      if (!authed) {
        clearTimeout(helloTimer);
        if (frame.t !== 'hello' || !sameSecret(frame.token, token)) {
          ws.close(BRIDGE_CLOSE_UNAUTHORIZED, 'bad token');
          return;
        }
        authed = true;
        send(ws, { t: 'ready' });
        offEvents = host.onEvent(({ event, payload }) => send(ws, { t: 'event', event, payload }));
        return;
      }
      if (frame.t !== 'invoke') return;
      const { id, method, args } = frame;
      void host.invoke(method, args).then((response) => send(ws, { t: 'result', id, response }));
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      offEvents?.();
    });
    ws.on('error', () => ws.terminate());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hostHeader = `127.0.0.1:${port}`;
  origin = `http://${hostHeader}`;

  let closing: Promise<void> | null = null;
  return {
    port,
    origin,
    studioUrl: `${origin}/studio#token=${token}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
