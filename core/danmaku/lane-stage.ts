// The stage under the danmaku layout: lanes one line high, and where a box of some width can fly (or stay,
// for a top or bottom comment) without ever coming within a gap of another one. It measures and fits text,
// places items, clears a lane for a waiting top or bottom comment and takes items off again; what waits,
// merges and is shed is DanmakuLayout's (lane-layout.ts), which extends it. Pure, like the layout.
import { labelOf, WIDEST_BADGE, type DanmakuItem } from './danmaku-item';

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

export abstract class LaneStage<S = unknown> {
  /** Items on stage, oldest first. Read by the renderer every frame; do not modify. */
  readonly items: DanmakuItem<S>[] = [];
  /** Called when an item leaves (or is dropped from) the stage, so its sprite can be freed. */
  onRemove: ((item: DanmakuItem<S>) => void) | null = null;

  protected width: number;
  protected height: number;
  protected fontSize: number;
  private readonly measure: MeasureText;
  protected readonly o: Required<Omit<DanmakuLayoutOptions, 'width' | 'height' | 'fontSize' | 'measure'>>;
  protected laneH = 0;
  private gap = 0;
  private pad = 0;
  private badgeW = 0;
  protected laneScroll: DanmakuItem<S>[][] = [];
  private laneFixed: DanmakuItem<S>[][] = [];
  /** A lane closed to new scrolling comments while a top or bottom comment waits for it (see `reserve`). */
  private reservedBy: (DanmakuItem<S> | null)[] = [];
  protected readonly reservations: Record<'top' | 'bottom', DanmakuItem<S> | null> = {
    top: null,
    bottom: null,
  };
  protected placed = 0;
  protected shown = 0;

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

  protected setGeometry(): void {
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

  protected boxWidth(item: DanmakuItem<S>): number {
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
  protected widen(item: DanmakuItem<S>, now: number): boolean {
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
   * Picks a lane and puts the item there. Top comments fill from the top down and bottom ones from the bottom
   * up. A scrolling comment takes, of the lanes it fits in now, the one it fits most tightly (the lane whose
   * last comment it could have followed least long ago), so that lanes with room to spare stay free for
   * comments that need it (a long, fast one cannot follow a short, slow one for a while); an empty lane
   * counts as the loosest, and ties go to the upper lane, so a quiet stage fills from the top.
   */
  protected place(item: DanmakuItem<S>, w: number, now: number): boolean {
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

  /**
   * Under steady scrolling traffic a top or bottom comment would never find a lane clear for its whole
   * showing time. So the first one that waits closes the lane where it can be shown soonest to new
   * scrolling comments (one lane per mode at a time), and waits there until the comments in it have passed.
   */
  protected reserve(item: DanmakuItem<S>, w: number, now: number): void {
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

  protected release(item: DanmakuItem<S>): void {
    if (item.mode === 'scroll' || this.reservations[item.mode] !== item) return;
    this.reservations[item.mode] = null;
    const lane = this.reservedBy.indexOf(item);
    if (lane !== -1) this.reservedBy[lane] = null;
  }

  /** Takes an item off its lane (it left the stage or is dropped). */
  protected detach(item: DanmakuItem<S>): void {
    const lanes = item.mode === 'scroll' ? this.laneScroll : this.laneFixed;
    const list = lanes[item.lane];
    if (list) removeFrom(list, item);
    this.forget(item);
    this.onRemove?.(item);
  }

  protected dropWhere(test: (item: DanmakuItem<S>) => boolean): void {
    const items = this.items;
    let write = 0;
    for (let read = 0; read < items.length; read++) {
      const item = items[read]!;
      if (test(item)) this.detach(item);
      else items[write++] = item;
    }
    items.length = write;
  }

  /** Forgets an item that left the stage or the queue (the layout keeps an index of them). */
  protected abstract forget(item: DanmakuItem<S>): void;
}
