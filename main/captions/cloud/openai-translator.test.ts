import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../engines';
import { chatCompletion, jsonBody, sendJson, startFakeServer, type FakeServer } from './fake-http-server';
import { OpenAiTranslator, parseTranslations } from './openai-translator';

const KEY = 'sk-test-translator-0123456789abcdef';

interface ChatBody {
  model: string;
  temperature: number;
  messages: { role: string; content: string }[];
}

describe('OpenAiTranslator', () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const answering = async (content: string | null) => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, chatCompletion(content)));
    return new OpenAiTranslator({ baseUrl: `${server.url}/v1`, apiKey: KEY, model: 'gpt-4o-mini' });
  };

  it('posts a chat completion that asks for a same-length JSON array and keeps the placeholders', async () => {
    const translator = await answering(JSON.stringify(['This ⟦0⟧ is half price now.', 'Link ⟦1⟧ below.']));
    const texts = ['这款⟦0⟧现在半价。', '链接⟦1⟧在下面。'];

    const out = await translator.translate(texts, { from: 'zh-CN', to: 'en' });

    expect(out).toEqual(['This ⟦0⟧ is half price now.', 'Link ⟦1⟧ below.']);
    const req = server!.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    const body = jsonBody(req) as ChatBody;
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.temperature).toBe(0);
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    const system = body.messages[0]!.content;
    expect(system).toContain('from Simplified Chinese to English');
    expect(system).toContain('⟦0⟧, ⟦1⟧');
    expect(system).toContain('exactly 2 strings');
    expect(system).toMatch(/product names/i);
    expect(JSON.parse(body.messages[1]!.content)).toEqual(texts);
  });

  it('names the tokens of a custom placeholder pattern', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, chatCompletion('["Hola [[3]]"]')));
    const translator = new OpenAiTranslator({
      baseUrl: server.url,
      apiKey: KEY,
      model: 'gpt-4o-mini',
      placeholderPattern: /\[\[\d+\]\]/,
    });
    await translator.translate(['Hello [[3]]'], { from: 'en', to: 'es' });
    const system = (jsonBody(server.requests[0]!) as ChatBody).messages[0]!.content;
    expect(system).toContain('([[3]])');
    expect(system).toContain('to Spanish');
  });

  it('digs the array out of a code fence with prose around it', async () => {
    const translator = await answering(
      'Sure! Here are the translations:\n```json\n[\n  "Hola",\n  "Adiós"\n]\n```\nLet me know if you need more.',
    );
    expect(await translator.translate(['Hello', 'Bye'], { from: 'en', to: 'es' })).toEqual(['Hola', 'Adiós']);
  });

  it('rejects an answer of the wrong length as a bad response', async () => {
    const translator = await answering('["Hola"]');
    const err = await translator
      .translate(['Hello', 'Bye'], { from: 'en', to: 'es' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('bad_response');
  });

  it('rejects a completion without message content as a bad response', async () => {
    const translator = await answering(null);
    await expect(translator.translate(['Hello'], { from: 'en', to: 'es' })).rejects.toMatchObject({
      code: 'bad_response',
    });
  });

  it('reads an exhausted account (429 insufficient_quota) as a key problem, without retrying', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 429, {
        error: {
          message: 'You exceeded your current quota, please check your plan and billing details.',
          type: 'insufficient_quota',
          param: null,
          code: 'insufficient_quota',
        },
      }),
    );
    const translator = new OpenAiTranslator({ baseUrl: server.url, apiKey: KEY, model: 'gpt-4o-mini' });
    await expect(translator.translate(['Hello'], { from: 'en', to: 'es' })).rejects.toMatchObject({
      code: 'auth',
      message: expect.stringContaining('insufficient_quota'),
    });
    expect(server.requests).toHaveLength(1);
  });

  it('makes no request for no texts, and refuses a pair it cannot do', async () => {
    const translator = await answering('[]');
    expect(await translator.translate([], { from: 'en', to: 'ja' })).toEqual([]);
    expect(translator.supports('en', 'en')).toBe(false);
    expect(translator.supports('ar', 'ko')).toBe(true);
    await expect(translator.translate(['x'], { from: 'en', to: 'en' })).rejects.toMatchObject({
      code: 'unsupported',
    });
    expect(server!.requests).toHaveLength(0);
  });
});

describe('parseTranslations', () => {
  it('takes a plain array', () => {
    expect(parseTranslations('["a","b"]', 2)).toEqual(['a', 'b']);
  });

  it('takes a fence without a language tag', () => {
    expect(parseTranslations('```\n["a"]\n```', 1)).toEqual(['a']);
  });

  it('skips bracketed prose before the array, and brackets inside strings', () => {
    expect(parseTranslations('Translations [2 lines]: ["x [1]", "y]"] done', 2)).toEqual(['x [1]', 'y]']);
  });

  it('survives a stray opening bracket in the prose', () => {
    expect(parseTranslations('Note [ the list:\n["a", "b"]', 2)).toEqual(['a', 'b']);
  });

  it('takes a lone array wrapped in an object', () => {
    expect(parseTranslations('{"translations": ["a", "b"]}', 2)).toEqual(['a', 'b']);
  });

  it('refuses non-strings, wrong lengths and non-JSON', () => {
    expect(() => parseTranslations('[1, 2]', 2)).toThrow(/2 translated lines/);
    expect(() => parseTranslations('["a"]', 2)).toThrow(EngineError);
    expect(() => parseTranslations('Hola, adiós', 2)).toThrow(/JSON array/);
    expect(() => parseTranslations('["a", "b"', 2)).toThrow(EngineError);
  });
});
