// The danmaku layer's engine: a canvas over the video, drawn by its own requestAnimationFrame loop (React
// only mounts it and passes settings). Layout comes from core/danmaku; each comment is rendered once into a
// sprite, and a frame is a clear plus one drawImage per comment at whole device pixels, with no allocation.
import {
  DanmakuLayout,
  type DanmakuBox,
  type DanmakuComment,
  type DanmakuItem,
  type DanmakuLayoutOptions,
} from '../../core/danmaku/lane-layout';
import { ReplayCursor, type DanmakuLogEntry } from '../../core/danmaku/replay-log';
import { releaseSprite, SpriteFactory, type Sprite } from './sprite';

export interface DanmakuSettings {
  hidden: boolean;
  paused: boolean;
  /** 0.2 to 1. */
  opacity: number;
  /** Multiplies the speed: 1 means a comment crosses the stage in `BASE_SCROLL_MS`. */
  speed: number;
  /** CSS px. */
  fontSize: number;
}

export const DEFAULT_DANMAKU_SETTINGS: DanmakuSettings = {
  hidden: false,
  paused: false,
  opacity: 1,
  speed: 1,
  fontSize: 24,
};

export const BASE_SCROLL_MS = 6000;
/** A frame later than this (a background tab) does not move comments further than this. */
const MAX_FRAME_STEP_MS = 100;
/** A merged item's count is re-rendered at most this often. */
const RELABEL_MS = 150;
/** The "+N" text changes at most this often. */
const BADGE_MS = 250;
/** Sprites rendered per frame at most; the rest wait a frame (a scrolling comment enters off-stage anyway). */
const SPRITES_PER_FRAME = 8;

/** One comment as the last frame drew it, in CSS px (the layout's box of it). */
export type DrawnDanmaku = DanmakuBox;

/** What the layer shows and has counted: read by the tests and the bench through `window.__danmaku`. */
export interface DanmakuSnapshot {
  width: number;
  height: number;
  dpr: number;
  laneHeight: number;
  lanes: number;
  items: DrawnDanmaku[];
  onStage: number;
  queued: number;
  received: number;
  shown: number;
  shed: number;
  placed: number;
  shedBadge: number;
  hidden: boolean;
  paused: boolean;
  frames: number;
  /** Time spent in the frame callback, summed (ms). */
  workMs: number;
}

export interface DanmakuEngineOptions {
  settings?: DanmakuSettings;
  /** Layout limits (density cap, queue, waits); stage size, font and speed come from canvas and settings. */
  limits?: Pick<DanmakuLayoutOptions, 'maxOnStage' | 'maxQueue' | 'maxWaitMs' | 'fixedMs' | 'maxChars'>;
  /** Called when the "+N" of shed comments changes (0: hide it). */
  onShedBadge?: (count: number) => void;
}

interface ReplaySource {
  cursor: ReplayCursor<DanmakuLogEntry>;
  clock: () => number;
}

