// Where every danmaku comment flies. The stage is cut into lanes one line high; a comment enters a lane only
// if it can never touch any other comment there during its whole flight, so nothing ever overlaps. Beyond
// that, a density cap, duplicate merging ("666 ×12") and shedding (counted, shown as "+N") keep it readable.
// Pure: the caller passes the time (ms on any monotonic clock) and a text measurer, so this runs in Node.
// This file is the policy (what waits, merges and is shed); the lanes and where a box fits are LaneStage's.
import { LaneStage, type DanmakuLayoutOptions } from './lane-stage';
import {
  DanmakuItem,
  labelOf,
  type DanmakuComment,
  type DanmakuLayoutState,
  type DanmakuMode,
  type PushResult,
} from './danmaku-item';
import { mergeKey } from './merge-key';

export {
  DanmakuItem,
  type DanmakuBox,
  type DanmakuComment,
  type DanmakuLayoutState,
  type DanmakuMode,
  type PushResult,
} from './danmaku-item';

export type { DanmakuLayoutOptions, MeasureText } from './lane-stage';

/** A top or bottom comment waits this long for its own lane before it scrolls instead. */
const FIXED_PATIENCE_MS = 1000;
/** "+N" counts the comments shed since the last quiet spell this long. */
const SHED_QUIET_MS = 5000;

export class DanmakuLayout<S = unknown> extends LaneStage<S> {
  /** Comments waiting for a lane, oldest first: viewers', and host and pinned ones (placed first). */
  private readonly queue: DanmakuItem<S>[] = [];
  private readonly priorityQueue: DanmakuItem<S>[] = [];
  /** Per step: the narrowest box of each mode that found no lane (see `tryPlace`). */
  private readonly failWidth: Record<DanmakuMode, number> = {
    scroll: Infinity,
    top: Infinity,
    bottom: Infinity,
  };
  /** The newest item (queued or on stage) per merge key, for viewer comments only. */
  private readonly byKey = new Map<string, DanmakuItem<S>>();
  private received = 0;
  private shedTotal = 0;
  private shedBurst = 0;
  private lastShedAt = -Infinity;

  constructor(options: DanmakuLayoutOptions) {
    super(options);
    this.setGeometry();
  }

  /** Items waiting for a lane. */
  get queued(): number {
    return this.queue.length + this.priorityQueue.length;
  }

  /** Takes a comment: merged into a matching item, or queued for a lane (placed by the next `step`). */
  push(comment: DanmakuComment, now: number): PushResult {
    const text = this.displayText(comment.text);
    if (text === '') return 'ignored';
    this.received++;
    const host = comment.host === true;
    const pinned = comment.pinned === true;
    const key = mergeKey(text);
    const priority = host || pinned;
    if (!priority) {
      const same = this.byKey.get(key);
      if (same && this.bumpCount(same, now)) {
        if (same.lane !== -1) this.shown++;
        return 'merged';
      }
    }
    const mode = comment.mode ?? 'scroll';
    const wait = priority ? this.o.priorityWaitMs : this.o.maxWaitMs;
    const color = comment.color ?? 0xffffff;
    const item = new DanmakuItem<S>(comment.id, key, text, mode, color, host, pinned, now, now + wait);
    // A second copy that could not be merged into the first: give this one room to count the next ones.
    if (!priority && this.byKey.has(key)) item.reserved = true;
    const queue = priority ? this.priorityQueue : this.queue;
    queue.push(item);
    if (!priority) this.byKey.set(key, item);
    // Overflow sheds the oldest waiting comment (the stalest) that nobody repeated: what many people are
    // saying is kept (it is shown as one "×N" item); and never one that a lane is being cleared for.
    if (queue.length > this.o.maxQueue) {
      const droppable = (q: DanmakuItem<S>) => q.mode === 'scroll' || this.reservations[q.mode] !== q;
      let victim = queue.findIndex((q) => q.count === 1 && droppable(q));
      if (victim === -1) victim = queue.findIndex(droppable);
      this.dropQueued(queue, victim, now);
    }
    return 'queued';
  }

  /** Advances to `now`: items that have left go, queued ones get lanes where they fit, stale ones are shed. */
  step(now: number): void {
    const items = this.items;
    let write = 0;
    for (let read = 0; read < items.length; read++) {
      const item = items[read]!;
      if (item.end <= now) this.detach(item);
      else items[write++] = item;
    }
    items.length = write;
    this.placeQueued(this.priorityQueue, now, true);
    this.placeQueued(this.queue, now, false);
  }

  /**
   * New font size, speed or density cap. A new font size clears the stage (lanes change height); a new speed
   * applies to comments placed from now on.
   */
  configure(options: { fontSize?: number; scrollMs?: number; maxOnStage?: number }): void {
    if (options.scrollMs !== undefined) this.o.scrollMs = options.scrollMs;
    if (options.maxOnStage !== undefined) this.o.maxOnStage = options.maxOnStage;
    if (options.fontSize !== undefined && options.fontSize !== this.fontSize) {
      this.fontSize = options.fontSize;
      this.clear();
      this.setGeometry();
    }
  }

