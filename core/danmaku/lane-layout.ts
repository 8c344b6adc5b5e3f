// Where every danmaku comment flies. The stage is cut into lanes one line high; a comment enters a lane only
// if it can never touch any other comment there during its whole flight, so nothing ever overlaps. Beyond
// that, a density cap, duplicate merging ("666 ×12") and shedding (counted, shown as "+N") keep it readable.
// Pure: the caller passes the time (ms on any monotonic clock) and a text measurer, so this runs in Node.
import {
  DanmakuItem,
  labelOf,
  WIDEST_BADGE,
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

/** Width in px of `text` set at `fontSize` px (a canvas measureText in the browser). */
export type MeasureText = (text: string, fontSize: number) => number;

export interface DanmakuLayoutOptions {
  /** Stage size in CSS px. */
  width: number;
  height: number;
  fontSize: number;
  measure: MeasureText;
  /** Lane height as a multiple of the font size. */
  lineHeight?: number;
  /** How long a scrolling comment takes to cross the stage and its own width (longer text moves faster). */
  scrollMs?: number;
  /** How long a top or bottom comment stays. */
  fixedMs?: number;
  /** Density cap: at most this many comments on stage (host and pinned ones get a lane even beyond it). */
  maxOnStage?: number;
  /** Comments waiting for a free lane; beyond this the oldest viewer comment is shed. */
  maxQueue?: number;
  /** A viewer comment that found no lane for this long is shed; host and pinned ones wait `priorityWaitMs`. */
  maxWaitMs?: number;
  priorityWaitMs?: number;
  /** Longer text is cut with "…" so that it stays readable at flight speed. */
  maxChars?: number;
}

const DEFAULTS = {
  lineHeight: 1.3,
  scrollMs: 6000,
  fixedMs: 4000,
  maxOnStage: 180,
  maxQueue: 48,
  maxWaitMs: 3000,
  priorityWaitMs: 8000,
  maxChars: 48,
};

/** A top or bottom comment waits this long for its own lane before it scrolls instead. */
const FIXED_PATIENCE_MS = 1000;
/** "+N" counts the comments shed since the last quiet spell this long. */
const SHED_QUIET_MS = 5000;

const removeFrom = <T>(list: T[], item: T): void => {
  const i = list.indexOf(item);
  if (i === -1) return;
  for (let j = i; j < list.length - 1; j++) list[j] = list[j + 1]!;
  list.length -= 1;
};

/**
 * Does a scrolling box (left edge `x` at `ts`, width `w`, `v` px/ms leftwards) come within `gap` of a fixed
 * box [a, b] shown during [tf, ef)? It is within reach while its left edge is left of b + gap and its right
 * edge right of a - gap: an open time interval, which must not meet [tf, ef).
 */
function scrollMeetsFixed(
  x: number,
  ts: number,
  w: number,
  v: number,
  a: number,
  b: number,
  tf: number,
  ef: number,
  gap: number,
): boolean {
  const from = ts + (x - (b + gap)) / v;
  const to = ts + (x + w - (a - gap)) / v;
  return from < ef && tf < to;
}

export class DanmakuLayout<S = unknown> {
  /** Items on stage, oldest first. Read by the renderer every frame; do not modify. */
  readonly items: DanmakuItem<S>[] = [];
  /** Called when an item leaves (or is dropped from) the stage, so its sprite can be freed. */
  onRemove: ((item: DanmakuItem<S>) => void) | null = null;

  private width: number;
  private height: number;
  private fontSize: number;
  private readonly measure: MeasureText;
  private readonly o: Required<Omit<DanmakuLayoutOptions, 'width' | 'height' | 'fontSize' | 'measure'>>;
  private laneH = 0;
  private gap = 0;
  private pad = 0;
  private badgeW = 0;
  private laneScroll: DanmakuItem<S>[][] = [];
  private laneFixed: DanmakuItem<S>[][] = [];
  /** A lane closed to new scrolling comments while a top or bottom comment waits for it (see `reserve`). */
  private reservedBy: (DanmakuItem<S> | null)[] = [];
  private readonly reservations: Record<'top' | 'bottom', DanmakuItem<S> | null> = {
    top: null,
    bottom: null,
  };
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
  private placed = 0;
  private shown = 0;
  private shedTotal = 0;
  private shedBurst = 0;
  private lastShedAt = -Infinity;

  constructor(options: DanmakuLayoutOptions) {
    this.width = options.width;
    this.height = options.height;
    this.fontSize = options.fontSize;
    this.measure = options.measure;
    this.o = {
      lineHeight: options.lineHeight ?? DEFAULTS.lineHeight,
      scrollMs: options.scrollMs ?? DEFAULTS.scrollMs,
      fixedMs: options.fixedMs ?? DEFAULTS.fixedMs,
      maxOnStage: options.maxOnStage ?? DEFAULTS.maxOnStage,
      maxQueue: options.maxQueue ?? DEFAULTS.maxQueue,
      maxWaitMs: options.maxWaitMs ?? DEFAULTS.maxWaitMs,
      priorityWaitMs: options.priorityWaitMs ?? DEFAULTS.priorityWaitMs,
      maxChars: options.maxChars ?? DEFAULTS.maxChars,
    };
    this.setGeometry();
  }

  get laneHeight(): number {
    return this.laneH;
  }

  get laneCount(): number {
    return this.laneScroll.length;
  }

  /** Horizontal room each side of the text inside its box (for the outline). */
  get padding(): number {
    return this.pad;
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

  /** The stage changed size: new comments use the new width; items in lanes that no longer fit are dropped. */
  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    const lanes = Math.max(0, Math.floor(height / this.laneH));
    this.dropWhere((item) => item.lane >= lanes || item.y + item.h > height);
    for (let lane = lanes; lane < this.reservedBy.length; lane++) {
      const holder = this.reservedBy[lane];
      if (holder) this.release(holder);
    }
    this.laneScroll.length = Math.min(this.laneScroll.length, lanes);
    this.laneFixed.length = Math.min(this.laneFixed.length, lanes);
    this.reservedBy.length = Math.min(this.reservedBy.length, lanes);
    while (this.laneScroll.length < lanes) {
      this.laneScroll.push([]);
      this.laneFixed.push([]);
      this.reservedBy.push(null);
    }
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

  private setGeometry(): void {
    const fs = this.fontSize;
    this.laneH = Math.max(1, Math.ceil(fs * this.o.lineHeight));
    this.gap = Math.max(4, Math.round(fs * 0.5));
    this.pad = Math.max(2, Math.ceil(fs / 10));
    this.badgeW = Math.ceil(this.measure(WIDEST_BADGE, fs)) + 1;
    this.laneScroll = [];
    this.laneFixed = [];
    this.reservedBy = [];
    this.reservations.top = null;
    this.reservations.bottom = null;
    this.resize(this.width, this.height);
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

  private boxWidth(item: DanmakuItem<S>): number {
    if (item.textWidth < 0) this.fitText(item);
    return item.textWidth + 2 * this.pad + (item.reserved ? this.badgeW : 0);
  }

  /**
   * Measures the item's text; one wider than the stage (with room for a count) is cut with "…" until it
   * fits, so a long comment over a small preview still flies instead of waiting for a lane it never gets.
   */
  private fitText(item: DanmakuItem<S>): void {
    const fs = this.fontSize;
    item.textWidth = Math.ceil(this.measure(item.text, fs));
    const room = this.width - 2 * this.pad - this.badgeW;
    if (item.textWidth <= room || room <= 0) return;
    const chars = Array.from(item.text.replace(/…$/, ''));
    let lo = 0;
    let hi = chars.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.measure(`${chars.slice(0, mid).join('')}…`, fs) <= room) lo = mid;
      else hi = mid - 1;
    }
    if (lo === 0) return; // not one character fits: it waits, and is shed like any comment with no lane
    item.text = `${chars.slice(0, lo).join('')}…`;
    item.textWidth = Math.ceil(this.measure(item.text, fs));
    item.label = labelOf(item.text, item.count);
    item.labelVersion++;
  }

  /** Grows an item on stage to make room for the count badge, if that cannot touch anything in its lane. */
  private widen(item: DanmakuItem<S>, now: number): boolean {
    const gap = this.gap;
    const lane = item.lane;
    const w = item.textWidth + 2 * this.pad + this.badgeW;
    if (item.mode === 'scroll') {
      const end = item.t0 + (item.x0 + w) / item.v;
      const list = this.laneScroll[lane]!;
      const next = list[list.indexOf(item) + 1];
      if (next) {
        // The follower must stay `gap` behind the wider box until the box has left.
        if (next.xAt(now) - (item.xAt(now) + w) < gap || next.xAt(end) < gap) return false;
      }
      for (const f of this.laneFixed[lane]!)
        if (scrollMeetsFixed(item.x0, item.t0, w, item.v, f.x0, f.x0 + f.w, f.t0, f.end, gap)) return false;
      item.w = w;
      item.end = end;
      item.reserved = true;
      return true;
    }
    const x0 = Math.round(item.x0 + item.w / 2 - w / 2);
    if (x0 < 0 || x0 + w > this.width) return false;
    if (this.fixedBlocked(lane, x0, x0 + w, now, item.end, item)) return false;
    item.x0 = x0;
    item.w = w;
    item.reserved = true;
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

  /**
   * Picks a lane and puts the item there. Top comments fill from the top down and bottom ones from the bottom
   * up. A scrolling comment takes, of the lanes it fits in now, the one it fits most tightly (the lane whose
   * last comment it could have followed least long ago), so that lanes with room to spare stay free for
   * comments that need it (a long, fast one cannot follow a short, slow one for a while); an empty lane
   * counts as the loosest, and ties go to the upper lane, so a quiet stage fills from the top.
   */
  private place(item: DanmakuItem<S>, w: number, now: number): boolean {
    const lanes = this.laneScroll.length;
    if (w > this.width) return false;
    if (item.mode === 'scroll') {
      const v = (this.width + w) / this.o.scrollMs;
      let best = -1;
      let bestSlack = Infinity;
      for (let lane = 0; lane < lanes; lane++) {
        const slack = this.scrollSlack(lane, w, v, now);
        if (slack < 0) continue;
        if (best === -1 || slack < bestSlack) {
          best = lane;
          bestSlack = slack;
        }
      }
      if (best === -1) return false;
      item.x0 = this.width;
      item.v = v;
      item.end = now + this.o.scrollMs;
      this.laneScroll[best]!.push(item);
      this.settle(item, best, w, now);
      return true;
    }
    for (let k = 0; k < lanes; k++) {
      const lane = item.mode === 'bottom' ? lanes - 1 - k : k;
      const x0 = Math.round((this.width - w) / 2);
      const end = now + this.o.fixedMs;
      if (this.fixedBlocked(lane, x0, x0 + w, now, end, item)) continue;
      item.x0 = x0;
      item.v = 0;
      item.end = end;
      this.laneFixed[lane]!.push(item);
      this.settle(item, lane, w, now);
      return true;
    }
    return false;
  }

  private settle(item: DanmakuItem<S>, lane: number, w: number, now: number): void {
    this.release(item);
    item.lane = lane;
    item.t0 = now;
    item.y = lane * this.laneH;
    item.w = w;
    item.h = this.laneH;
    this.items.push(item);
    this.placed++;
    this.shown += item.count;
  }

  /**
   * How long ago (ms) a scrolling box of width `w` at speed `v` could first have entered `lane`; negative:
   * it cannot enter now; Infinity: nothing in the lane limits it. Against the lane's last scrolling comment
   * p: p's right edge must be `gap` inside the stage, and if the new box is faster it must not catch up with
   * p before p has left (the gap between them changes linearly, so checking both ends is enough; comments
   * further ahead are further away). Against top/bottom comments in the lane: it must not come near them
   * while they are shown.
   */
  private scrollSlack(lane: number, w: number, v: number, now: number): number {
    if (this.reservedBy[lane]) return -1;
    const gap = this.gap;
    const width = this.width;
    for (const f of this.laneFixed[lane]!)
      if (scrollMeetsFixed(width, now, w, v, f.x0, f.x0 + f.w, f.t0, f.end, gap)) return -1;
    const list = this.laneScroll[lane]!;
    const p = list[list.length - 1];
    if (!p) return Infinity;
    // p's right edge is `gap` inside the stage from `clear`; the new box stays behind it from `behind`.
    const clear = p.t0 + (p.x0 + p.w + gap - width) / p.v;
    const behind = p.end - (width - gap) / v;
    return now - Math.max(clear, behind);
  }

  /** Would a fixed box [a, b] shown during [from, to) in `lane` come near anything there (`self` aside)? */
  private fixedBlocked(
    lane: number,
    a: number,
    b: number,
    from: number,
    to: number,
    self: DanmakuItem<S> | null,
  ): boolean {
    const holder = this.reservedBy[lane];
    if (holder && holder !== self) return true;
    const gap = this.gap;
    for (const f of this.laneFixed[lane]!) {
      if (f === self) continue;
      if (f.end > from && f.t0 < to && a < f.x0 + f.w + gap && f.x0 < b + gap) return true;
    }
    for (const s of this.laneScroll[lane]!)
      if (scrollMeetsFixed(s.x0, s.t0, s.w, s.v, a, b, from, to, gap)) return true;
    return false;
  }

  private dropQueued(queue: DanmakuItem<S>[], index: number, now: number): void {
    if (index < 0) return;
    const [item] = queue.splice(index, 1);
    if (!item) return;
    this.forget(item);
    this.countShed(item.count, now);
  }

  private forget(item: DanmakuItem<S>): void {
    if (this.byKey.get(item.key) === item) this.byKey.delete(item.key);
    this.release(item);
  }

  /**
   * Under steady scrolling traffic a top or bottom comment would never find a lane clear for its whole
   * showing time. So the first one that waits closes the lane where it can be shown soonest to new
   * scrolling comments (one lane per mode at a time), and waits there until the comments in it have passed.
   */
  private reserve(item: DanmakuItem<S>, w: number, now: number): void {
    const lanes = this.laneScroll.length;
    const a = Math.round((this.width - w) / 2);
    const b = a + w;
    let best = -1;
    let bestAt = Infinity;
    for (let k = 0; k < lanes; k++) {
      const lane = item.mode === 'bottom' ? lanes - 1 - k : k;
      if (this.reservedBy[lane]) continue;
      let at = now;
      for (const s of this.laneScroll[lane]!) at = Math.max(at, s.t0 + (s.x0 + s.w - (a - this.gap)) / s.v);
      for (const f of this.laneFixed[lane]!)
        if (a < f.x0 + f.w + this.gap && f.x0 < b + this.gap) at = Math.max(at, f.end);
      // Lanes nearer the edge win unless another frees up clearly sooner.
      if (at < bestAt - 500) {
        best = lane;
        bestAt = at;
      }
    }
    if (best === -1) return;
    this.reservedBy[best] = item;
    this.reservations[item.mode as 'top' | 'bottom'] = item;
    item.deadline = Math.max(item.deadline, bestAt + 250);
  }

  private release(item: DanmakuItem<S>): void {
    if (item.mode === 'scroll' || this.reservations[item.mode] !== item) return;
    this.reservations[item.mode] = null;
    const lane = this.reservedBy.indexOf(item);
    if (lane !== -1) this.reservedBy[lane] = null;
  }

  /** Takes an item off its lane (it left the stage or is dropped). */
  private detach(item: DanmakuItem<S>): void {
    const lanes = item.mode === 'scroll' ? this.laneScroll : this.laneFixed;
    const list = lanes[item.lane];
    if (list) removeFrom(list, item);
    this.forget(item);
    this.onRemove?.(item);
  }

  private dropWhere(test: (item: DanmakuItem<S>) => boolean): void {
    const items = this.items;
    let write = 0;
    for (let read = 0; read < items.length; read++) {
      const item = items[read]!;
      if (test(item)) this.detach(item);
      else items[write++] = item;
    }
    items.length = write;
  }
}
