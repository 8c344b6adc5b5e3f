import { describe, expect, it } from 'vitest';
import { DANMAKU_BAND_MIN, danmakuBand, keyboardInset, viewerLayout } from './phone-layout';

describe('viewer phone layout', () => {
  it('lays out phones upright and on their side as a phone, and desktops as today', () => {
    expect(viewerLayout({ width: 390, height: 844 })).toBe('phone');
    expect(viewerLayout({ width: 360, height: 640 })).toBe('phone');
    expect(viewerLayout({ width: 844, height: 390 })).toBe('phone');
    expect(viewerLayout({ width: 1280, height: 720 })).toBe('desktop');
    expect(viewerLayout({ width: 1024, height: 768 })).toBe('desktop');
    // A short but wide desktop window is still a desktop.
    expect(viewerLayout({ width: 1440, height: 480 })).toBe('desktop');
  });

  it('puts the danmaku between the top controls and the middle of the stage', () => {
    expect(danmakuBand(844, 130)).toEqual({ top: 130, height: 422 - 130 });
    expect(danmakuBand(844, 0)).toEqual({ top: 0, height: 422 });
  });

  it('keeps at least three lanes of danmaku on a short stage, inside the stage', () => {
    const band = danmakuBand(300, 200);
    expect(band.height).toBe(DANMAKU_BAND_MIN);
    expect(band.top + band.height).toBeLessThanOrEqual(300);
    expect(danmakuBand(50, 130)).toEqual({ top: 0, height: 50 });
  });

  it('lifts the dock by the part of the layout viewport the keyboard covers', () => {
    expect(keyboardInset(844, null)).toBe(0);
    expect(keyboardInset(844, { height: 844, offsetTop: 0 })).toBe(0);
    // iOS: the keyboard takes 336 px of the visual viewport, the layout viewport keeps its height.
    expect(keyboardInset(844, { height: 508, offsetTop: 0 })).toBe(336);
    // Scrolled visual viewport: its offset counts as covered from the top, not the bottom.
    expect(keyboardInset(844, { height: 508, offsetTop: 100 })).toBe(236);
    // Android with interactive-widget=resizes-content: the layout viewport shrank with it.
    expect(keyboardInset(508, { height: 508, offsetTop: 0 })).toBe(0);
  });
});
