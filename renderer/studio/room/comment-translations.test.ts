import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TranslateRequest, Translation } from '../../../core/protocol/captions';
import type { Result } from '../../../core/protocol/result';
import type { CommentWire } from '../../../core/protocol/room-events';
import { CommentTranslator, judgeTranslation, needsTranslation } from './comment-translations';

const comment = (id: string, text: string, lang: string | null, k: 'h' | 'v' = 'v'): CommentWire => ({
  id,
  t: 0,
  a: 'u1',
  n: 'Ana',
  text,
  k,
  ...(lang ? { x: { lang, s: 'neu' as const, sc: 0, i: [], p: null } } : {}),
});

type Call = { request: TranslateRequest; answer: (r: Result<Translation[]>) => void };

function translator(options: { batchSize?: number; retryAfterMs?: number; now?: () => number } = {}) {
  const calls: Call[] = [];
  const t = new CommentTranslator({
    ...options,
    translate: (request) => new Promise((answer) => calls.push({ request, answer })),
  });
  return { t, calls };
}

const okAll = (call: Call, prefix = 'EN:') =>
  call.answer({
    ok: true,
    value: call.request.items.map((i) => ({
      id: i.id,
      text: `${prefix}${i.text}`,
      lang: call.request.target,
    })),
  });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('needsTranslation', () => {
  it("picks viewers' comments in a language the host does not read", () => {
    const readers = ['en', 'zh-CN'];
    expect(needsTranslation(comment('1', 'hola', 'es'), readers)).toBe(true);
    expect(needsTranslation(comment('2', 'hello', 'en'), readers)).toBe(false);
    expect(needsTranslation(comment('3', '你好', 'zh'), readers)).toBe(false);
    expect(needsTranslation(comment('4', 'hola', 'es', 'h'), readers)).toBe(false);
    expect(needsTranslation(comment('5', '???', 'und'), readers)).toBe(false);
    expect(needsTranslation(comment('6', 'no insight yet', null), readers)).toBe(false);
  });
});

describe('judgeTranslation', () => {
  const source = { text: 'Hola, ¿cuánto cuesta?' };
  it('is a translation only in the target language and in other words', () => {
    expect(judgeTranslation(source, { id: 'a', text: 'Hi, how much is it?', lang: 'en' }, 'en')).toBe('done');
    expect(judgeTranslation(source, { id: 'a', text: '你好，多少钱？', lang: 'zh-CN' }, 'zh-CN')).toBe(
      'done',
    );
    expect(judgeTranslation(source, { id: 'a', text: '你好，多少钱？', lang: 'zh' }, 'zh-CN')).toBe('done');
  });

  it('is no translation when the host sends the comment back in its own language (no model for it)', () => {
    expect(judgeTranslation(source, { id: 'a', text: source.text, lang: 'es' }, 'en')).toBe('untranslated');
    // Even if the words differ (a cleaned-up copy), an answer not in the target is no translation.
    expect(judgeTranslation(source, { id: 'a', text: 'hola cuanto cuesta', lang: 'es' }, 'en')).toBe(
      'untranslated',
    );
  });

  it('shows nothing for an answer in the target that repeats the comment', () => {
    expect(judgeTranslation(source, { id: 'a', text: ' hola,  ¿CUÁNTO cuesta? ', lang: 'en' }, 'en')).toBe(
      'same',
    );
  });

  it('is a failure when the answer is missing or empty', () => {
    expect(judgeTranslation(source, undefined, 'en')).toBe('failed');
    expect(judgeTranslation(source, { id: 'a', text: '  ', lang: 'en' }, 'en')).toBe('failed');
  });
});

