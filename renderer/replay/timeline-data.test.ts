import { describe, expect, it } from 'vitest';
import type { ReplayMinute } from '../../core/protocol/replay';
import { clockLabel, minuteSeries, timelineMarkers } from './timeline-data';

const minute = (i: number, over: Partial<ReplayMinute> = {}): ReplayMinute => ({
  t: i * 60_000,
  online: 10 + i,
  comments: 2 * i,
  sentiment: { pos: i, neu: 1, neg: 2 },
  orders: i,
  gmv: { USD: 1000 * i },
  ...over,
});

describe('minuteSeries', () => {
  it('turns minutes into uPlot columns in stream seconds, sorted, with sentiment stacked', () => {
    const s = minuteSeries([minute(1), minute(0)]);
    expect(s.audience).toEqual([
      [0, 60],
      [10, 11],
      [0, 2],
    ]);
    // Stacked from the top: all, pos+neu, pos.
    expect(s.sentiment).toEqual([
      [0, 60],
      [3, 4],
      [1, 2],
      [0, 1],
    ]);
    expect(s.sentimentRaw).toEqual({ pos: [0, 1], neu: [1, 1], neg: [2, 2] });
  });

  it('charts GMV in the currency most minutes have, in major units, never adding currencies', () => {
    const s = minuteSeries([
      minute(0, { gmv: { JPY: 500 } }),
      minute(1, { gmv: { USD: 1250, JPY: 300 } }),
      minute(2, { gmv: { USD: 99 } }),
      minute(3, { gmv: { USD: 1 } }),
    ]);
    expect(s.currency).toBe('USD');
    expect(s.sales[1]).toEqual([0, 12.5, 0.99, 0.01]);
    expect(s.sales[2]).toEqual([0, 1, 2, 3]);
    const yen = minuteSeries([minute(0, { gmv: { JPY: 500 } })]);
    expect(yen.currency).toBe('JPY');
    expect(yen.sales[1]).toEqual([500]);
    expect(minuteSeries([minute(0, { gmv: {} })]).currency).toBeNull();
  });
});

describe('timelineMarkers', () => {
  it('draws pin periods and gaps as bands (an open pin runs to the end) and marks and alerts as ticks', () => {
    const { bands, ticks } = timelineMarkers(
      [
        { kind: 'pin', t: 60_000, endT: 120_000, label: 'Hat', productId: 'p1' },
        { kind: 'mark', t: 90_000, endT: null, label: 'Big moment' },
        { kind: 'pin', t: 150_000, endT: null, label: 'Scarf', productId: 'p2' },
        { kind: 'alert', t: 30_000, endT: null, label: 'negative_spike' },
        { kind: 'gap', t: 10_000, endT: 12_000, label: 'worker_restart' },
      ],
      [
        { fromMs: 10_000, toMs: 12_000, reason: 'worker_restart' },
        { fromMs: 170_000, toMs: 400_000, reason: 'not_recorded' },
      ],
      180_000,
    );
    expect(bands).toEqual([
      { kind: 'gap', from: 10, to: 12, label: 'worker_restart' },
      { kind: 'pin', from: 60, to: 120, label: 'Hat' },
      { kind: 'pin', from: 150, to: 180, label: 'Scarf' },
      { kind: 'gap', from: 170, to: 180, label: 'not_recorded' },
    ]);
    expect(ticks).toEqual([
      { kind: 'alert', at: 30, label: 'negative_spike' },
      { kind: 'mark', at: 90, label: 'Big moment' },
    ]);
  });
});

describe('clockLabel', () => {
  it('writes stream time as m:ss or h:mm:ss', () => {
    expect(clockLabel(0)).toBe('0:00');
    expect(clockLabel(65_400)).toBe('1:05');
    expect(clockLabel(3_723_000)).toBe('1:02:03');
  });
});
