import { describe, expect, it } from 'vitest';
import { BUCKET_MS, PRESENCE_TIMEOUT_MS } from '../protocol/analytics-events';
import type { AnalyticsFact, FactBody } from './facts';
import { recompute } from './replay';
import { RoomAnalytics } from './room-analytics';

const T0 = 1_700_000_000_000; // a multiple of BUCKET_MS
let seq = 0;
function fact(at: number, viewer: string | null, body: FactBody, lang = 'en'): AnalyticsFact {
  seq += 1;
  return {
    id: `f${String(seq).padStart(6, '0')}`,
    roomId: 'r',
    at: T0 + at,
    viewer,
    lang,
    region: null,
    ...body,
  };
}
const join = (at: number, v: string, session = `${v}-s`, lang = 'en') =>
  fact(at, v, { kind: 'presence', state: 'join', session }, lang);
const beat = (at: number, v: string, session = `${v}-s`) =>
  fact(at, v, { kind: 'presence', state: 'heartbeat', session });
const leave = (at: number, v: string, session = `${v}-s`) =>
  fact(at, v, { kind: 'presence', state: 'leave', session });
const order = (at: number, orderId: string, status: string, amount: number, currency = 'USD', buyer = 'b1') =>
  fact(at, null, { kind: 'order', orderId, productId: 'p1', buyer, status, amount, currency });

function run(facts: AnalyticsFact[], until: number) {
  const state = new RoomAnalytics('r');
  for (const f of facts) state.apply(f);
  const buckets = state.closeUntil(T0 + until).map((c) => c.bucket);
  return { state, buckets, at: (ms: number) => buckets.find((b) => b.start === T0 + ms) };
}

describe('presence', () => {
  it('a viewer that stops sending heartbeats (a closed tab) is online for PRESENCE_TIMEOUT_MS after the last one', () => {
    const { at } = run([join(1000, 'a'), beat(11_000, 'a')], 60_000);
    expect(at(30_000)?.room.online).toBe(1); // last seen at 11 s: online until 41 s
    expect(at(40_000)?.room).toMatchObject({ online: 0, exits: 1 });
    expect(11_000 + PRESENCE_TIMEOUT_MS).toBe(41_000);
    expect(at(50_000)).toBeUndefined(); // nobody left: nothing to store
  });

  it('a leave ends presence at once, entries and exits follow, watch time is the time online', () => {
    const { at } = run([join(1000, 'a'), leave(5000, 'a'), join(2000, 'b')], 10_000);
    expect(at(0)?.room).toMatchObject({
      online: 1,
      views: 2,
      entries: 2,
      exits: 1,
      avgWatchMs: (4000 + 8000) / 2,
    });
  });

  it('a viewer on two sessions (tabs or gateway nodes) counts once, its watch time is not doubled', () => {
    const { at } = run(
      [join(0, 'a', 'node1'), join(4000, 'a', 'node2'), leave(6000, 'a', 'node1'), join(1000, 'b')],
      10_000,
    );
    expect(at(0)?.room).toMatchObject({ online: 2, views: 2, entries: 2, exits: 0 });
    expect(at(0)?.room.avgWatchMs).toBe((10_000 + 9000) / 2);
  });

  it('online now counts viewers with a live session, once each', () => {
    const state = new RoomAnalytics('r');
    for (const f of [join(0, 'a', 's1'), join(100, 'a', 's2'), join(200, 'b'), leave(300, 'b')])
      state.apply(f);
    expect(state.onlineNow(T0 + 1000).size).toBe(1);
    expect(state.onlineNow(T0 + 100 + PRESENCE_TIMEOUT_MS).size).toBe(0);
  });
});

