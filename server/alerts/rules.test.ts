// The alert rules on their own: when each holds, when it clears, and the thresholds they read.
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, type StreamHealth } from '../../core/protocol/analytics-events';
import { gpmDrop, HealthStreak, MoodWindow, stockLevel, VideoWatch } from './rules';
import { mergeThresholds } from './thresholds';

const t = DEFAULT_THRESHOLDS;
const holds = (cs: { kind: string; subject: string; holds: boolean }[]) =>
  Object.fromEntries(cs.map((c) => [`${c.kind}${c.subject ? `:${c.subject}` : ''}`, c.holds]));

describe('thresholds merge', () => {
  it('takes the defaults, then the global values, then the room overrides', () => {
    expect(mergeThresholds(null)).toEqual(DEFAULT_THRESHOLDS);
    const merged = mergeThresholds({ gpmDropPct: 50, stockLow: 3 }, { stockLow: 10, minFps: 24 });
    expect(merged).toEqual({ ...DEFAULT_THRESHOLDS, gpmDropPct: 50, stockLow: 10, minFps: 24 });
  });

  it('ignores a stored override set that is no longer valid rather than breaking the rules', () => {
    const broken = { stockLow: -4, bogus: 1 } as never;
    expect(mergeThresholds(broken, { captionLagMs: 3000 })).toEqual({
      ...DEFAULT_THRESHOLDS,
      captionLagMs: 3000,
    });
  });
});

describe('gpm_drop', () => {
  it('holds per currency when GPM fell by gpmDropPct or more vs the previous 10 min', () => {
    const cs = gpmDrop({ gpm: { USD: 690, EUR: 100 } }, { gpm: { USD: 1000, EUR: 101 } }, t, 1);
    expect(holds(cs)).toEqual({ 'gpm_drop:EUR': false, 'gpm_drop:USD': true });
    expect(cs.find((c) => c.subject === 'USD')!.detail).toEqual({
      currency: 'USD',
      gpm: 690,
      previous: 1000,
      dropPct: 31,
    });
  });

  it('needs GPM before: a currency that had none cannot drop, one that vanished dropped 100%', () => {
    expect(holds(gpmDrop({ gpm: { JPY: 5 } }, { gpm: {} }, t, 1))).toEqual({ 'gpm_drop:JPY': false });
    expect(holds(gpmDrop({ gpm: {} }, { gpm: { USD: 0 } }, t, 1))).toEqual({ 'gpm_drop:USD': false });
    expect(holds(gpmDrop({ gpm: {} }, { gpm: { USD: 300 } }, t, 1))).toEqual({ 'gpm_drop:USD': true });
  });

  it('clears once GPM is back within the threshold, and follows a room override', () => {
    expect(holds(gpmDrop({ gpm: { USD: 800 } }, { gpm: { USD: 1000 } }, t, 2))).toEqual({
      'gpm_drop:USD': false,
    });
    const strict = mergeThresholds(null, { gpmDropPct: 10 });
    expect(holds(gpmDrop({ gpm: { USD: 800 } }, { gpm: { USD: 1000 } }, strict, 2))).toEqual({
      'gpm_drop:USD': true,
    });
  });
});

describe('stock_low and sold_out', () => {
  it('sold out at 0, low at or under stockLow, neither above it', () => {
    expect(holds(stockLevel({ id: 'p', stock: 0 }, t, 1))).toEqual({
      'sold_out:p': true,
      'stock_low:p': false,
    });
    expect(holds(stockLevel({ id: 'p', stock: 5 }, t, 1))).toEqual({
      'sold_out:p': false,
      'stock_low:p': true,
    });
    expect(holds(stockLevel({ id: 'p', stock: 6 }, t, 1))).toEqual({
      'sold_out:p': false,
      'stock_low:p': false,
    });
  });
});

const report = (lossPct: number, fps: number, captionLagMs: number | null = null): StreamHealth => ({
  roomId: 'r',
  videoKbps: 1500,
  lossPct,
  fps,
  captionLagMs,
});

