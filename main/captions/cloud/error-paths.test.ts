// The failure modes every cloud engine shares, run against each of the three over real HTTP: a refused key,
// a busy server, a broken one, a garbled body, a hang, and a caller who gives up.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../engines';
import { DeepLTranslator } from './deepl-translator';
import { chatCompletion, sendJson, startFakeServer, tone, until, type FakeServer } from './fake-http-server';
import { OpenAiRecognizer } from './openai-recognizer';
import { OpenAiTranslator } from './openai-translator';

const KEY = 'sk-test-errors-0123456789abcdef';

interface Call {
  signal?: AbortSignal;
  timeoutMs?: number;
}

interface EngineCase {
  name: string;
  service: string;
  path: string;
  /** A successful answer in the service's real format. */
  ok: unknown;
  /** The service's real body for a refused key. */
  refused: unknown;
  call(baseUrl: string, options: Call): Promise<unknown>;
}

const cases: EngineCase[] = [
  {
    name: 'OpenAiRecognizer',
    service: 'OpenAI',
    path: '/v1/audio/transcriptions',
    ok: { text: 'hello' },
    refused: {
      error: {
        message: 'Incorrect API key provided: sk-test-***cdef.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    },
    call: (baseUrl, o) =>
      new OpenAiRecognizer({
        baseUrl: `${baseUrl}/v1`,
        apiKey: KEY,
        model: 'whisper-1',
        timeoutMs: o.timeoutMs,
      })
        .transcribe(tone(16_000), { lang: 'en', final: true, signal: o.signal })
        .then((r) => r.text),
  },
  {
    name: 'OpenAiTranslator',
    service: 'OpenAI',
    path: '/v1/chat/completions',
    ok: chatCompletion('["hola"]'),
    refused: {
      error: {
        message: 'Incorrect API key provided: sk-test-***cdef.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    },
    call: (baseUrl, o) =>
      new OpenAiTranslator({
        baseUrl: `${baseUrl}/v1`,
        apiKey: KEY,
        model: 'gpt-4o-mini',
        timeoutMs: o.timeoutMs,
      })
        .translate(['hello'], { from: 'en', to: 'es', signal: o.signal })
        .then((t) => t[0]),
  },
  {
    name: 'DeepLTranslator',
    service: 'DeepL',
    path: '/v2/translate',
    ok: { translations: [{ detected_source_language: 'EN', text: 'hola' }] },
    refused: { message: 'Authorization failure, check auth_key' },
    call: (baseUrl, o) =>
      new DeepLTranslator({ apiKey: KEY, baseUrl, timeoutMs: o.timeoutMs })
        .translate(['hello'], { from: 'en', to: 'es', signal: o.signal })
        .then((t) => t[0]),
  },
];

async function failure(promise: Promise<unknown>): Promise<EngineError> {
  const err = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  if (!(err instanceof EngineError)) throw err;
  return err;
}

describe.each(cases)('$name error paths', (c) => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers through the real path', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, c.ok));
    await expect(c.call(server.url, {})).resolves.toMatch(/hello|hola/);
    expect(server.requests[0]!.path).toBe(c.path);
  });

  it.each([401, 403])('reads %i as a refused key, without retrying or repeating the key', async (status) => {
    server = await startFakeServer((_req, res) => sendJson(res, status, c.refused));
    const err = await failure(c.call(server.url, {}));
    expect(err.code).toBe('auth');
    expect(err.message).toContain(`The ${c.service} key was refused (${status})`);
    expect(err.message).not.toContain(KEY);
    expect(err.message).not.toContain('sk-test');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 429 once after the Retry-After it was given', async () => {
    server = await startFakeServer((_req, res, i) =>
      i === 0
        ? sendJson(res, 429, { message: 'Too many requests' }, { 'Retry-After': '1' })
        : sendJson(res, 200, c.ok),
    );
    const started = Date.now();
    await expect(c.call(server.url, {})).resolves.toMatch(/hello|hola/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
  });

  it('fails at once when Retry-After asks for longer than a caption can wait', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 429, { message: 'slow down' }, { 'Retry-After': '120' }),
    );
    const started = Date.now();
    const err = await failure(c.call(server.url, {}));
    expect(err.code).toBe('unreachable');
    expect(err.message).toContain('429');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 5xx once after a short backoff, then gives up as unreachable', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 500, { error: { message: 'The server had an error' } }),
    );
    const err = await failure(c.call(server.url, {}));
    expect(err.code).toBe('unreachable');
    expect(err.message).toContain('500');
    expect(err.message).toContain('The server had an error');
    await new Promise((r) => setTimeout(r, 400));
    expect(server.requests).toHaveLength(2);
  });

  it('recovers when the retry of a 503 succeeds', async () => {
    server = await startFakeServer((_req, res, i) =>
      i === 0 ? sendJson(res, 503, '<html>Service Unavailable</html>') : sendJson(res, 200, c.ok),
    );
    await expect(c.call(server.url, {})).resolves.toMatch(/hello|hola/);
    expect(server.requests).toHaveLength(2);
  });

  it('reads a 200 with a body that is not JSON as a bad response', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, '{"text": "unterminated'));
    const err = await failure(c.call(server.url, {}));
    expect(err.code).toBe('bad_response');
  });

  it('reads another refusal as unsupported, quoting the server without the key', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 400, { error: { message: `Bad language for key ${KEY}` }, message: 'x' }),
    );
    const err = await failure(c.call(server.url, {}));
    expect(err.code).toBe('unsupported');
    expect(err.message).toContain('Bad language for key ***');
    expect(err.message).not.toContain(KEY);
  });

  it('times out a server that never answers as unreachable', async () => {
    server = await startFakeServer(() => {});
    const started = Date.now();
    const err = await failure(c.call(server.url, { timeoutMs: 250 }));
    expect(err.code).toBe('unreachable');
    expect(err.message).toContain('did not answer within 250 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
  });

  it('times out a server that sends headers and then stalls', async () => {
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"te');
    });
    const err = await failure(c.call(server.url, { timeoutMs: 250 }));
    expect(err.code).toBe('unreachable');
  });

  it("rejects promptly on the caller's abort and hangs up on the server", async () => {
    server = await startFakeServer(() => {});
    const controller = new AbortController();
    const pending = c.call(server.url, { signal: controller.signal });
    await until(() => server!.requests.length === 1);
    const abortedAt = Date.now();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - abortedAt).toBeLessThan(200);
    await until(() => server!.disconnects === 1);
  });

  it("rejects promptly on the caller's abort during the retry backoff", async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 429, {}, { 'Retry-After': '2' }));
    const controller = new AbortController();
    const pending = c.call(server.url, { signal: controller.signal });
    await until(() => server!.requests.length === 1);
    await new Promise((r) => setTimeout(r, 30));
    const abortedAt = Date.now();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - abortedAt).toBeLessThan(200);
    expect(server.requests).toHaveLength(1);
  });

  it('sends nothing for a signal that is already aborted', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, c.ok));
    await expect(c.call(server.url, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('reads a refused connection as unreachable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failure(c.call(`http://127.0.0.1:${port}`, {}));
    expect(err.code).toBe('unreachable');
    expect(err.message).toContain('ECONNREFUSED');
  });
});
