import { describe, expect, it } from 'vitest';
import type { AnalyticsFact, FactBody } from '../metrics/facts';
import type { ReplayInputs } from './replay-inputs';
import { replayModel } from './replay-model';
import { normaliseQuestion, topQuestions } from './segments';

const T0 = 1_760_000_000_000; // a multiple of 10 s
let n = 0;
const fact = (at: number, body: FactBody, viewer: string | null = null): AnalyticsFact =>
  ({ id: `f${n++}`, roomId: 'r', at: T0 + at, viewer, lang: 'en', region: null, ...body }) as AnalyticsFact;
const order = (
  at: number,
  orderId: string,
  productId: string,
  buyer: string,
  amount: number,
  currency = 'USD',
) => [
  fact(at, { kind: 'order', orderId, productId, buyer, status: 'placed', amount, currency }),
  // A later state of the same order is not a second order.
  fact(at + 500, { kind: 'order', orderId, productId, buyer, status: 'paid', amount, currency }),
];
const comment = (t: number, text: string, sentiment: 'pos' | 'neu' | 'neg' = 'neu', question = false) => ({
  id: `c${n++}`,
  t,
  text,
  sentiment,
  intents: question ? (['question'] as const) : ([] as const),
});

function inputs(): ReplayInputs {
  return {
    roomId: 'r',
    liveStartedAt: T0,
    endAt: T0 + 185_000,
    facts: [
      fact(0, { kind: 'live', state: 'start' }),
      fact(1_000, { kind: 'presence', state: 'join', session: 's1' }, 'v1'),
      fact(2_000, { kind: 'presence', state: 'join', session: 's2' }, 'v2'),
      fact(5_000, { kind: 'pin', productId: 'p1' }),
      fact(6_000, { kind: 'impression', productId: 'p1' }, 'v1'),
      fact(6_000, { kind: 'impression', productId: 'p1' }, 'v2'),
      fact(7_000, { kind: 'click', productId: 'p1', target: 'buy' }, 'v1'),
      ...order(8_000, 'o1', 'p1', 'b1', 1500),
      ...order(9_000, 'o2', 'p1', 'b1', 1500),
      ...order(9_500, 'o3', 'p1', 'b2', 9900, 'CNY'),
      fact(61_000, { kind: 'pin', productId: 'p2' }),
      ...order(70_000, 'o4', 'p2', 'b3', 500),
      // An order of p1 after its pin ended: not in p1's segment.
      ...order(71_000, 'o5', 'p1', 'b3', 700),
      fact(185_000, { kind: 'live', state: 'end' }),
    ],
    comments: [
      comment(3_000, 'hello', 'pos'),
      comment(10_000, 'How much?', 'neu', true),
      comment(11_000, 'how  much ？', 'neu', true),
      comment(12_000, '多少钱', 'neg', true),
      comment(62_000, 'size?', 'neu', true),
      ...Array.from({ length: 12 }, (_, i) => comment(120_000 + i * 500, `wow ${i}`, 'pos')),
    ],
    marks: [{ at: T0 + 30_000, label: 'intro done' }],
    alerts: [{ at: T0 + 90_000, kind: 'negative_mood' }],
    gaps: [{ fromMs: 100_000, toMs: 103_000, reason: 'recorder_died' }],
    titles: { p1: 'Scarf', p2: 'Hat' },
  };
}

describe('replay model', () => {
  it('makes minute curves with orders once each, GMV per currency and comment sentiment', () => {
    const m = replayModel(inputs());
    expect(m.durationMs).toBe(185_000);
    expect(m.minutes.map((x) => x.t)).toEqual([0, 60_000, 120_000, 180_000]);
    expect(m.minutes[0]).toMatchObject({ orders: 3, gmv: { USD: 3000, CNY: 9900 }, comments: 4 });
    expect(m.minutes[0]!.sentiment).toEqual({ pos: 1, neu: 2, neg: 1 });
    expect(m.minutes[0]!.online).toBe(2);
    expect(m.minutes[1]).toMatchObject({ orders: 2, gmv: { USD: 1200 } });
    expect(m.minutes[2]!.comments).toBe(12);
    expect(m).toMatchObject({ orders: 5, gmv: { USD: 4200, CNY: 9900 }, comments: 17, peakOnline: 2 });
  });

  it('cuts product segments at pin changes and counts only the product during its pin', () => {
    const [p1, p2] = replayModel(inputs()).segments;
    expect(p1).toMatchObject({
      productId: 'p1',
      title: 'Scarf',
      fromMs: 5_000,
      toMs: 61_000,
      durationMs: 56_000,
      impressions: 2,
      clicks: 1,
      orders: 3,
      buyers: 2,
      gmv: { USD: 3000, CNY: 9900 },
      ctr: 0.5,
      mood: { pos: 0, neu: 2, neg: 1 },
    });
    // Two viewers were there (online at the pin), and two bought: GPM per 1,000 viewers, conversion.
    expect(p1!.gpm).toEqual({ USD: 1_500_000, CNY: 4_950_000 });
    expect(p1!.conversion).toBe(1);
    expect(p1!.topQuestions).toEqual([
      { text: 'How much?', count: 2 },
      { text: '多少钱', count: 1 },
    ]);
    // The last pin lasts until the stream ended.
    expect(p2).toMatchObject({
      productId: 'p2',
      fromMs: 61_000,
      toMs: 185_000,
      orders: 1,
      gmv: { USD: 500 },
    });
  });

  it('puts pins, marks, alerts and gaps on the timeline, in time order', () => {
    const kinds = replayModel(inputs()).markers.map((m) => [m.kind, m.t, m.endT, m.label]);
    expect(kinds).toEqual([
      ['pin', 5_000, 61_000, 'Scarf'],
      ['mark', 30_000, null, 'intro done'],
      ['pin', 61_000, 185_000, 'Hat'],
      ['alert', 90_000, null, 'negative_mood'],
      ['gap', 100_000, 103_000, 'recorder_died'],
    ]);
  });

  it('picks the order peak and the comment burst as highlights that do not overlap', () => {
    const h = replayModel(inputs()).highlights;
    const orders = h.filter((x) => x.kind === 'orders');
    const comments = h.filter((x) => x.kind === 'comments');
    expect(orders[0]).toMatchObject({ count: 3 });
    expect(orders[0]!.fromMs).toBeLessThanOrEqual(8_000);
    expect(orders[0]!.toMs).toBeGreaterThanOrEqual(9_500);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.count).toBe(12);
    expect(comments[0]!.fromMs).toBeLessThanOrEqual(120_000);
    for (const a of h)
      for (const b of h) if (a !== b) expect(a.fromMs < b.toMs && b.fromMs < a.toMs).toBe(false);
  });

  it('stops a partial replay at its end: nothing after it counts', () => {
    const cut = { ...inputs(), endAt: T0 + 65_000 };
    const m = replayModel(cut);
    expect(m.orders).toBe(3);
    expect(m.minutes).toHaveLength(2);
    expect(m.segments.at(-1)).toMatchObject({ productId: 'p2', toMs: 65_000 });
  });

  it('groups questions by their normalised text', () => {
    expect(normaliseQuestion('  ＨＯＷ  much？？ ')).toBe('how much');
    expect(topQuestions(['a?', 'b', 'A ?', 'b!', 'c', 'b'], 2)).toEqual([
      { text: 'b', count: 3 },
      { text: 'a?', count: 2 },
    ]);
  });
});