describe('money and the funnel', () => {
  it('GMV is kept per currency; placed (provisional) and paid apart; an order is placed and paid once', () => {
    const facts = [
      join(0, 'a'),
      join(0, 'b'),
      order(1000, 'o1', 'placed', 1000),
      order(1500, 'o2', 'placed', 500, 'EUR', 'b2'),
      order(2000, 'o1', 'paying', 1000),
      order(3000, 'o1', 'placed', 1000), // payment failed, back to placed: not a second order
      order(4000, 'o1', 'paying', 1000),
      order(5000, 'o1', 'paid', 1000),
      order(6000, 'o1', 'refunding', 1000),
      order(7000, 'o1', 'paid', 1000), // refund failed: still paid once
    ];
    const { at } = run(facts, 10_000);
    const room = at(0)!.room;
    expect(room.orders).toBe(2);
    expect(room.buyers).toBe(2);
    expect(room.gmvPlaced).toEqual({ USD: 1000, EUR: 500 });
    expect(room.gmvPaid).toEqual({ USD: 1000 });
    expect(room.gpm).toEqual({ USD: 500_000, EUR: 250_000 }); // GMV / 2 views x 1,000
    expect(room.conversion).toBe(1);
    expect(at(0)!.products[0]).toMatchObject({
      productId: 'p1',
      orders: 2,
      gmvPlaced: { USD: 1000, EUR: 500 },
    });
  });

  it('an unpaid order is provisional: placed GMV, no paid GMV', () => {
    const { at } = run([join(0, 'a'), order(1000, 'o1', 'placed', 700)], 10_000);
    expect(at(0)!.room.gmvPlaced).toEqual({ USD: 700 });
    expect(at(0)!.room.gmvPaid).toEqual({});
  });

  it('CTR is clicks / impressions, interaction rate commenters / views, with the sentiment mix', () => {
    const facts = [
      join(0, 'a'),
      join(0, 'b'),
      join(0, 'c'),
      join(0, 'd'),
      ...['a', 'b', 'c', 'd'].map((v, i) => fact(100 + i, v, { kind: 'impression', productId: 'p1' })),
      fact(200, 'a', { kind: 'click', productId: 'p1', target: 'card' }),
      fact(300, null, { kind: 'comment', handle: 'h1', sentiment: 'pos' }),
      fact(400, null, { kind: 'comment', handle: 'h1', sentiment: 'neg' }),
      fact(500, null, { kind: 'comment', handle: 'h2', sentiment: 'neu' }),
    ];
    const room = run(facts, 10_000).at(0)!.room;
    expect(room).toMatchObject({ impressions: 4, clicks: 1, ctr: 0.25, comments: 3, commenters: 2 });
    expect(room.interactionRate).toBe(0.5);
    expect(room.sentiment).toEqual({ pos: 1, neu: 1, neg: 1 });
  });

  it('a product is presented for each pin period, with its time in each bucket', () => {
    const facts = [
      join(0, 'a'),
      fact(2000, null, { kind: 'pin', productId: 'A' }),
      fact(15_000, null, { kind: 'pin', productId: 'B' }),
      fact(25_000, null, { kind: 'pin', productId: null }),
    ];
    const { at } = run(facts, 30_000);
    expect(at(0)!.products).toEqual([
      expect.objectContaining({ productId: 'A', presented: 1, presentedMs: 8000 }),
    ]);
    expect(at(10_000)!.products.map((p) => [p.productId, p.presented, p.presentedMs])).toEqual([
      ['A', 1, 5000],
      ['B', 1, 5000],
    ]);
    expect(at(20_000)!.products.map((p) => [p.productId, p.presentedMs])).toEqual([['B', 5000]]);
  });

  it('splits views, online, orders and GMV by the viewer language (its latest in the bucket)', () => {
    const facts = [
      join(0, 'a', 'a-s', 'es'),
      join(0, 'b', 'b-s', 'en'),
      fact(1000, 'b', { kind: 'caption_lang', captionLang: 'pt-BR' }, 'pt-BR'),
      { ...order(2000, 'o1', 'placed', 300), lang: 'es' },
    ];
    const langs = run(facts, 10_000).at(0)!.languages;
    expect(langs).toEqual([
      { lang: 'es', views: 1, online: 1, orders: 1, gmvPlaced: { USD: 300 } },
      { lang: 'pt-BR', views: 1, online: 1, orders: 0, gmvPlaced: {} },
    ]);
  });
});

