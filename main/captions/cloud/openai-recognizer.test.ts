import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../engines';
import {
  parseMultipart,
  readWav,
  sendJson,
  startFakeServer,
  tone,
  until,
  type FakeServer,
  type ReceivedRequest,
} from './fake-http-server';
import { OpenAiRecognizer } from './openai-recognizer';

const KEY = 'sk-test-recognizer-0123456789abcdef';

function fields(req: ReceivedRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of parseMultipart(req.body, req.headers['content-type'])) {
    if (part.filename === undefined) out[part.name] = part.data.toString('utf8');
  }
  return out;
}

function sampleCount(req: ReceivedRequest): number {
  const file = parseMultipart(req.body, req.headers['content-type']).find((p) => p.name === 'file');
  if (!file) throw new Error('no file part');
  return readWav(file.data).samples.length;
}

const settleSoon = () => new Promise((r) => setTimeout(r, 60));

describe('OpenAiRecognizer', () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('uploads the utterance as multipart WAV with model, language and prompt, and reads the json answer', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 200, { text: ' 这款口红 Rose 07 现在半价。\n' }),
    );
    const recognizer = new OpenAiRecognizer({
      baseUrl: `${server.url}/v1/`,
      apiKey: KEY,
      model: 'whisper-1',
    });
    const audio = tone(24_000);

    const result = await recognizer.transcribe(audio, {
      lang: 'zh-CN',
      final: true,
      prompt: 'Rose 07, Velvet Matte',
    });

    expect(result.text).toBe('这款口红 Rose 07 现在半价。');
    expect(result.computeMs).toBeGreaterThanOrEqual(0);
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/audio/transcriptions');
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);

    const parts = parseMultipart(req.body, req.headers['content-type']);
    expect(parts.map((p) => p.name).sort()).toEqual(
      ['file', 'language', 'model', 'prompt', 'response_format', 'temperature'].sort(),
    );
    expect(fields(req)).toEqual({
      model: 'whisper-1',
      language: 'zh',
      prompt: 'Rose 07, Velvet Matte',
      response_format: 'json',
      temperature: '0',
    });
    const file = parts.find((p) => p.name === 'file')!;
    expect(file.filename).toBe('utterance.wav');
    expect(file.contentType).toBe('audio/wav');
    const wav = readWav(file.data);
    expect(wav).toMatchObject({ format: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16 });
    expect(wav.samples.length).toBe(audio.length);
    // The very samples sent, to within one step of int16 quantisation.
    for (const i of [0, 7, 100, 23_999]) {
      expect(Math.abs(wav.samples[i]! - audio[i]! * 0x7fff)).toBeLessThanOrEqual(1.5);
    }
  });

  it('sends no prompt field when none is given, and the bare ISO-639-1 code', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, { text: 'Hola' }));
    const recognizer = new OpenAiRecognizer({ baseUrl: `${server.url}/v1`, apiKey: KEY, model: 'large-v3' });
    await recognizer.transcribe(tone(16_000), { lang: 'es', final: true });
    expect(fields(server.requests[0]!)).toEqual({
      model: 'large-v3',
      language: 'es',
      response_format: 'json',
      temperature: '0',
    });
  });

  it('answers a sliver of audio (under 0.1 s) with no text and no request', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, { text: 'x' }));
    const recognizer = new OpenAiRecognizer({ baseUrl: server.url, apiKey: KEY, model: 'whisper-1' });
    await expect(recognizer.transcribe(tone(1_000), { lang: 'en', final: true })).resolves.toEqual({
      text: '',
      computeMs: 0,
    });
    expect(server.requests).toHaveLength(0);
  });

  it('treats a JSON answer without a text field as a bad response', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, { segments: [] }));
    const recognizer = new OpenAiRecognizer({ baseUrl: server.url, apiKey: KEY, model: 'whisper-1' });
    const err = await recognizer
      .transcribe(tone(16_000), { lang: 'en', final: true })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('bad_response');
  });

  describe('partial rate policy', () => {
    let held: ServerResponse[];
    const start = async () => {
      held = [];
      server = await startFakeServer((_req, res) => {
        held.push(res);
      });
      return new OpenAiRecognizer({ baseUrl: server.url, apiKey: KEY, model: 'whisper-1' });
    };

    it('keeps one partial in flight; a newer partial replaces the queued one and both share its answer', async () => {
      const recognizer = await start();
      const p1 = recognizer.transcribe(tone(8_000), { lang: 'en', final: false });
      await until(() => server!.requests.length === 1);
      const p2 = recognizer.transcribe(tone(16_000), { lang: 'en', final: false });
      const p3 = recognizer.transcribe(tone(24_000), { lang: 'en', final: false });
      await settleSoon();
      expect(server!.requests).toHaveLength(1);

      sendJson(held[0]!, 200, { text: 'one' });
      expect((await p1).text).toBe('one');
      await until(() => server!.requests.length === 2);
      expect(sampleCount(server!.requests[1]!)).toBe(24_000);

      sendJson(held[1]!, 200, { text: 'one two three' });
      expect((await p2).text).toBe('one two three');
      expect((await p3).text).toBe('one two three');
      await settleSoon();
      expect(server!.requests).toHaveLength(2);
    });

    it('sends a final at once beside a partial in flight, and answers the queued partial with it', async () => {
      const recognizer = await start();
      const p1 = recognizer.transcribe(tone(8_000), { lang: 'en', final: false });
      await until(() => server!.requests.length === 1);
      const p2 = recognizer.transcribe(tone(16_000), { lang: 'en', final: false });
      const final = recognizer.transcribe(tone(32_000), { lang: 'en', final: true });
      await until(() => server!.requests.length === 2);
      expect(sampleCount(server!.requests[1]!)).toBe(32_000);

      sendJson(held[1]!, 200, { text: 'the whole sentence' });
      expect((await final).text).toBe('the whole sentence');
      expect((await p2).text).toBe('the whole sentence');
      sendJson(held[0]!, 200, { text: 'the' });
      expect((await p1).text).toBe('the');
      await settleSoon();
      expect(server!.requests).toHaveLength(2);
    });

    it('drops a queued partial whose caller aborts, without sending it', async () => {
      const recognizer = await start();
      const p1 = recognizer.transcribe(tone(8_000), { lang: 'en', final: false });
      await until(() => server!.requests.length === 1);
      const controller = new AbortController();
      const p2 = recognizer.transcribe(tone(16_000), { lang: 'en', final: false, signal: controller.signal });
      controller.abort();
      await expect(p2).rejects.toMatchObject({ name: 'AbortError' });
      sendJson(held[0]!, 200, { text: 'one' });
      expect((await p1).text).toBe('one');
      await settleSoon();
      expect(server!.requests).toHaveLength(1);
    });

    it('cancels a shared request only when no caller still wants it', async () => {
      const recognizer = await start();
      const p1 = recognizer.transcribe(tone(8_000), { lang: 'en', final: false });
      await until(() => server!.requests.length === 1);
      const a = new AbortController();
      const p2 = recognizer.transcribe(tone(16_000), { lang: 'en', final: false, signal: a.signal });
      const p3 = recognizer.transcribe(tone(24_000), { lang: 'en', final: false });
      a.abort();
      await expect(p2).rejects.toMatchObject({ name: 'AbortError' });
      sendJson(held[0]!, 200, { text: 'one' });
      await p1;
      await until(() => server!.requests.length === 2);
      sendJson(held[1]!, 200, { text: 'one two three' });
      expect((await p3).text).toBe('one two three');
    });

    it('rejects what is pending on close, and refuses work afterwards', async () => {
      const recognizer = await start();
      const p1 = recognizer.transcribe(tone(8_000), { lang: 'en', final: false });
      await until(() => server!.requests.length === 1);
      const p2 = recognizer.transcribe(tone(16_000), { lang: 'en', final: false });
      await recognizer.close();
      await expect(p1).rejects.toMatchObject({ name: 'EngineError', code: 'unreachable' });
      await expect(p2).rejects.toMatchObject({ name: 'EngineError', code: 'unreachable' });
      await expect(recognizer.transcribe(tone(8_000), { lang: 'en', final: true })).rejects.toMatchObject({
        code: 'unreachable',
      });
    });
  });
});
