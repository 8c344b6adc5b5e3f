import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_CLOSE_UNAUTHORIZED, BridgeHostFrameSchema } from '../../core/protocol/bridge-wire';
import { studioEvents } from '../../core/protocol/studio-api';
import { quietLogger } from '../../tests/support/quiet-logger';
import { StudioHost } from '../studio-host';
import { startBrowserHost, type BrowserHost } from './bridge-server';

const TOKEN = 'test-secret-0123456789';

function makeRendererDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-renderer-'));
  writeFileSync(path.join(dir, 'studio.html'), '<!doctype html><title>studio</title>');
  return dir;
}

interface Opened {
  ws: WebSocket;
  frames: unknown[];
  closed: Promise<number>;
}

function open(bridge: BrowserHost, origin = bridge.origin): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/bridge`, { origin });
    const frames: unknown[] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    ws.on('open', () => resolve({ ws, frames, closed }));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('browser-mode bridge', () => {
  let bridge: BrowserHost;
  let host: StudioHost;
  beforeAll(async () => {
    host = new StudioHost({
      mode: 'browser',
      serverUrl: 'http://127.0.0.1:9',
      userDataDir: mkdtempSync(path.join(os.tmpdir(), 'lb-bridge-')),
      version: '1.0.0',
      logger: quietLogger,
    });
    bridge = await startBrowserHost({
      host,
      rendererDir: makeRendererDir(),
      serverUrl: 'http://127.0.0.1:9',
      token: TOKEN,
      helloTimeoutMs: 300,
    });
  });
  afterAll(async () => {
    await bridge.close();
    host.close();
  });

  it('listens on 127.0.0.1 only and puts the secret in the URL fragment', () => {
    expect(bridge.studioUrl).toBe(`http://127.0.0.1:${bridge.port}/studio#token=${TOKEN}`);
  });

  it('serves the studio with a CSP and refuses other host names (DNS rebinding) and path escapes', async () => {
    const get = (p: string, hostHeader = `127.0.0.1:${bridge.port}`) =>
      new Promise<{ status: number; csp: string | undefined }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: bridge.port, path: p, headers: { host: hostHeader } }, (res) => {
            res.resume();
            resolve({ status: res.statusCode!, csp: res.headers['content-security-policy'] as string });
          })
          .on('error', reject);
      });
    const studio = await get('/studio');
    expect(studio.status).toBe(200);
    expect(studio.csp).toContain("script-src 'self'");
    expect((await get('/studio', `evil.example:${bridge.port}`)).status).toBe(421);
    expect((await get('/../../package.json')).status).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('answers invocations after a correct hello, with typed errors for bad calls', async () => {
    const { ws, frames } = await open(bridge);
    ws.send(JSON.stringify({ t: 'hello', token: TOKEN }));
    ws.send(JSON.stringify({ t: 'invoke', id: 1, method: 'app.getInfo', args: [] }));
    ws.send(JSON.stringify({ t: 'invoke', id: 2, method: 'settings.setLanguage', args: ['xx'] }));
    ws.send('{not json');
    ws.send(JSON.stringify({ t: 'invoke', id: -1, method: 'x', args: 'no' }));
    ws.send(JSON.stringify({ t: 'invoke', id: 3, method: 'nope', args: [] }));
    await until(() => frames.length >= 4);
    expect(frames[0]).toEqual({ t: 'ready' });
    expect(frames).toContainEqual({ t: 'result', id: 1, response: expect.objectContaining({ ok: true }) });
    expect(frames).toContainEqual({
      t: 'result',
      id: 2,
      response: { ok: false, error: expect.objectContaining({ code: 'invalid_argument' }) },
    });
    expect(frames).toContainEqual({
      t: 'result',
      id: 3,
      response: { ok: false, error: expect.objectContaining({ code: 'unknown_method' }) },
    });
    ws.close();
  });

  it("pushes the host's events to a signed-in socket only, validating against the contract", async () => {
    const signedIn = await open(bridge);
    const stranger = await open(bridge);
    signedIn.ws.send(JSON.stringify({ t: 'hello', token: TOKEN }));
    await until(() => signedIn.frames.length >= 1);
    // A host action changes the outbox (queued while the backend is unreachable): that state is pushed.
    const mark = { roomId: 'room-1', hostKey: 'k'.repeat(16), label: 'intro' };
    signedIn.ws.send(JSON.stringify({ t: 'invoke', id: 7, method: 'analytics.mark', args: [mark] }));
    const isOutboxPush = (f: unknown) =>
      (f as { t: string; event?: string }).t === 'event' &&
      (f as { event: string }).event === 'outbox.status';
    await until(() => signedIn.frames.some(isOutboxPush));
    const push = signedIn.frames.find(isOutboxPush) as { payload: unknown };
    expect(BridgeHostFrameSchema.safeParse(push).success).toBe(true);
    expect(studioEvents['outbox.status'].parse(push.payload)).toMatchObject({ online: false });
    expect((push.payload as { queued: number }).queued).toBeGreaterThanOrEqual(1);
    // The socket that never said hello was sent nothing, pushes included.
    expect(stranger.frames).toEqual([]);
    signedIn.ws.close();
    stranger.ws.close();
  });

  it('closes the socket on a wrong secret, a non-hello first frame, or silence', async () => {
    const wrong = await open(bridge);
    wrong.ws.send(JSON.stringify({ t: 'hello', token: 'guess' }));
    expect(await wrong.closed).toBe(BRIDGE_CLOSE_UNAUTHORIZED);

    const skip = await open(bridge);
    skip.ws.send(JSON.stringify({ t: 'invoke', id: 1, method: 'app.getInfo', args: [] }));
    expect(await skip.closed).toBe(BRIDGE_CLOSE_UNAUTHORIZED);
    expect(skip.frames).toEqual([]);

    const silent = await open(bridge);
    expect(await silent.closed).toBe(BRIDGE_CLOSE_UNAUTHORIZED);
  });

  it('refuses a WebSocket from any other origin before it opens', async () => {
    await expect(open(bridge, 'http://evil.example')).rejects.toThrow('HTTP 403');
    await expect(open(bridge, 'http://localhost:1')).rejects.toThrow('HTTP 403');
  });
});
