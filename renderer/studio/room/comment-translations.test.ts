import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TranslateRequest, Translation } from '../../../core/protocol/captions';
import type { Result } from '../../../core/protocol/result';
import type { CommentWire } from '../../../core/protocol/room-events';
import { CommentTranslator, needsTranslation } from './comment-translations';

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
