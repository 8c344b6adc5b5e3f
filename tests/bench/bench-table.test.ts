// The bench table: every benchmark has a smoke run (so `npm test` runs it) and promises its JSON figures.
// Runs no benchmark.
import { describe, expect, it } from 'vitest';
import { BENCHES, badFigures, benchTableProblems, type BenchEntry } from './bench-table';

describe('bench table', () => {
  it('lists every *-bench.ts in tests/bench, each with a smoke run and the JSON keys it promises', () => {
    expect(benchTableProblems()).toEqual([]);
    expect(Object.keys(BENCHES)).toEqual(
      expect.arrayContaining(['ar', 'captions', 'danmaku', 'insight', 'live', 'ops', 'room', 'sentiment']),
    );
  });

  it('fails a benchmark that has no smoke run', () => {
    const noSmoke = { ...BENCHES.live!, smoke: {} } as BenchEntry;
    expect(benchTableProblems({ ...BENCHES, live: noSmoke })).toEqual(['live has no smoke run']);
  });

  it('fails a benchmark file that the table does not list', () => {
    const { danmaku: _dropped, ...rest } = BENCHES;
    expect(benchTableProblems(rest)).toEqual(['danmaku-bench.ts is not in tests/bench/bench-table.ts']);
  });

  it('checks the figures: every promised key present and finite, null or NaN anywhere under it is not', () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    expect(badFigures({ a: 1, b: 'whisper-tiny', c: [{ x: 2 }], d: { 1: { p50: 3 } }, e: 0 }, keys)).toEqual({
      missing: [],
      notFinite: [],
    });
    expect(badFigures({ a: null, b: Infinity, c: [{ x: null }], d: {}, extra: null }, keys)).toEqual({
      missing: ['e'],
      notFinite: ['a', 'b', 'c[0].x', 'd'],
    });
  });
});