describe('stream_poor', () => {
  it('holds after two poor reports in a row, not after one, and clears at the first good one', () => {
    const streak = new HealthStreak();
    const poor = (h: StreamHealth) => holds(streak.report(h, t, 0))['stream_poor'];
    expect(poor(report(0, 30))).toBe(false);
    expect(poor(report(9, 30))).toBeUndefined(); // one poor report: no change either way
    expect(poor(report(0, 30))).toBe(false);
    expect(poor(report(0, 10))).toBeUndefined();
    expect(poor(report(9, 30))).toBe(true); // loss then low fps: two poor in a row
    expect(poor(report(9, 9))).toBe(true);
    expect(poor(report(1, 25))).toBe(false);
  });

  it('reads lossPct and minFps from the thresholds in effect', () => {
    const streak = new HealthStreak();
    const lenient = mergeThresholds(null, { lossPct: 20, minFps: 5 });
    streak.report(report(9, 10), lenient, 0);
    expect(holds(streak.report(report(9, 10), lenient, 1))['stream_poor']).toBe(false);
  });
});

describe('caption_lag', () => {
  it('holds while the reported lag is over captionLagMs, clears under it or with captions off', () => {
    const streak = new HealthStreak();
    const lag = (ms: number | null) => holds(streak.report(report(0, 30, ms), t, 0))['caption_lag'];
    expect(lag(2500)).toBe(true);
    expect(lag(1200)).toBe(false);
    expect(lag(2001)).toBe(true);
    expect(lag(null)).toBe(false);
  });
});

describe('negative_mood', () => {
  it('holds with at least negativeMinComments in the last minute and negativeShare negative', () => {
    const mood = new MoodWindow();
    for (let i = 0; i < 5; i++) mood.add('neg', 1000 + i);
    expect(mood.evaluate(t, 2000).holds).toBe(false); // 5 of 5 negative, but under 10 comments
    for (let i = 0; i < 5; i++) mood.add('pos', 3000 + i);
    const c = mood.evaluate(t, 4000);
    expect(c.holds).toBe(true);
    expect(c.detail).toEqual({ share: 0.5, comments: 10, negative: 5 });
    for (let i = 0; i < 10; i++) mood.add('neu', 5000 + i);
    expect(mood.evaluate(t, 6000).holds).toBe(false); // 5 of 20: under 40%
  });

  it('clears once the negative comments are more than a minute old', () => {
    const mood = new MoodWindow();
    for (let i = 0; i < 12; i++) mood.add('neg', 10_000 + i * 100);
    expect(mood.evaluate(t, 12_000).holds).toBe(true);
    expect(mood.evaluate(t, 69_000).holds).toBe(true);
    expect(mood.evaluate(t, 72_000).holds).toBe(false);
    expect(mood.empty(72_000)).toBe(true);
  });
});

describe('no_video', () => {
  it('holds once the live room has had no video producer for noVideoMs, clears when one opens', () => {
    const watch = new VideoWatch();
    watch.opened('audio-less-video');
    watch.goLive(0);
    expect(watch.evaluate(t, 60_000).holds).toBe(false);
    watch.closed('audio-less-video', 100_000);
    expect(watch.evaluate(t, 109_999).holds).toBe(false);
    const c = watch.evaluate(t, 110_000);
    expect(c.holds).toBe(true);
    expect(c.at).toBe(100_000);
    watch.opened('v2');
    expect(watch.evaluate(t, 120_000).holds).toBe(false);
  });

  it('counts from going live when no video was ever sent, and never holds for a room that is not live', () => {
    const idle = new VideoWatch();
    expect(idle.evaluate(t, 1e9).holds).toBe(false);
    const watch = new VideoWatch();
    watch.goLive(5000);
    expect(watch.evaluate(t, 14_999).holds).toBe(false);
    expect(watch.evaluate(t, 15_000).holds).toBe(true);
  });

  it('ignores producers it does not know (audio)', () => {
    const watch = new VideoWatch();
    watch.opened('v');
    watch.goLive(0);
    watch.closed('audio', 10);
    expect(watch.evaluate(t, 1e6).holds).toBe(false);
  });
});
