import { describe, expect, it } from 'vitest';
import { ReplayCursor, type DanmakuLogEntry } from '../../core/danmaku/replay-log';
import type { ReplayComment } from '../../core/protocol/replay';
import type { DanmakuEngine } from '../danmaku/danmaku-engine';
import { CommentCache } from './comment-cache';
import { replayComment } from './test-comments';
import { ReplayDanmakuFeed } from './replay-danmaku';

const comment = replayComment;

/** The engine's replay contract on a list of labels: `frame()` is one animation frame (the cursor is real). */
function stageEngine() {
  const stage: string[] = [];
  let source: { cursor: ReplayCursor<DanmakuLogEntry>; clock: () => number } | null = null;
  const engine = {
    replay(entries: readonly DanmakuLogEntry[], options: { clock?: () => number; resumeAt?: number } = {}) {
      const mine = {
        cursor: new ReplayCursor(
          [...entries].sort((a, b) => a.t - b.t),
          options.resumeAt,
        ),
        clock: options.clock!,
      };
      source = mine;
      return () => {
        if (source === mine) source = null;
      };
    },
    clear() {
      stage.length = 0;
    },
    snapshot: () => ({ items: stage.map((label) => ({ label })) }),
  };
  const frame = () =>
    source?.cursor.advance(
      source.clock(),
      (e) => stage.push(e.text),
      () => (stage.length = 0),
    );
  return { engine: engine as unknown as DanmakuEngine, frame };
}

async function setup(all: ReplayComment[]) {
  const cache = new CommentCache(async (from, to) => all.filter((c) => c.t >= from && c.t <= to), {
    windowMs: 30_000,
  });
  let now = 0;
  const seekListeners = new Set<() => void>();
  const feed = new ReplayDanmakuFeed(
    cache,
    () => now,
    (l) => {
      seekListeners.add(l);
      return () => seekListeners.delete(l);
    },
  );
  const { engine, frame } = stageEngine();
  const disconnect = feed.connect(engine);
  return {
    cache,
    feed,
    frame,
    disconnect,
    at: (ms: number) => (now = ms),
    seeked: () => seekListeners.forEach((l) => l()),
  };
}

describe('ReplayDanmakuFeed', () => {
  it('a seek back clears the stage as it resolves, before any frame, and the comment comes again at its time', async () => {
    const r = await setup([comment(1, 10_000)]);
    await r.cache.ensure(0, 60_000);
    r.at(10_050);
    r.frame();
    expect(r.feed.onStage()).toEqual(['comment 1']);

    r.at(8_500);
    r.seeked();
    expect(r.feed.onStage()).toEqual([]);
    r.frame();
    expect(r.feed.onStage()).toEqual([]);
    r.at(10_020);
    r.frame();
    expect(r.feed.onStage()).toEqual(['comment 1']);
  });

  it('a seek forward shows the last second before the new time, nothing older', async () => {
    const r = await setup([comment(1, 5_000), comment(2, 19_500)]);
    await r.cache.ensure(0, 60_000);
    r.at(1_000);
    r.frame();
    r.at(20_000);
    r.seeked();
    r.frame();
    expect(r.feed.onStage()).toEqual(['comment 2']);
  });

  it('a grown cache carries on without clearing the stage or showing a comment twice', async () => {
    const all = [comment(1, 29_000), comment(2, 31_000)];
    const r = await setup(all);
    await r.cache.ensure(0, 30_000); // only the first window
    r.at(29_500);
    r.frame();
    expect(r.feed.onStage()).toEqual(['comment 1']);
    await r.cache.ensure(29_500, 60_000); // the next window arrives
    r.at(31_100);
    r.frame();
    expect(r.feed.onStage()).toEqual(['comment 1', 'comment 2']);
    r.disconnect();
  });
});
