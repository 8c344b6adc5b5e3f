// Comment sprites: each label is rendered once (text with a dark outline, host and pinned comments on a
// coloured pill) into a bitmap at device resolution, so a frame only copies bitmaps. Text is drawn with
// fillText/strokeText: whatever a viewer typed stays text.
import type { DanmakuItem } from '../../core/danmaku/lane-layout';

export const DANMAKU_FONT_FAMILY =
  'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const FONT_WEIGHT = 600;
export const danmakuFont = (px: number): string => `${FONT_WEIGHT} ${px}px ${DANMAKU_FONT_FAMILY}`;

const HOST_FILL = 'rgba(229, 54, 77, 0.88)';
const PINNED_FILL = 'rgba(240, 180, 41, 0.92)';

/** A rendered label. `drawn*` is where the last frame put it (device px), read by the test hook. */
export interface Sprite {
  image: CanvasImageSource;
  /** Device px. */
  width: number;
  height: number;
  /** The item's `labelVersion` it shows, and when (stage ms) it was rendered. */
  version: number;
  renderedAt: number;
  drawnX: number;
  drawnY: number;
  drawnW: number;
}

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

const hex = (color: number) => `#${(color & 0xffffff).toString(16).padStart(6, '0')}`;
/** Dark text gets a light outline, so that every colour stays readable on video. */
const isDark = (color: number) =>
  0.299 * ((color >> 16) & 255) + 0.587 * ((color >> 8) & 255) + 0.114 * (color & 255) < 64;

/** Renders sprites through one scratch canvas (an OffscreenCanvas handing out ImageBitmaps where available). */
export class SpriteFactory {
  private readonly scratch: OffscreenCanvas | null;
  private readonly ctx: Context2D;

  constructor() {
    if (typeof OffscreenCanvas !== 'undefined') {
      this.scratch = new OffscreenCanvas(1, 1);
      this.ctx = this.scratch.getContext('2d')!;
    } else {
      this.scratch = null;
      this.ctx = document.createElement('canvas').getContext('2d')!;
    }
  }

  /** Width in CSS px of `text` at `fontSize` CSS px, in the sprites' font (the layout's measurer). */
  measure = (text: string, fontSize: number): number => {
    const font = danmakuFont(fontSize);
    if (this.ctx.font !== font) this.ctx.font = font;
    return this.ctx.measureText(text).width;
  };

  /**
   * Renders `item`'s label at `dpr`: `fontSize` and `padding` in CSS px, `height` in device px. Replaces (and
   * frees) `previous` when given.
   */
  render(
    item: DanmakuItem<Sprite>,
    fontSize: number,
    padding: number,
    height: number,
    dpr: number,
    now: number,
  ): Sprite {
    const fontPx = fontSize * dpr;
    const pad = Math.ceil(padding * dpr);
    const font = danmakuFont(fontPx);
    let ctx = this.ctx;
    if (ctx.font !== font) ctx.font = font;
    const width = Math.max(1, Math.ceil(ctx.measureText(item.label).width) + 2 * pad);
    let canvas: OffscreenCanvas | HTMLCanvasElement;
    if (this.scratch) {
      canvas = this.scratch;
      canvas.width = width;
      canvas.height = height;
    } else {
      canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      ctx = canvas.getContext('2d')!;
    }
    // Resizing a canvas resets its state.
    ctx.font = font;
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    const mid = height / 2;
    if (item.priority) {
      ctx.fillStyle = item.host ? HOST_FILL : PINNED_FILL;
      ctx.beginPath();
      ctx.roundRect(0.5, 0.5, width - 1, height - 1, Math.min(height / 2, 8 * dpr));
      ctx.fill();
    }
    const light = !item.priority && isDark(item.color);
    ctx.lineWidth = Math.max(2, Math.round(fontPx / 8));
    ctx.strokeStyle = light ? 'rgba(255, 255, 255, 0.9)' : 'rgba(0, 0, 0, 0.85)';
    ctx.strokeText(item.label, pad, mid);
    ctx.fillStyle = item.priority ? '#ffffff' : hex(item.color);
    ctx.fillText(item.label, pad, mid);
    const image = this.scratch ? this.scratch.transferToImageBitmap() : canvas;
    const sprite = item.sprite;
    if (sprite) {
      releaseSprite(sprite);
      sprite.image = image;
      sprite.width = width;
      sprite.height = height;
      sprite.version = item.labelVersion;
      sprite.renderedAt = now;
      return sprite;
    }
    return {
      image,
      width,
      height,
      version: item.labelVersion,
      renderedAt: now,
      drawnX: 0,
      drawnY: 0,
      drawnW: 0,
    };
  }
}

export function releaseSprite(sprite: Sprite): void {
  if (typeof ImageBitmap !== 'undefined' && sprite.image instanceof ImageBitmap) sprite.image.close();
}
