// The comments flown over the replayed video: the danmaku layer's engine replays the comment cache against
// the player's stream time (pausing the video stops new comments). A seek clears the stage as it resolves, so
// nothing from the time left is read after it. When the cache grows (the next window arrived) the replay carries
// on from where it was, showing nothing twice.
import type { DanmakuLogEntry } from '../../core/danmaku/replay-log';
import type { ReplayComment } from '../../core/protocol/replay';
import type { DanmakuEngine } from '../danmaku/danmaku-engine';
import type { CommentCache } from './comment-cache';

/** Sentiment tints (0xRRGGBB) on the stage; a neutral or unknown comment stays white. */
const TINT: Record<'pos' | 'neg', number> = { pos: 0x8ff0b8, neg: 0xff9a9a };

export const toLogEntry = (c: ReplayComment): DanmakuLogEntry => ({
  id: c.id,
  t: c.t,
  text: c.text,
  ...(c.sentiment === 'pos' || c.sentiment === 'neg' ? { color: TINT[c.sentiment] } : {}),
});

export class ReplayDanmakuFeed {
  private engine: DanmakuEngine | null = null;
  private stop: (() => void) | null = null;
  /** The clock value the engine's replay last read (where a grown log resumes). */
  private lastClock: number | undefined;

  constructor(
    private readonly cache: CommentCache,
    private readonly clock: () => number,
    private readonly onSeek: (listener: () => void) => () => void,
  ) {}

  connect(engine: DanmakuEngine): () => void {
    this.engine = engine;
    this.lastClock = undefined;
    this.restart();
    // A seek clears the stage at once (what is on it belongs to the time left) and starts the replay again
    // from the new time, the last second before it included; a replay that had shown every comment had stopped.
    const seeked = () => {
      engine.clear();
      this.lastClock = undefined;
      this.restart();
    };
    const offs = [this.cache.onChange(() => this.restart()), this.onSeek(seeked)];
    return () => {
      offs.forEach((off) => off());
      this.stop?.();
      this.stop = null;
      if (this.engine === engine) this.engine = null;
    };
  }

  /** The texts drawn on the stage now (the test hook). */
  onStage(): string[] {
    return this.engine?.snapshot().items.map((i) => i.label) ?? [];
  }

  private restart(): void {
    const engine = this.engine;
    if (!engine) return;
    this.stop?.();
    const clock = () => {
      const now = this.clock();
      this.lastClock = now;
      return now;
    };
    this.stop = engine.replay(this.cache.comments.map(toLogEntry), {
      clock,
      ...(this.lastClock !== undefined ? { resumeAt: this.lastClock } : {}),
    });
  }
}
