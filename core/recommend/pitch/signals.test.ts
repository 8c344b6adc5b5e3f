import { describe, expect, it } from 'vitest';
import { productKey } from './product-key';
import { PitchSignals } from './signals';
import { asks, catalog, MIN, noHistory, T0 } from './test-fixtures';

describe('PitchSignals window', () => {
  it('counts asks per intent, distinct clickers and mood over the last 2 min, and forgets older ones', () => {
    const sig = new PitchSignals();
    const products = catalog(3);
    asks(sig, T0, 'p1', 4, ['size']);
    sig.comment(T0 + 5000, 'p1', ['size', 'price'], 0.8);
    sig.click(T0 + 1000, 'p1', 'alice');
    sig.click(T0 + 2000, 'p1', 'alice');
    sig.click(T0 + 3000, 'p1', 'bob');
    sig.impression(T0 + 3000, 'p2', 'bob');
    const early = sig.snapshot(T0 + MIN, products, noHistory).signals[0]!;
    expect(early.asks).toEqual({ size: 5, price: 1 });
    expect(early.comments).toBe(5);
    expect(early.mood).toBeCloseTo((4 * 0.2 + 0.8) / 5);
    expect(early.clicks).toBe(2);
    const later = sig.snapshot(T0 + 2 * MIN + 10_000, products, noHistory);
    expect(later.signals[0]).toMatchObject({ asks: {}, comments: 0, mood: null, clicks: 0 });
    expect(later.signals[1]!.impressions).toBe(0);
    expect(later.ctx.windowMs).toBe(120_000);
  });

  it('takes events out of order and keeps each product list bounded', () => {
    const sig = new PitchSignals({ maxEventsPerProduct: 50 });
    for (let i = 0; i < 500; i++) sig.comment(T0 + ((i * 7919) % 500) * 100, 'p1', ['question'], 0);
    const s = sig.snapshot(T0 + 50_000, catalog(1), noHistory).signals[0]!;
    expect(s.comments).toBeLessThanOrEqual(50);
    expect(s.comments).toBeGreaterThan(0);
  });
});

describe('PitchSignals segments', () => {
  it("integrates viewer-minutes and counts only the pinned product's orders in its segment", () => {
    const sig = new PitchSignals();
    sig.viewers(T0, 100);
    expect(sig.pin(T0, 'p1', [1, 2])).toBeNull();
    sig.viewers(T0 + MIN, 300);
    sig.order(T0 + 30_000, 'p1', 5000);
    sig.order(T0 + 40_000, 'p2', 9000);
    sig.order(T0 + 90_000, 'p1', 7000);
    sig.viewers(T0 + 30_000, 999); // late sample: ignored
    const seg = sig.pin(T0 + 3 * MIN, 'p2', [3]);
    expect(seg).toEqual({
      productId: 'p1',
      key: 'p1',
      from: T0,
      to: T0 + 3 * MIN,
      features: [1, 2],
      viewersAtStart: 100,
      viewerMinutes: 100 + 2 * 300,
      orders: 2,
      gmvMinor: 12_000,
    });
    const next = sig.pin(T0 + 4 * MIN, null)!;
    expect(next).toMatchObject({
      productId: 'p2',
      viewersAtStart: 300,
      viewerMinutes: 300,
      orders: 0,
      features: [3],
    });
    const snap = sig.snapshot(T0 + 10 * MIN, catalog(3), noHistory).signals;
    expect(snap.map((s) => s.msSincePresented)).toEqual([7 * MIN, 6 * MIN, null]);
    expect(snap.map((s) => s.ordersThisStream)).toEqual([2, 1, 0]);
  });

  it('re-pinning the product already pinned keeps its segment running', () => {
    const sig = new PitchSignals();
    sig.pin(T0, 'p1');
    expect(sig.pin(T0 + MIN, 'p1')).toBeNull();
    expect(sig.presenting).toBe('p1');
    expect(sig.pin(T0 + 2 * MIN, null)!.from).toBe(T0);
  });
});

describe('productKey', () => {
  it('prefers the English title, else the first language tag; normalised', () => {
    expect(productKey({ 'zh-CN': '连衣裙', en: '  Silk   DRESS ' })).toBe('silk dress');
    expect(productKey({ 'zh-CN': 'ＡＢＣ　连衣裙', ja: 'ドレス' })).toBe('ドレス');
    expect(productKey({ 'zh-CN': 'ＡＢＣ　连衣裙' })).toBe('abc 连衣裙');
    expect(productKey({})).toBe('');
  });
});