export class DanmakuEngine {
  private readonly ctx: CanvasRenderingContext2D;
  private readonly sprites = new SpriteFactory();
  private readonly layout: DanmakuLayout<Sprite>;
  private settings: DanmakuSettings;
  private readonly onShedBadge: (count: number) => void;
  private dpr = 1;
  private cssWidth = 0;
  private cssHeight = 0;
  /** Stage time (ms): advances with frames while not paused. */
  private now = 0;
  private lastTs = 0;
  private raf = 0;
  private frames = 0;
  private workMs = 0;
  /** Something is on the canvas that the next frame must clear. */
  private painted = false;
  private shedBadge = 0;
  private badgeAt = 0;
  private replaySource: ReplaySource | null = null;
  private closed = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    options: DanmakuEngineOptions = {},
  ) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('2D canvas is unavailable');
    this.ctx = ctx;
    this.settings = { ...(options.settings ?? DEFAULT_DANMAKU_SETTINGS) };
    this.onShedBadge = options.onShedBadge ?? (() => undefined);
    this.layout = new DanmakuLayout<Sprite>({
      ...options.limits,
      width: 0,
      height: 0,
      fontSize: this.settings.fontSize,
      scrollMs: BASE_SCROLL_MS / this.settings.speed,
      measure: this.sprites.measure,
    });
    this.layout.onRemove = (item) => {
      if (item.sprite) releaseSprite(item.sprite);
      item.sprite = null;
    };
    this.applyOpacity();
  }

  /** The stage (the video element's box) in CSS px; call on every resize. Picks up a new devicePixelRatio. */
  setStageSize(width: number, height: number): void {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(0, Math.round(width));
    const h = Math.max(0, Math.round(height));
    if (dpr !== this.dpr) {
      this.dpr = dpr;
      // Sprites are at device resolution: render them again.
      for (const item of this.layout.items) if (item.sprite) item.sprite.version = -1;
    }
    if (w === this.cssWidth && h === this.cssHeight && this.canvas.width === Math.round(w * dpr)) return;
    this.cssWidth = w;
    this.cssHeight = h;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    this.layout.resize(w, h);
    this.painted = true;
    this.schedule();
  }

  update(next: DanmakuSettings): void {
    const before = this.settings;
    this.settings = { ...next };
    if (next.fontSize !== before.fontSize || next.speed !== before.speed)
      this.layout.configure({ fontSize: next.fontSize, scrollMs: BASE_SCROLL_MS / next.speed });
    if (next.hidden && !before.hidden) this.layout.clear();
    this.applyOpacity();
    this.painted = true;
    this.schedule();
  }

  /** Live comments, shown from now. Ignored while hidden (nobody would see them). */
  push(comments: readonly DanmakuComment[]): void {
    if (this.closed || this.settings.hidden) return;
    for (const comment of comments) this.layout.push(comment, this.now);
    this.schedule();
  }

  /** Takes a comment (deleted by moderation) off the stage or out of the queue. */
  remove(id: string): void {
    if (this.layout.remove(id)) {
      this.painted = true;
      this.schedule();
    }
  }

  /** Takes every comment off the stage and out of the queue now (a replay's seek), not at the next frame. */
  clear(): void {
    this.layout.clear();
    this.painted = true;
    this.schedule();
  }

  /**
   * Replays a comment log against `clock` (ms on the log's timeline; by default from 0 now, at real time):
   * each entry is shown when the clock passes its `t`; a jump of the clock (a seek) clears the stage.
   * `resumeAt` (a log that grew while it played: the clock value the previous replay reached) carries on
   * without showing again what was shown. Returns a function that stops the replay.
   */
  replay(
    entries: readonly DanmakuLogEntry[],
    options: { clock?: () => number; resumeAt?: number } = {},
  ): () => void {
    const start = performance.now();
    const sorted = [...entries].sort((a, b) => a.t - b.t);
    const source: ReplaySource = {
      cursor: new ReplayCursor(sorted, options.resumeAt),
      clock: options.clock ?? (() => performance.now() - start),
    };
    this.replaySource = source;
    this.schedule();
    return () => {
      if (this.replaySource === source) this.replaySource = null;
    };
  }

  snapshot(): DanmakuSnapshot {
    const state = this.layout.layoutState(this.now);
    const dpr = this.dpr;
    const items: DrawnDanmaku[] = [];
    for (const item of this.layout.items) {
      const sprite = item.sprite;
      if (!this.painted || !sprite || sprite.drawnW === 0 || this.settings.hidden) continue;
      items.push({
        id: item.id,
        label: item.label,
        count: item.count,
        mode: item.mode,
        lane: item.lane,
        x: sprite.drawnX / dpr,
        y: sprite.drawnY / dpr,
        w: sprite.drawnW / dpr,
        h: sprite.height / dpr,
        host: item.host,
        pinned: item.pinned,
      });
    }
    return {
      width: this.cssWidth,
      height: this.cssHeight,
      dpr,
      laneHeight: state.laneHeight,
      lanes: state.lanes,
      items,
      onStage: state.onStage,
      queued: state.queued,
      received: state.received,
      shown: state.shown,
      shed: state.shed,
      placed: state.placed,
      shedBadge: state.shedBadge,
      hidden: this.settings.hidden,
      paused: this.settings.paused,
      frames: this.frames,
      workMs: this.workMs,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.replaySource = null;
    this.layout.clear();
  }

  private applyOpacity(): void {
    // Opacity and hiding are the compositor's job: no per-frame cost.
    this.canvas.style.opacity = String(Math.min(1, Math.max(0.1, this.settings.opacity)));
    this.canvas.style.visibility = this.settings.hidden ? 'hidden' : 'visible';
  }

  private schedule(): void {
    if (!this.raf && !this.closed) this.raf = requestAnimationFrame(this.frame);
  }

  private readonly emitEntry = (entry: DanmakuLogEntry, index: number): void => {
    if (this.settings.hidden) return;
    this.layout.push(
      {
        id: entry.id ?? `r${index}`,
        text: entry.text,
        mode: entry.mode,
        color: entry.color,
        host: entry.host,
        pinned: entry.pinned,
      },
      this.now,
    );
  };

  private readonly clearForSeek = (): void => this.layout.clear();

  private readonly frame = (ts: number): void => {
    const started = performance.now();
    this.raf = 0;
    const paused = this.settings.paused;
    if (this.lastTs !== 0 && !paused) this.now += Math.min(MAX_FRAME_STEP_MS, Math.max(0, ts - this.lastTs));
    this.lastTs = ts;
    const source = this.replaySource;
    if (source) {
      source.cursor.advance(source.clock(), this.emitEntry, this.clearForSeek);
      if (source.cursor.done) this.replaySource = null;
    }
    if (!paused) this.layout.step(this.now);
    this.draw();
    // "+N" is DOM text: updated a few times a second at most, not every frame.
    const badge = this.layout.shedBadge(this.now);
    if (badge !== this.shedBadge && (badge === 0 || this.shedBadge === 0 || ts - this.badgeAt >= BADGE_MS)) {
      this.shedBadge = badge;
      this.badgeAt = ts;
      this.onShedBadge(badge);
    }
    this.frames++;
    // Keep going while anything moves or waits; a paused stage is drawn once and then left alone.
    const busy = this.layout.items.length > 0 || this.layout.queued > 0 || this.shedBadge > 0;
    if (this.replaySource || (busy && !paused)) this.schedule();
    else this.lastTs = 0;
    this.workMs += performance.now() - started;
  };

  private draw(): void {
    const ctx = this.ctx;
    const items = this.layout.items;
    if (this.painted) ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.painted = false;
    if (this.settings.hidden || items.length === 0) return;
    const dpr = this.dpr;
    const now = this.now;
    const spriteH = Math.floor(this.layout.laneHeight * dpr);
    const canvasW = this.canvas.width;
    let budget = SPRITES_PER_FRAME;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      let sprite = item.sprite;
      const stale =
        sprite !== null &&
        sprite.version !== item.labelVersion &&
        (sprite.version === -1 || now - sprite.renderedAt >= RELABEL_MS);
      if ((sprite === null || stale) && budget > 0) {
        budget--;
        sprite = this.renderSprite(item, spriteH, now);
      }
      if (sprite === null) continue;
      const x = Math.round(item.xAt(now) * dpr);
      const y = Math.floor(item.y * dpr);
      // Never wider than the box the layout reserved (text shaping can differ from the measure by a pixel).
      const boxW = Math.floor(item.w * dpr);
      const w = sprite.width < boxW ? sprite.width : boxW;
      // Not yet in (a scrolling comment starts beyond the right edge) or already out: nothing to draw.
      sprite.drawnW = 0;
      if (x >= canvasW || x + w <= 0) continue;
      if (w === sprite.width) ctx.drawImage(sprite.image, x, y);
      else ctx.drawImage(sprite.image, 0, 0, w, sprite.height, x, y, w, sprite.height);
      sprite.drawnX = x;
      sprite.drawnY = y;
      sprite.drawnW = w;
    }
    this.painted = true;
  }

  private renderSprite(item: DanmakuItem<Sprite>, height: number, now: number): Sprite {
    const sprite = this.sprites.render(
      item,
      this.settings.fontSize,
      this.layout.padding,
      height,
      this.dpr,
      now,
    );
    item.sprite = sprite;
    return sprite;
  }
}
