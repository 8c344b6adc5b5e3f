// Live captions end to end below the UI: random-weight Whisper and Marian models of the real architectures
// (built here, in the layout the loaders expect) in a LIVEBRIDGE_MODELS folder; the studio host's captions
// service and worker; real speech streamed in real time through window.studio's pushAudio; the real
// backend relaying captions per language to viewer sockets. The words are nonsense; the VAD timing, the
// protocol, the language routing and the glossary spans are real and asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caption, CaptionsStatus } from '../../core/protocol/captions';
import type { Result } from '../../core/protocol/result';
import { StudioHost } from '../../main/studio-host';
import { startBackend, type Backend } from '../../server/backend';
import { quietLogger } from '../support/quiet-logger';
import { buildMarianModel, buildWhisperModel } from '../support/random-models';
import { connectAs, testToken, value, type RoomSocket } from '../support/room-clients';
import { FIXTURE_SPEECH_DIR, loadClip16k, speechBounds } from '../support/speech-clips';

const SR = 16_000;
const PRODUCT = {
  titles: { en: 'Sunglow', es: 'Solara', 'zh-CN': '晴光眼镜' },
  prices: { USD: 1999, EUR: 1899, CNY: 12900 },
};

function ok<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

describe('live captions through the studio host and the backend', () => {
  let backend: Backend;
  let modelsDir: string;
  let host: StudioHost;
  const sockets: RoomSocket[] = [];
  let roomId = '';
  let hostKey = '';
  let productId = '';
  const got: Record<string, Caption[]> = { es: [], zh: [], off: [], staff: [] };
  let truth = { startMs: 0, endMs: 0 };
  let statusAfter: CaptionsStatus;

  beforeAll(async () => {
    modelsDir = mkdtempSync(path.join(os.tmpdir(), 'lb-models-'));
    // Folder names are the model catalog's ids, as a user's LIVEBRIDGE_MODELS folder would have them.
    await buildWhisperModel(path.join(modelsDir, 'whisper-base'), 'test', {
      words: ['Sunglow', ' Sunglow'],
      wordBoost: 6,
      // As Optimum's merged decoders do: cached steps answer with empty encoder presents.
      cachedEncoderPresent: 'empty',
    });
    await buildMarianModel(path.join(modelsDir, 'opus-mt-en-es'), 'test', {
      words: ['hola'],
      seed: 7,
      cachedEncoderPresent: 'empty',
    });
    await buildMarianModel(path.join(modelsDir, 'opus-mt-en-zh'), 'test', {
      words: ['你好'],
      seed: 8,
      cachedEncoderPresent: 'empty',
    });
    backend = await startBackend({ sqliteFile: ':memory:', logger: quietLogger, media: false });
    host = new StudioHost({
      mode: 'browser',
      serverUrl: backend.url,
      userDataDir: mkdtempSync(path.join(os.tmpdir(), 'lb-cap-host-')),
      version: '0.0.0',
      logger: quietLogger,
      hostToken: testToken('host'),
      localModelsDir: modelsDir,
      modelHubUrl: 'http://127.0.0.1:9',
    });
    ok(
      await host.invoke('captions.setSettings', [
        { sourceLang: 'en', recognizer: 'local', translator: 'local' },
      ]),
    );

    const studio = await connectAs(backend.url, { role: 'host' }, sockets);
    const created = value(await studio.emitWithAck('room:create', { title: 'Captions', hostLanguage: 'en' }));
    roomId = created.room.id;
    hostKey = created.hostKey;
    const product = value(
      await studio.emitWithAck('product:upsert', { roomId, ...PRODUCT, stock: 10, images: [], aliases: [] }),
    );
    productId = product.id;
    studio.on('caption', (e) => got.staff!.push(e.caption));

    for (const [name, lang] of [
      ['es', 'es'],
      ['zh', 'zh-CN'],
      ['off', null],
    ] as const) {
      const viewer = await connectAs(backend.url, { role: 'viewer', room: roomId }, sockets);
      value(await viewer.emitWithAck('room:join', { roomId }));
      value(await viewer.emitWithAck('caption:subscribe', { roomId, lang }));
      viewer.on('caption', (e) => got[name]!.push(e.caption));
    }

    // es is asked for at start; zh-CN only by a viewer's subscription (the room's demand).
    const started = ok<CaptionsStatus>(
      await host.invoke('captions.start', [{ roomId, hostKey, targets: ['es'] }]),
    );
    expect(started.state).toBe('listening');
    await new Promise((r) => setTimeout(r, 300));

    const clip = loadClip16k(path.join(FIXTURE_SPEECH_DIR, 'LJ001-0011.wav'));
    const lead = SR;
    const stream = new Float32Array(lead + clip.length + Math.round(1.5 * SR));
    stream.set(clip, lead);
    const b = speechBounds(clip);
    truth = { startMs: ((lead + b.start) * 1000) / SR, endMs: ((lead + b.end) * 1000) / SR };
    const t0 = Date.now();
    for (let i = 0; i * 1600 < stream.length; i++) {
      const wait = t0 + (i + 1) * 100 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const chunk = stream.subarray(i * 1600, (i + 1) * 1600);
      const pcm = Buffer.alloc(chunk.length * 2);
      chunk.forEach((v, k) => pcm.writeInt16LE(Math.round(Math.max(-1, Math.min(1, v)) * 32767), k * 2));
      const pushed = ok<{ accepted: boolean }>(
        await host.invoke('captions.pushAudio', [{ seq: i, pcm: pcm.toString('base64') }]),
      );
      expect(pushed.accepted).toBe(true);
    }
    await host.captions.flush();
    await new Promise((r) => setTimeout(r, 300));
    statusAfter = ok<CaptionsStatus>(await host.invoke('captions.getStatus', []));
  }, 90_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    host?.close();
    await host?.captions.close();
    await backend?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('sends each viewer only the language it chose, and nothing to a viewer with captions off', () => {
    expect(got.es!.length).toBeGreaterThan(0);
    expect(got.zh!.length).toBeGreaterThan(0);
    expect(new Set(got.es!.map((c) => c.lang))).toEqual(new Set(['es']));
    expect(new Set(got.zh!.map((c) => c.lang))).toEqual(new Set(['zh-CN']));
    expect(got.off).toEqual([]);
    // The host's own room socket sees the source and every language.
    expect(new Set(got.staff!.map((c) => c.lang))).toEqual(new Set(['en', 'es', 'zh-CN']));
  });

  it('finds the utterance where the speech is, with partials before one final per language', () => {
    const source = got.staff!.filter((c) => c.source);
    const finals = source.filter((c) => c.final);
    expect(finals).toHaveLength(1);
    const final = finals[0]!;
    // Silero VAD on real speech: the utterance starts and ends near the true speech bounds.
    expect(Math.abs(final.startMs - truth.startMs)).toBeLessThan(400);
    expect(Math.abs(final.endMs - truth.endMs)).toBeLessThan(600);
    const partials = source.filter((c) => !c.final && c.id === final.id);
    expect(partials.length).toBeGreaterThan(1);
    expect(Math.max(...partials.map((c) => c.emittedAt))).toBeLessThanOrEqual(final.emittedAt);
    // Partials grow over the utterance: each covers at least the audio of the one before.
    for (let i = 1; i < partials.length; i++)
      expect(partials[i]!.endMs).toBeGreaterThanOrEqual(partials[i - 1]!.endMs);
    for (const list of [got.es!, got.zh!]) {
      const f = list.filter((c) => c.final);
      expect(f).toHaveLength(1);
      expect(f[0]!.id).toBe(final.id);
      expect(f[0]!.emittedAt).toBeGreaterThanOrEqual(final.emittedAt);
    }
  });

  it('keeps catalog product names exact in every language, at the offsets the caption gives', () => {
    const source = got.staff!.find((c) => c.source && c.final)!;
    const sourceTerms = source.terms.filter((t) => t.kind === 'product');
    // The test recognizer's vocabulary favours the product's name, so the nonsense mentions it.
    expect(sourceTerms.length).toBeGreaterThan(0);
    for (const t of sourceTerms) expect(source.text.slice(t.start, t.end).toLowerCase()).toBe('sunglow');
    for (const [list, title] of [
      [got.es!, 'Solara'],
      [got.zh!, '晴光眼镜'],
    ] as const) {
      const final = list.find((c) => c.final)!;
      const products = final.terms.filter((t) => t.kind === 'product');
      expect(products.length).toBeGreaterThanOrEqual(1);
      for (const t of products) {
        expect(final.text.slice(t.start, t.end)).toBe(title);
        expect(t.productId).toBe(productId);
      }
      expect(final.text).not.toMatch(/ZX\d+Q/);
    }
  });

  it('reports each language, the lag and the recognizer speed in the studio status', () => {
    expect(statusAfter.targets.sort()).toEqual(['es', 'zh-CN']);
    expect(statusAfter.lanes.map((l) => l.lang).sort()).toEqual(['en', 'es', 'zh-CN']);
    for (const lane of statusAfter.lanes) {
      expect(lane.final).toBe(true);
      expect(lane.lagMs).toBeGreaterThan(0);
    }
    expect(statusAfter.lagP50Ms).toBeGreaterThan(0);
    expect(statusAfter.rtf).toBeGreaterThan(0);
    const whisper = statusAfter.models.find((m) => m.id === 'whisper-base')!;
    expect(whisper).toMatchObject({ state: 'ready', required: true });
  });

  it('translates a viewer comment into the host language with the product name kept', async () => {
    const out = ok<{ id: string; text: string; lang: string }[]>(
      await host.invoke('translate.comments', [
        { target: 'es', items: [{ id: 'c1', text: 'is Sunglow in stock?', lang: 'en' }] },
      ]),
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ id: 'c1', lang: 'es' });
    expect(out[0]!.text).toContain('Solara');
  });

  it('refuses captions from a viewer, a wrong host key and a malformed caption, and keeps relaying', async () => {
    const caption = {
      id: 'x1',
      lang: 'es',
      text: '<img src=x onerror=alert(1)>',
      final: true,
      source: false,
      startMs: 0,
      endMs: 10,
      emittedAt: Date.now(),
      terms: [],
    };
    const viewer = await connectAs(backend.url, { role: 'viewer', room: roomId }, sockets);
    value(await viewer.emitWithAck('room:join', { roomId }));
    const asViewer = await viewer.emitWithAck('caption:publish', { roomId, hostKey, captions: [caption] });
    expect(asViewer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const intruder = await connectAs(backend.url, { role: 'host' }, sockets);
    const wrongKey = await intruder.emitWithAck('caption:publish', {
      roomId,
      hostKey: 'not-the-key-of-this-room',
      captions: [caption],
    });
    expect(wrongKey).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const badTerm = await intruder.emitWithAck('caption:publish', {
      roomId,
      hostKey,
      captions: [{ ...caption, terms: [{ start: 5, end: 500, productId: null, kind: 'product' }] }],
    });
    expect(badTerm).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    // The real host key relays, and the text arrives as the same characters (the pages render text only).
    const before = got.es!.length;
    value(await intruder.emitWithAck('caption:publish', { roomId, hostKey, captions: [caption] }));
    await expect.poll(() => got.es!.length).toBe(before + 1);
    expect(got.es!.at(-1)!.text).toBe(caption.text);
  });

  it('says which model is missing and how large it is, and refuses to start without it', async () => {
    const bare = new StudioHost({
      mode: 'browser',
      serverUrl: backend.url,
      userDataDir: mkdtempSync(path.join(os.tmpdir(), 'lb-cap-bare-')),
      version: '0.0.0',
      logger: quietLogger,
      hostToken: testToken('host'),
      localModelsDir: mkdtempSync(path.join(os.tmpdir(), 'lb-empty-models-')),
      modelHubUrl: 'http://127.0.0.1:9',
    });
    try {
      const status = ok<CaptionsStatus>(await bare.invoke('captions.getStatus', []));
      const whisper = status.models.find((m) => m.id === 'whisper-base')!;
      expect(whisper.state).toBe('missing');
      expect(whisper.bytes).toBeGreaterThan(50 * 1024 * 1024);
      const started = await bare.invoke('captions.start', [{ roomId, hostKey, targets: ['es'] }]);
      expect(started.ok).toBe(false);
      if (!started.ok) {
        expect(started.error.code).toBe('unavailable');
        expect(started.error.message).toMatch(/Whisper base/);
        expect(started.error.message).toMatch(/MB/);
      }
      const after = ok<CaptionsStatus>(await bare.invoke('captions.getStatus', []));
      expect(after.state).toBe('error');
      expect(after.error).toMatch(/Whisper base/);
    } finally {
      bare.close();
      await bare.captions.close();
    }
  });
});
