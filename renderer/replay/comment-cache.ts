// The replayed comments around the playhead: fetched window by window (`replay:comments`, at most
// REPLAY_COMMENTS_MAX per answer, so a dense window is read in pages), kept sorted by time without
// duplicates, and windows far from the playhead dropped, so a two-hour stream with 200,000 comments never
// sits in the page at once. The danmaku layer and the comment list read the same cache.
import { REPLAY_COMMENTS_MAX, type ReplayComment } from '../../core/protocol/replay';

export type FetchComments = (fromMs: number, toMs: number, limit: number) => Promise<ReplayComment[]>;

export interface CommentCacheOptions {
  /** Length of one window (ms). */
  windowMs?: number;
  /** Windows kept on each side of the playhead's; farther ones are dropped. */
  keep?: number;
  /** Comments per request. */
  limit?: number;
}

type WindowState = 'loading' | 'loaded' | 'failed';

export class CommentCache {
  readonly windowMs: number;
  private readonly keep: number;
  private readonly limit: number;
  private readonly windows = new Map<number, WindowState>();
  private readonly byWindow = new Map<number, ReplayComment[]>();
  private sorted: ReplayComment[] = [];
  private readonly listeners = new Set<() => void>();
  private generation = 0;
  /** The last error a window failed with (shown by the list), cleared by the next success. */
  lastError: unknown = null;

  constructor(
    private readonly fetch: FetchComments,
    options: CommentCacheOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 30_000;
    this.keep = options.keep ?? 3;
    this.limit = options.limit ?? REPLAY_COMMENTS_MAX;
  }

  /** Every cached comment, by time. A new array after each change (the danmaku layer replays it). */
  get comments(): readonly ReplayComment[] {
    return this.sorted;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Makes sure the windows of `ms` and the next one are loaded (and the one before, for a seek back), drops
   * far ones. Resolves once the requests it started have settled.
   */
  async ensure(ms: number, durationMs: number): Promise<void> {
    const here = Math.floor(Math.max(0, ms) / this.windowMs);
    const last = Math.max(0, Math.floor(Math.max(0, durationMs - 1) / this.windowMs));
    let dropped = false;
    for (const w of [...this.windows.keys()])
      if (Math.abs(w - here) > this.keep) {
        this.windows.delete(w);
        dropped = this.byWindow.delete(w) || dropped;
      }
    if (dropped) this.rebuild();
    const wanted = [here, here + 1, here - 1].filter((w) => w >= 0 && w <= last);
    const loads = wanted
      .filter((w) => this.windows.get(w) === undefined || this.windows.get(w) === 'failed')
      .map((w) => this.load(w));
    await Promise.all(loads);
  }

  /** The index of the last comment at or before `ms` (-1: none). */
  indexAt(ms: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]!.t <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Forgets everything (another stream). */
  clear(): void {
    this.generation++;
    this.windows.clear();
    this.byWindow.clear();
    this.rebuild();
  }

  private async load(w: number): Promise<void> {
    const generation = this.generation;
    this.windows.set(w, 'loading');
    const from = w * this.windowMs;
    const to = from + this.windowMs;
    const got = new Map<string, ReplayComment>();
    try {
      let cursor = from;
      // A window denser than one answer is read in pages, each from the last time the previous one reached.
      for (;;) {
        const page = await this.fetch(cursor, to, this.limit);
        for (const c of page) if (c.t >= from && c.t < to) got.set(c.id, c);
        const lastT = page.at(-1)?.t;
        if (page.length < this.limit || lastT === undefined || lastT <= cursor) break;
        cursor = lastT;
      }
    } catch (error) {
      if (generation !== this.generation) return;
      this.windows.set(w, 'failed');
      this.lastError = error;
      this.emit();
      return;
    }
    // Cleared, or dropped as too far while it loaded: its comments are not wanted any more.
    if (generation !== this.generation || this.windows.get(w) !== 'loading') return;
    this.windows.set(w, 'loaded');
    this.byWindow.set(w, [...got.values()]);
    this.lastError = null;
    this.rebuild();
  }

  private rebuild(): void {
    const all: ReplayComment[] = [];
    for (const list of this.byWindow.values()) all.push(...list);
    all.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.sorted = all;
    this.emit();
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }
}
