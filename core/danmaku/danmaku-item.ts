// A danmaku item and the plain shapes around it: the comment pushed in, the box a test reads back, the
// layout's counters, and how an item's label is written (its text, then " ×N" once merged). The layout
// that places items is lane-layout.ts.

export type DanmakuMode = 'scroll' | 'top' | 'bottom';

/** A comment to show. `host` and `pinned` comments are highlighted, never merged, and shed last. */
export interface DanmakuComment {
  id: string;
  text: string;
  /** Default 'scroll' (right to left). */
  mode?: DanmakuMode;
  /** 0xRRGGBB; default white. */
  color?: number;
  host?: boolean;
  pinned?: boolean;
}

/** The count suffix never grows past this, so a box that has room for it never has to grow again. */
export const WIDEST_BADGE = ' ×99+';
export const MAX_SHOWN_COUNT = 99;

/** One item on stage (or waiting for a lane): mutable, owned by the layout; `sprite` is the renderer's. */
export class DanmakuItem<S = unknown> {
  /** Text as shown, without the count (cut with "…" when it is wider than the stage). */
  text: string;
  /** Text as shown: `text`, then " ×N" once merged. */
  label: string;
  /** Bumped whenever `label` changes, so a renderer knows its sprite is stale. */
  labelVersion = 0;
  count = 1;
  /** -1 while queued. */
  lane = -1;
  /** Box in CSS px: left edge at time `t0`, top, width, height; `v` px/ms leftwards (0 for top/bottom). */
  x0 = 0;
  y = 0;
  w = 0;
  h = 0;
  v = 0;
  t0 = 0;
  /** When it has left the stage. */
  end = 0;
  /** The box has room for the widest count badge. */
  reserved = false;
  textWidth = -1;
  /** The renderer's bitmap of `label`. */
  sprite: S | null = null;

  constructor(
    readonly id: string,
    readonly key: string,
    text: string,
    /** A top or bottom comment that waited too long for a lane becomes a scrolling one (see `placeQueued`). */
    public mode: DanmakuMode,
    readonly color: number,
    readonly host: boolean,
    readonly pinned: boolean,
    readonly queuedAt: number,
    /** Shed if it has found no lane by then (stage ms). */
    public deadline: number,
  ) {
    this.text = text;
    this.label = text;
  }

  get priority(): boolean {
    return this.host || this.pinned;
  }

  /** Left edge at time `now`. */
  xAt(now: number): number {
    return this.v === 0 ? this.x0 : this.x0 - this.v * (now - this.t0);
  }
}

/** A plain copy of one item's box, for tests and the test hook. */
export interface DanmakuBox {
  id: string;
  label: string;
  count: number;
  mode: DanmakuMode;
  lane: number;
  x: number;
  y: number;
  w: number;
  h: number;
  host: boolean;
  pinned: boolean;
}

export interface DanmakuLayoutState {
  width: number;
  height: number;
  laneHeight: number;
  lanes: number;
  items: DanmakuBox[];
  onStage: number;
  /** Comments waiting for a lane (a queued item may already count several copies). */
  queued: number;
  /** Totals since the layout was made: comments received; shown (as an item of their own or as one more
   * on an item's count while it was on stage); shed; and items placed (each of which is one box). */
  received: number;
  shown: number;
  shed: number;
  placed: number;
  /** The "+N" to show now (0: nothing). */
  shedBadge: number;
}

/** What became of a pushed comment; 'ignored' is a comment with nothing to show (blank text). */
export type PushResult = 'queued' | 'merged' | 'ignored';

/** An item's label: its text, then its count once merged (" ×12", at most " ×99+"). */
export const labelOf = (text: string, count: number): string =>
  count > 1 ? `${text} ×${count > MAX_SHOWN_COUNT ? `${MAX_SHOWN_COUNT}+` : count}` : text;
