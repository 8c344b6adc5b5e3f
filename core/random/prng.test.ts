import { describe, expect, it } from 'vitest';
import { mulberry32, seededRandom } from './prng';

// Pinned: the sentiment model's training shuffles, the random-weight test models and the synthetic test
// faces are all drawn from these streams, so a change here changes shipped model bytes and test fixtures.
describe('mulberry32', () => {
  it('gives the published mulberry32 stream for a seed', () => {
    const next = mulberry32(1);
    expect([next(), next(), next(), next(), next()]).toEqual([
      2693262067, 11749833, 2265367787, 4213581821, 4159151403,
    ]);
  });

  it('takes any number as a seed by its low 32 bits', () => {
    expect(mulberry32(-1)()).toBe(3850105811);
    expect(mulberry32(0xffffffff)()).toBe(3850105811);
  });
});

describe('seededRandom', () => {
  it('is the mulberry32 stream divided by 2^32: floats in [0, 1)', () => {
    const random = seededRandom(1);
    expect(random()).toBe(0.6270739405881613);
    expect(random()).toBe(11749833 / 4294967296);
    const training = seededRandom(20240601);
    expect([training(), training(), training()]).toEqual([
      0.35344086796976626, 0.02818377036601305, 0.6889668190851808,
    ]);
  });

  it('repeats its stream for the same seed and stays within [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    let mismatches = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const value = a();
      if (value !== b()) mismatches++;
      if (!(value >= 0 && value < 1)) outside++;
    }
    expect({ mismatches, outside }).toEqual({ mismatches: 0, outside: 0 });
  });
});
