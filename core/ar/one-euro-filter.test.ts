import { describe, expect, it } from 'vitest';
import { OneEuroFilter, smoothingFactor } from './one-euro-filter';
import { seededRandom } from './synthetic-face.test-helper';

function std(values: number[]): number {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length);
}

describe('One Euro filter', () => {
  it('uses the exponential smoothing factor of the paper', () => {
    // tau = 1 / (2 pi fc); alpha = 1 / (1 + tau / dt): dt = tau gives 1/2.
    expect(smoothingFactor(1, 1 / (2 * Math.PI))).toBeCloseTo(0.5, 10);
    expect(smoothingFactor(1, 1e-6)).toBeLessThan(1e-4);
  });

  it('passes the first sample through and keeps a constant signal constant', () => {
    const f = new OneEuroFilter(2);
    expect(Array.from(f.filter([3, -4], 0))).toEqual([3, -4]);
    for (let t = 16; t < 1000; t += 16) f.filter([3, -4], t);
    expect(Array.from(f.value!)).toEqual([3, -4]);
  });

  it('smooths the jitter of a still signal several times over', () => {
    const rnd = seededRandom(1);
    const f = new OneEuroFilter(1, { minCutoff: 1, beta: 0.01 });
    const input: number[] = [];
    const output: number[] = [];
    for (let k = 0; k < 600; k++) {
      const x = 100 + (rnd() * 2 - 1) * 3;
      const y = f.filter([x], k * (1000 / 60))[0]!;
      if (k > 60) {
        input.push(x);
        output.push(y);
      }
    }
    expect(std(output)).toBeLessThan(std(input) / 3);
  });

  it('follows a fast move with less lag when beta is higher', () => {
    const lagAt = (beta: number) => {
      const f = new OneEuroFilter(1, { minCutoff: 1, beta });
      let y = 0;
      for (let k = 0; k <= 60; k++) y = f.filter([k * 10], k * (1000 / 60))[0]!; // 600 units/s
      return 600 - y;
    };
    const slow = lagAt(0);
    const fast = lagAt(0.05);
    expect(fast).toBeLessThan(slow / 4);
    expect(fast).toBeGreaterThan(0);
  });

  it('ignores a sample that is not later than the last one', () => {
    const f = new OneEuroFilter(1);
    f.filter([0], 100);
    f.filter([10], 200);
    const before = f.value![0];
    f.filter([1000], 200);
    f.filter([1000], 150);
    expect(f.value![0]).toBe(before);
    expect(f.lastTime).toBe(200);
  });

  it('filters each coordinate on its own, or with one shared cutoff for points that move together', () => {
    const own = new OneEuroFilter(2, { beta: 0.05 });
    const shared = new OneEuroFilter(4, { beta: 0.05, pointSize: 2 });
    for (let k = 0; k <= 30; k++) {
      own.filter([k * 10, 5], k * 20);
      shared.filter([k * 10, 5, 0, 0], k * 20);
    }
    expect(own.value![1]).toBe(5);
    // The still coordinate keeps the slow cutoff; shared, every coordinate gets the moving point's cutoff.
    expect(own.lagSeconds(1)).toBeGreaterThan(own.lagSeconds(0));
    expect(shared.lagSeconds(3)).toBe(shared.lagSeconds(0));
    expect(() => new OneEuroFilter(3, { pointSize: 2 })).toThrow(RangeError);
    expect(() => own.filter([1], 1000)).toThrow(RangeError);
  });

  it('starts over after reset', () => {
    const f = new OneEuroFilter(1);
    f.filter([0], 0);
    f.filter([50], 100);
    f.reset();
    expect(f.value).toBeNull();
    expect(f.filter([7], 50)[0]).toBe(7);
  });
});
