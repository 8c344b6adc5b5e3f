import { afterEach, describe, expect, it } from 'vitest';
import { CAPTION_LANGUAGES, type CaptionLanguage } from '../../../core/protocol/captions';
import { EngineError } from '../engines';
import { DeepLTranslator, deeplBaseUrl } from './deepl-translator';
import { jsonBody, sendJson, startFakeServer, type FakeServer } from './fake-http-server';

const KEY = '279a2e9d-83b3-c416-7e2d-f721593e42a0';
const FREE_KEY = `${KEY}:fx`;

interface DeepLBody {
  text: string[];
  source_lang: string;
  target_lang: string;
}

/** Answers like DeepL: one translation per text, in order, with the detected source language. */
function echoServer(): Promise<FakeServer> {
  return startFakeServer((req, res) => {
    const body = jsonBody(req) as DeepLBody;
    sendJson(res, 200, {
      translations: body.text.map((t) => ({
        detected_source_language: body.source_lang,
        text: `[${body.target_lang}] ${t}`,
      })),
    });
  });
}

describe('DeepLTranslator', () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('posts the texts as JSON to /v2/translate with the DeepL-Auth-Key header', async () => {
    server = await echoServer();
    const translator = new DeepLTranslator({ apiKey: FREE_KEY, baseUrl: server.url });

    const out = await translator.translate(['这款⟦0⟧现在半价。', '链接在下面。'], {
      from: 'zh-CN',
      to: 'en',
    });

    expect(out).toEqual(['[EN-US] 这款⟦0⟧现在半价。', '[EN-US] 链接在下面。']);
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v2/translate');
    expect(req.headers.authorization).toBe(`DeepL-Auth-Key ${FREE_KEY}`);
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(jsonBody(req)).toEqual({
      text: ['这款⟦0⟧现在半价。', '链接在下面。'],
      source_lang: 'ZH',
      target_lang: 'EN-US',
    });
  });

  it('maps caption languages onto DeepL source and target codes', async () => {
    server = await echoServer();
    const translator = new DeepLTranslator({ apiKey: KEY, baseUrl: server.url });
    const pairs: [CaptionLanguage, CaptionLanguage, string, string][] = [
      ['en', 'zh-CN', 'EN', 'ZH-HANS'],
      ['zh-CN', 'pt', 'ZH', 'PT-BR'],
      ['pt', 'es', 'PT', 'ES'],
      ['ja', 'ko', 'JA', 'KO'],
      ['id', 'ar', 'ID', 'AR'],
      ['fr', 'de', 'FR', 'DE'],
    ];
    for (const [from, to] of pairs) await translator.translate(['x'], { from, to });
    expect(
      server.requests.map((r) => jsonBody(r) as DeepLBody).map((b) => [b.source_lang, b.target_lang]),
    ).toEqual(pairs.map(([, , s, t]) => [s, t]));
  });

  it('supports every pair of distinct caption languages and no same-language pair', () => {
    const translator = new DeepLTranslator({ apiKey: KEY });
    for (const from of CAPTION_LANGUAGES) {
      for (const to of CAPTION_LANGUAGES) expect(translator.supports(from, to)).toBe(from !== to);
    }
    expect(translator.supports('xx' as CaptionLanguage, 'en')).toBe(false);
  });

  it('splits more than 50 texts over several requests and keeps their order', async () => {
    server = await echoServer();
    const translator = new DeepLTranslator({ apiKey: KEY, baseUrl: server.url });
    const texts = Array.from({ length: 120 }, (_, i) => `line ${i}`);
    const out = await translator.translate(texts, { from: 'en', to: 'ja' });
    expect(out).toEqual(texts.map((t) => `[JA] ${t}`));
    expect(server.requests.map((r) => (jsonBody(r) as DeepLBody).text.length)).toEqual([50, 50, 20]);
  });

  it('makes no request for no texts, and refuses a same-language pair', async () => {
    server = await echoServer();
    const translator = new DeepLTranslator({ apiKey: KEY, baseUrl: server.url });
    expect(await translator.translate([], { from: 'en', to: 'de' })).toEqual([]);
    await expect(translator.translate(['x'], { from: 'de', to: 'de' })).rejects.toMatchObject({
      code: 'unsupported',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('reads a used-up quota (456) as a key problem, without retrying', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 456, { message: 'Quota exceeded' }));
    const translator = new DeepLTranslator({ apiKey: KEY, baseUrl: server.url });
    const err = await translator.translate(['x'], { from: 'en', to: 'de' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('auth');
    expect((err as EngineError).message).toContain('456');
    expect(server.requests).toHaveLength(1);
  });

  it('rejects an answer with the wrong number of translations as a bad response', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 200, { translations: [{ detected_source_language: 'EN', text: 'eins' }] }),
    );
    const translator = new DeepLTranslator({ apiKey: KEY, baseUrl: server.url });
    await expect(translator.translate(['one', 'two'], { from: 'en', to: 'de' })).rejects.toMatchObject({
      code: 'bad_response',
    });
  });

  it('chooses the host from the key when none is given', async () => {
    const urls: string[] = [];
    const fetch = (async (input: string | URL | Request) => {
      urls.push(String(input));
      return new Response(
        JSON.stringify({ translations: [{ detected_source_language: 'EN', text: 'Hallo' }] }),
        {
          headers: { 'Content-Type': 'application/json' },
        },
      );
    }) as typeof globalThis.fetch;
    await new DeepLTranslator({ apiKey: FREE_KEY, fetch }).translate(['Hello'], { from: 'en', to: 'de' });
    await new DeepLTranslator({ apiKey: KEY, fetch }).translate(['Hello'], { from: 'en', to: 'de' });
    expect(urls).toEqual(['https://api-free.deepl.com/v2/translate', 'https://api.deepl.com/v2/translate']);
  });
});

describe('deeplBaseUrl', () => {
  it('follows the key on either official host, since a key only works on its own', () => {
    expect(deeplBaseUrl(FREE_KEY)).toBe('https://api-free.deepl.com');
    expect(deeplBaseUrl(KEY)).toBe('https://api.deepl.com');
    expect(deeplBaseUrl(KEY, 'https://api-free.deepl.com')).toBe('https://api.deepl.com');
    expect(deeplBaseUrl(FREE_KEY, 'https://api.deepl.com/v2/')).toBe('https://api-free.deepl.com');
  });

  it('keeps any other host as given, less a trailing /v2', () => {
    expect(deeplBaseUrl(KEY, 'http://127.0.0.1:9000/')).toBe('http://127.0.0.1:9000');
    expect(deeplBaseUrl(FREE_KEY, 'https://deepl-proxy.example.com/api/v2')).toBe(
      'https://deepl-proxy.example.com/api',
    );
  });
});