describe('CommentTranslator', () => {
  it('gathers comments into small batches, one request at a time', async () => {
    const { t, calls } = translator({ batchSize: 2 });
    t.request('en', [comment('a', 'uno', 'es'), comment('b', 'dos', 'es'), comment('c', 'tres', 'es')]);
    expect(t.get('en', 'a')).toEqual({ state: 'pending' });
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.request).toEqual({
      target: 'en',
      items: [
        { id: 'a', text: 'uno', lang: 'es' },
        { id: 'b', text: 'dos', lang: 'es' },
      ],
    });
    okAll(calls[0]!);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.get('en', 'a')).toEqual({ state: 'done', text: 'EN:uno' });
    // The rest goes out as soon as the first batch is answered.
    expect(calls).toHaveLength(2);
    expect(calls[1]!.request.items.map((i) => i.id)).toEqual(['c']);
  });

  it('asks once per comment and target: the cache answers the rest', async () => {
    const { t, calls } = translator();
    const list = [comment('a', 'uno', 'es')];
    t.request('en', list);
    await vi.advanceTimersByTimeAsync(200);
    okAll(calls[0]!);
    await vi.advanceTimersByTimeAsync(0);
    t.request('en', list);
    t.request('en', list);
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(1);
    // Another interface language is another translation.
    t.request('zh-CN', list);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.request.target).toBe('zh-CN');
  });

  it('marks a failed batch unavailable, and asks again only after a while', async () => {
    let now = 0;
    const { t, calls } = translator({ retryAfterMs: 30_000, now: () => now });
    const list = [comment('a', 'uno', 'es'), comment('b', 'dos', 'es')];
    t.request('en', list);
    await vi.advanceTimersByTimeAsync(200);
    calls[0]!.answer({ ok: false, error: { code: 'unavailable', message: 'no translator' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.get('en', 'a')).toMatchObject({ state: 'failed' });
    t.request('en', list);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toHaveLength(1);
    now = 31_000;
    t.request('en', list);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toHaveLength(2);
  });

  it('marks comments the answer left out as unavailable, and tells listeners', async () => {
    const { t, calls } = translator();
    const seen: number[] = [];
    t.subscribe(() => seen.push(t.getVersion()));
    t.request('en', [comment('a', 'uno', 'es'), comment('b', 'dos', 'es')]);
    await vi.advanceTimersByTimeAsync(200);
    calls[0]!.answer({ ok: true, value: [{ id: 'b', text: 'two', lang: 'en' }] });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.get('en', 'a')).toMatchObject({ state: 'failed' });
    expect(t.get('en', 'b')).toEqual({ state: 'done', text: 'two' });
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });

  it('sends an unusable language tag as unknown rather than failing the batch', async () => {
    const { t, calls } = translator();
    t.request('en', [comment('a', 'hola', 'ES_mx')]);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls[0]!.request.items[0]!.lang).toBeNull();
  });

  it('stops asking once closed', async () => {
    const { t, calls } = translator();
    t.request('en', [comment('a', 'uno', 'es')]);
    t.close();
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(0);
  });
});

describe('CommentTranslator without a translator for a language', () => {
  /** How the host answers with no model for a language: the comment itself, in its own language. */
  const unchanged = (call: Call) =>
    call.answer({
      ok: true,
      value: call.request.items.map((i) => ({ id: i.id, text: i.text, lang: i.lang ?? 'und' })),
    });

  it('keeps no translation line for a comment sent back unchanged, and names the language once', async () => {
    const { t, calls } = translator();
    t.request('en', [
      comment('a', 'hola', 'es'),
      comment('b', '¿cuánto?', 'es-MX'),
      comment('c', 'salut', 'fr'),
    ]);
    await vi.advanceTimersByTimeAsync(200);
    unchanged(calls[0]!);
    await vi.advanceTimersByTimeAsync(0);
    for (const id of ['a', 'b', 'c']) expect(t.get('en', id)).toMatchObject({ state: 'untranslated' });
    expect(t.gap('en')).toEqual({ languages: ['es', 'fr'], error: null });
    // Another target has its own answer.
    expect(t.gap('zh-CN')).toEqual({ languages: [], error: null });
  });

  it('asks again after a while, and the gap closes once the language is translated', async () => {
    let now = 0;
    const { t, calls } = translator({ retryAfterMs: 30_000, now: () => now });
    const list = [comment('a', 'hola', 'es')];
    t.request('en', list);
    await vi.advanceTimersByTimeAsync(200);
    unchanged(calls[0]!);
    await vi.advanceTimersByTimeAsync(0);
    t.request('en', list);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toHaveLength(1);
    // The host downloaded a model meanwhile.
    now = 31_000;
    t.request('en', list);
    await vi.advanceTimersByTimeAsync(200);
    okAll(calls[1]!);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.get('en', 'a')).toEqual({ state: 'done', text: 'EN:hola' });
    expect(t.gap('en')).toEqual({ languages: [], error: null });
  });

  it("says the host's error while requests fail, and forgets it once one succeeds", async () => {
    const { t, calls } = translator({ retryAfterMs: 0 });
    t.request('en', [comment('a', 'hola', 'es')]);
    await vi.advanceTimersByTimeAsync(200);
    calls[0]!.answer({
      ok: false,
      error: { code: 'unavailable', message: 'DeepL translation needs a DeepL key' },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.get('en', 'a')).toMatchObject({ state: 'failed' });
    expect(t.gap('en')).toEqual({ languages: [], error: 'DeepL translation needs a DeepL key' });
    t.request('en', [comment('a', 'hola', 'es')]);
    await vi.advanceTimersByTimeAsync(200);
    okAll(calls[1]!);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.gap('en')).toEqual({ languages: [], error: null });
  });

  it('counts an answer in the target that repeats the comment as translated, with nothing to show', async () => {
    const { t, calls } = translator();
    t.request('en', [comment('a', 'OK', 'es')]);
    await vi.advanceTimersByTimeAsync(200);
    calls[0]!.answer({ ok: true, value: [{ id: 'a', text: 'OK', lang: 'en' }] });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.get('en', 'a')).toEqual({ state: 'same' });
    expect(t.gap('en').languages).toEqual([]);
  });
});
