import { describe, expect, it } from 'vitest';
import type { ReplayComment } from '../../core/protocol/replay';
import { CommentCache } from './comment-cache';
import { replayComment } from './test-comments';

const comment = replayComment;

/** A backend holding `all`, answering like replay:comments (fromMs..toMs inclusive, oldest first, limited). */
function backend(all: ReplayComment[]) {
  const calls: [number, number, number][] = [];
  const fetch = async (fromMs: number, toMs: number, limit: number) => {
    calls.push([fromMs, toMs, limit]);
    return all.filter((c) => c.t >= fromMs && c.t <= toMs).slice(0, limit);
  };
  return { fetch, calls };
}

describe('CommentCache', () => {
  const all = Array.from({ length: 300 }, (_, i) => comment(i, i * 1000)); // one a second for 5 minutes

  it('loads the window at the playhead, the next and the previous one, once each, sorted', async () => {
    const b = backend(all);
    const cache = new CommentCache(b.fetch, { windowMs: 30_000 });
    await cache.ensure(45_000, 300_000);
    expect(b.calls.map(([f, t]) => [f, t])).toEqual([
      [30_000, 60_000],
      [60_000, 90_000],
      [0, 30_000],
    ]);
    expect(cache.comments.map((c) => c.t)).toEqual(all.slice(0, 90).map((c) => c.t));
    await cache.ensure(50_000, 300_000);
    expect(b.calls).toHaveLength(3);
    expect(cache.indexAt(45_500)).toBe(45);
    expect(cache.indexAt(-1)).toBe(-1);
  });

  it('reads a window denser than one answer in pages without duplicates', async () => {
    const dense = Array.from({ length: 25 }, (_, i) => comment(i, 1000 + Math.floor(i / 2) * 100));
    const b = backend(dense);
    const cache = new CommentCache(b.fetch, { windowMs: 30_000, limit: 10 });
    await cache.ensure(0, 30_000);
    expect(cache.comments.map((c) => c.id).sort()).toEqual(dense.map((c) => c.id).sort());
    expect(b.calls.length).toBeGreaterThan(2);
  });

  it('drops windows far from the playhead and tells its listeners', async () => {
    const b = backend(all);
    const cache = new CommentCache(b.fetch, { windowMs: 30_000, keep: 1 });
    let changes = 0;
    cache.onChange(() => changes++);
    await cache.ensure(0, 300_000);
    await cache.ensure(250_000, 300_000);
    // Windows 7, 8 and 9 (210 s..300 s) only.
    expect(cache.comments[0]!.t).toBe(210_000);
    expect(cache.comments.at(-1)!.t).toBe(299_000);
    expect(changes).toBeGreaterThanOrEqual(3);
  });

  it('keeps a failed window failed (with its error) and asks again next time', async () => {
    let fail = true;
    const cache = new CommentCache(
      async (from, to) => {
        if (fail) throw new Error('offline');
        return all.filter((c) => c.t >= from && c.t <= to);
      },
      { windowMs: 30_000 },
    );
    await cache.ensure(0, 30_000);
    expect(cache.comments).toEqual([]);
    expect((cache.lastError as Error).message).toBe('offline');
    fail = false;
    await cache.ensure(0, 30_000);
    expect(cache.comments).toHaveLength(30);
    expect(cache.lastError).toBeNull();
  });
});
