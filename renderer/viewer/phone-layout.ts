// The viewer page's phone layout decisions, pure (sizes in, decisions out); ViewerApp applies them and the
// CSS under html[data-viewer-layout='phone'] places the parts: the video full screen, danmaku in the upper
// band, the product card, Buy and the comment box docked at the bottom, captions just above that dock.
import type { Size } from './stream-fit';

export type ViewerLayout = 'phone' | 'desktop';

/** Widest viewport (CSS px) laid out as a phone held upright. */
export const PHONE_MAX_WIDTH = 640;
/** A phone on its side: short and not wide. */
export const PHONE_MAX_LANDSCAPE_HEIGHT = 500;
export const PHONE_MAX_LANDSCAPE_WIDTH = 1000;
/** Danmaku fly above this fraction of the stage's height, clear of captions and the bottom dock. */
export const DANMAKU_BAND_END = 0.5;
/** The fewest pixels the danmaku band keeps whatever sits above it (three lanes at the default size). */
export const DANMAKU_BAND_MIN = 96;
/** Smallest touch target on a phone (CSS px), per WCAG 2.5.5 and the platform guidelines. */
export const MIN_TOUCH_TARGET = 44;

export function viewerLayout(viewport: Size): ViewerLayout {
  if (viewport.width <= PHONE_MAX_WIDTH) return 'phone';
  if (viewport.height <= PHONE_MAX_LANDSCAPE_HEIGHT && viewport.width <= PHONE_MAX_LANDSCAPE_WIDTH)
    return 'phone';
  return 'desktop';
}

/** The horizontal band of the stage the danmaku fly in: from below the top controls to DANMAKU_BAND_END. */
export function danmakuBand(stageHeight: number, topInset: number): { top: number; height: number } {
  const top = Math.max(0, Math.min(topInset, stageHeight - DANMAKU_BAND_MIN));
  const end = Math.max(stageHeight * DANMAKU_BAND_END, top + DANMAKU_BAND_MIN);
  return { top, height: Math.max(0, Math.min(end, stageHeight) - top) };
}

/**
 * How far the on-screen keyboard covers the bottom of the layout viewport: where the browser does not resize
 * the page for it (iOS Safari ignores interactive-widget=resizes-content), the visual viewport shrinks
 * instead, and the bottom dock is lifted by this much so the comment box sits on top of the keyboard.
 */
export function keyboardInset(
  layoutHeight: number,
  visual: { height: number; offsetTop: number } | null,
): number {
  if (!visual) return 0;
  return Math.max(0, Math.round(layoutHeight - visual.height - visual.offsetTop));
}