  /**
   * Takes the item first shown for comment `id` off the stage or out of the queue (a comment deleted by
   * moderation); copies merged into another item are not tracked one by one. Returns whether it was found.
   */
  remove(id: string): boolean {
    for (const queue of [this.queue, this.priorityQueue]) {
      const i = queue.findIndex((item) => item.id === id);
      if (i !== -1) {
        this.forget(queue[i]!);
        queue.splice(i, 1);
        return true;
      }
    }
    const before = this.items.length;
    this.dropWhere((item) => item.id === id);
    return this.items.length < before;
  }

  /** Empties the stage and the queue (a seek in a replay); nothing is counted as shed. */
  clear(): void {
    this.dropWhere(() => true);
    for (const queue of [this.queue, this.priorityQueue]) {
      for (const item of queue) this.release(item);
      queue.length = 0;
    }
    this.byKey.clear();
  }

  /** "+N": comments shed since the last quiet spell, or 0 once it has been quiet for a while. */
  shedBadge(now: number): number {
    return now - this.lastShedAt > SHED_QUIET_MS ? 0 : this.shedBurst;
  }

  /** Every item's box at `now` and the counters: what tests and the test hook read. */
  layoutState(now: number): DanmakuLayoutState {
    return {
      width: this.width,
      height: this.height,
      laneHeight: this.laneH,
      lanes: this.laneScroll.length,
      items: this.items.map((item) => ({
        id: item.id,
        label: item.label,
        count: item.count,
        mode: item.mode,
        lane: item.lane,
        x: item.xAt(now),
        y: item.y,
        w: item.w,
        h: item.h,
        host: item.host,
        pinned: item.pinned,
      })),
      onStage: this.items.length,
      queued: [...this.queue, ...this.priorityQueue].reduce((n, item) => n + item.count, 0),
      received: this.received,
      shown: this.shown,
      shed: this.shedTotal,
      placed: this.placed,
      shedBadge: this.shedBadge(now),
    };
  }

  private displayText(text: string): string {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    const chars = Array.from(oneLine);
    return chars.length > this.o.maxChars ? `${chars.slice(0, this.o.maxChars - 1).join('')}…` : oneLine;
  }

  private countShed(n: number, now: number): void {
    this.shedTotal += n;
    if (now - this.lastShedAt > SHED_QUIET_MS) this.shedBurst = 0;
    this.shedBurst += n;
    this.lastShedAt = now;
  }

  /** One more copy of `item`: counted if its box has (or can get) room for the count. */
  private bumpCount(item: DanmakuItem<S>, now: number): boolean {
    if (item.lane !== -1 && !item.reserved && !this.widen(item, now)) return false;
    if (item.lane === -1) item.reserved = true;
    item.count++;
    const label = labelOf(item.text, item.count);
    if (label !== item.label) {
      item.label = label;
      item.labelVersion++;
    }
    return true;
  }

  /**
   * Places what it can from `queue` and sheds what waited too long. Comments that several people sent
   * (count > 1) go first: when the stage is full, what many are saying is what gets shown.
   */
  private placeQueued(queue: DanmakuItem<S>[], now: number, priority: boolean): void {
    const fail = this.failWidth;
    fail.scroll = fail.top = fail.bottom = Infinity;
    for (let i = 0; i < queue.length; i++) {
      const item = queue[i]!;
      if (item.count > 1 && now <= item.deadline) this.tryPlace(item, now, priority);
    }
    let write = 0;
    for (let read = 0; read < queue.length; read++) {
      const item = queue[read]!;
      if (item.lane !== -1) continue; // placed above
      if (now > item.deadline) {
        this.forget(item);
        this.countShed(item.count, now);
        continue;
      }
      if (!this.tryPlace(item, now, priority)) queue[write++] = item;
    }
    queue.length = write;
  }

  private tryPlace(item: DanmakuItem<S>, now: number, priority: boolean): boolean {
    if (!priority && this.items.length >= this.o.maxOnStage) return false;
    const w = this.boxWidth(item);
    // Within one step, once a box of some width found no lane, wider ones of that mode will not either.
    if (w < this.failWidth[item.mode]) {
      if (this.place(item, w, now)) return true;
      this.failWidth[item.mode] = w;
    }
    if (item.mode !== 'scroll' && this.reservations[item.mode] !== item) {
      // One top and one bottom comment at a time get a lane cleared for them; the others, rather than
      // wait to be shed, soon fly as scrolling comments (still shown, still readable).
      if (!this.reservations[item.mode]) this.reserve(item, w, now);
      else if (now - item.queuedAt > FIXED_PATIENCE_MS) item.mode = 'scroll';
    }
    return false;
  }

  private dropQueued(queue: DanmakuItem<S>[], index: number, now: number): void {
    if (index < 0) return;
    const [item] = queue.splice(index, 1);
    if (!item) return;
    this.forget(item);
    this.countShed(item.count, now);
  }

  protected forget(item: DanmakuItem<S>): void {
    if (this.byKey.get(item.key) === item) this.byKey.delete(item.key);
    this.release(item);
  }
}