describe('order of arrival and recompute', () => {
  const facts = [
    join(0, 'a', 'a1'),
    join(500, 'a', 'a2'),
    join(700, 'b'),
    beat(9000, 'b'),
    leave(9500, 'a', 'a1'),
    fact(1200, 'a', { kind: 'impression', productId: 'p1' }),
    fact(1300, 'b', { kind: 'click', productId: 'p1', target: 'buy' }),
    order(1400, 'o1', 'placed', 1200),
    order(12_000, 'o1', 'paying', 1200),
    order(13_000, 'o1', 'paid', 1200),
    leave(14_000, 'b'),
    fact(3000, null, { kind: 'pin', productId: 'p1' }),
    fact(16_000, null, { kind: 'comment', handle: 'h', sentiment: 'pos' }),
    join(21_000, 'c', 'c1', 'fr'),
  ];

  it('facts arriving out of order within their bucket give the same buckets, equal to recompute', () => {
    const expected = recompute('r', facts, T0 + 60_000).map((c) => c.bucket);
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 20; round++) {
      // Shuffle, but deliver each bucket's facts before that bucket closes (grace past its end).
      const shuffled = [...facts].sort(() => random() - 0.5);
      const state = new RoomAnalytics('r');
      const out = [];
      for (const t of [...new Set(shuffled.map((f) => f.at - T0))].sort((x, y) => x - y)) {
        for (const f of shuffled) if (f.at - T0 <= t && f.at - T0 > t - 1) state.apply(f);
        out.push(...state.closeUntil(T0 + t - 2000));
      }
      out.push(...state.closeUntil(T0 + 60_000));
      expect(out.map((c) => c.bucket)).toEqual(expected);
    }
    // a2 times out at 30.5 s, c (joined at 21 s, no heartbeat) at 51 s.
    expect(expected.map((b) => b.room.online)).toEqual([2, 1, 2, 1, 1, 0]);
  });

  it('a fact for a bucket that closed already is not counted (and is counted as late)', () => {
    const state = new RoomAnalytics('r');
    state.apply(join(0, 'a'));
    state.closeUntil(T0 + 10_000);
    expect(state.apply(fact(5000, 'a', { kind: 'impression', productId: 'p' }))).toBe(false);
    expect(state.late).toBe(1);
  });
});

describe('windows', () => {
  it('last 10 min vs the 10 min before, with exact unique viewers, and the whole stream', () => {
    const facts: AnalyticsFact[] = [];
    // x watches in minute 5 and in minute 15; y only in minute 15 (no heartbeats: gone 30 s later); z in minute 25.
    facts.push(join(5 * 60_000, 'x', 'x1'), leave(5 * 60_000 + 5000, 'x', 'x1'));
    facts.push(join(15 * 60_000, 'x', 'x2'), leave(15 * 60_000 + 5000, 'x', 'x2'));
    facts.push(join(15 * 60_000, 'y'), order(15 * 60_000 + 1000, 'o1', 'placed', 100, 'USD', 'by'));
    const state = new RoomAnalytics('r');
    for (const f of facts) state.apply(f);
    state.closeUntil(T0 + 20 * 60_000);
    const w = state.windows();
    expect(w.at).toBe(T0 + 20 * 60_000);
    expect(w.last).toMatchObject({ views: 2, orders: 1, buyers: 1, online: 0, gmvPlaced: { USD: 100 } });
    expect(w.previous).toMatchObject({ views: 1, orders: 0, online: 0 });
    expect(w.total).toMatchObject({ views: 2, orders: 1, online: 0, gpm: { USD: 50_000 } });
    state.apply(join(25 * 60_000, 'z'));
    state.closeUntil(T0 + 30 * 60_000);
    expect(state.windows().previous.views).toBe(2);
    expect(state.windows().last).toMatchObject({ views: 1, online: 0 }); // z, timed out since
    expect(state.windows().total.views).toBe(3);
  });

  it('live totals include the open bucket', () => {
    const state = new RoomAnalytics('r');
    state.apply(join(0, 'a', 'a-s', 'de'));
    state.apply(order(1000, 'o1', 'placed', 900));
    const t = state.liveTotals(T0 + 2000);
    expect(t).toMatchObject({ online: 1, views: 1, orders: 1, gmvPlaced: { USD: 900 } });
    expect([...t.languages]).toEqual([['de', 1]]);
    expect(BUCKET_MS).toBe(10_000);
  });
});
