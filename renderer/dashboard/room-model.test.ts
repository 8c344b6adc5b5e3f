import { describe, expect, it } from 'vitest';
import { RollupBucketSchema } from '../../core/protocol/analytics-schemas';
import {
  cardDeltas,
  delta,
  formatDeltaLabel,
  funnel,
  languageSplit,
  moneyDelta,
  perMinute,
  productRows,
  upsertBucket,
} from './room-model';
import { bucket, metrics } from './test-data';

const M = 60_000;
const T0 = 1_700_000_040_000; // a minute boundary

describe('per-minute series from 10 s buckets', () => {
  it('sums flows within a minute, takes online from its last bucket, keeps currencies apart', () => {
    const buckets = [
      bucket(T0, {
        online: 5,
        comments: 2,
        orders: 1,
        gmvPlaced: { USD: 100 },
        sentiment: { pos: 1, neu: 1, neg: 0 },
      }),
      bucket(T0 + 10_000, {
        online: 7,
        comments: 3,
        orders: 1,
        gmvPlaced: { USD: 50, JPY: 900 },
        sentiment: { pos: 0, neu: 2, neg: 1 },
      }),
      bucket(T0 + 50_000, { online: 6, comments: 1 }),
      bucket(T0 + M, { online: 9, comments: 4 }),
      // minute 2 has no bucket: absent, not a zero
      bucket(T0 + 3 * M + 20_000, { online: 3 }),
    ];
    expect(buckets.every((b) => RollupBucketSchema.safeParse(b).success)).toBe(true);
    const minutes = perMinute(buckets);
    expect(minutes.map((m) => m.start)).toEqual([T0, T0 + M, T0 + 3 * M]);
    expect(minutes[0]).toEqual({
      start: T0,
      online: 6,
      comments: 6,
      pos: 1,
      neu: 3,
      neg: 1,
      orders: 2,
      gmvPlaced: { USD: 150, JPY: 900 },
    });
    expect(minutes[1]!.online).toBe(9);
  });

  it('takes online from the latest bucket even when buckets arrive out of order', () => {
    const minutes = perMinute([bucket(T0 + 20_000, { online: 8 }), bucket(T0, { online: 2 })]);
    expect(minutes[0]!.online).toBe(8);
  });

  it('replaces the open bucket as it is pushed again, and keeps buckets in time order', () => {
    let list = upsertBucket([], bucket(T0, { comments: 1 }));
    list = upsertBucket(list, bucket(T0, { comments: 4 }));
    list = upsertBucket(list, bucket(T0 + 20_000));
    list = upsertBucket(list, bucket(T0 + 10_000));
    expect(list.map((b) => b.start)).toEqual([T0, T0 + 10_000, T0 + 20_000]);
    expect(list[0]!.room.comments).toBe(4);
  });
});

describe('last 10 min vs the 10 min before', () => {
  it('gives the change and its ratio, with no percentage of nothing', () => {
    expect(delta(120, 100)).toEqual({ now: 120, before: 100, change: 20, ratio: 0.2 });
    expect(delta(5, 0).ratio).toBeNull();
    const d = cardDeltas(metrics({ online: 50, orders: 3 }), metrics({ online: 100, orders: 0 }));
    expect(d.online.ratio).toBe(-0.5);
    expect(d.orders).toEqual({ now: 3, before: 0, change: 3, ratio: null });
  });

  it('writes the sign in the label, not only a colour', () => {
    const int = (n: number) => String(n);
    expect(formatDeltaLabel(delta(120, 100), int, 'en')).toBe('+20%');
    expect(formatDeltaLabel(delta(50, 100), int, 'en')).toBe('−50%');
    expect(formatDeltaLabel(delta(100, 100), int, 'en')).toBe('±0%');
    expect(formatDeltaLabel(delta(3, 0), int, 'en')).toBe('+3');
    expect(formatDeltaLabel(delta(0, 0), int, 'en')).toBe('±0');
  });

  it('compares money per currency, a currency new in this window included', () => {
    expect(moneyDelta({ USD: 300, EUR: 10 }, { USD: 200 })).toEqual({
      USD: { now: 300, before: 200, change: 100, ratio: 0.5 },
      EUR: { now: 10, before: 0, change: 10, ratio: null },
    });
  });
});

describe('funnel', () => {
  it('runs viewers -> impressions -> clicks -> orders -> paid with each step’s rate', () => {
    const rows = funnel(metrics({ views: 200, impressions: 100, clicks: 20, orders: 5 }), 4);
    expect(rows.map((r) => [r.step, r.count])).toEqual([
      ['viewers', 200],
      ['impressions', 100],
      ['clicks', 20],
      ['orders', 5],
      ['paid', 4],
    ]);
    expect(rows[0]!.fromPrevious).toBeNull();
    expect(rows[2]!.fromPrevious).toBe(0.2);
    expect(rows[4]!.fromPrevious).toBe(0.8);
    expect(rows[4]!.fromTop).toBe(0.02);
  });

  it('has no rate after an empty step', () => {
    const rows = funnel(metrics(), 0);
    expect(rows.every((r) => r.fromPrevious === null && r.fromTop === null)).toBe(true);
  });
});

describe('product table and languages', () => {
  const p = (productId: string, patch: object = {}) => ({
    productId,
    presented: 1,
    presentedMs: 10_000,
    impressions: 0,
    clicks: 0,
    ctr: 0,
    orders: 0,
    gmvPlaced: {},
    gmvPaid: {},
    ...patch,
  });

  it('sums products over the stream, counts pin periods and their time, and joins stock', () => {
    const buckets = [
      bucket(
        T0,
        {},
        { products: [p('hat', { impressions: 10, clicks: 2, orders: 1, gmvPlaced: { USD: 500 } })] },
      ),
      bucket(
        T0 + 10_000,
        {},
        {
          products: [
            p('hat', {
              impressions: 30,
              clicks: 2,
              orders: 1,
              gmvPlaced: { USD: 500 },
              gmvPaid: { USD: 500 },
            }),
          ],
        },
      ),
    ];
    const pins = [
      { productId: 'hat', from: T0, to: T0 + 30_000 },
      { productId: 'hat', from: T0 + 60_000, to: null },
    ];
    const rows = productRows(
      buckets,
      pins,
      [
        { id: 'hat', title: 'Hat', stock: 3 },
        { id: 'bag', title: 'Bag', stock: 0 },
      ],
      T0 + 90_000,
    );
    const hat = rows.find((r) => r.productId === 'hat')!;
    expect(hat).toMatchObject({
      title: 'Hat',
      stock: 3,
      presented: 2,
      presentedMs: 60_000,
      impressions: 40,
      clicks: 4,
      orders: 2,
    });
    expect(hat.ctr).toBe(0.1);
    expect(hat.gmvPlaced).toEqual({ USD: 1000 });
    expect(hat.gmvPaid).toEqual({ USD: 500 });
    // a product never shown still has its row (stock 0: sold out)
    expect(rows.find((r) => r.productId === 'bag')).toMatchObject({ presented: 0, stock: 0, ctr: 0 });
    expect(rows[0]!.productId).toBe('hat');
  });

  it('splits online viewers by language from the latest bucket, orders over the stream', () => {
    const lang = (l: string, online: number, orders: number) => ({
      lang: l,
      views: online,
      online,
      orders,
      gmvPlaced: {},
    });
    const split = languageSplit([
      bucket(T0, {}, { languages: [lang('en', 5, 1), lang('es', 1, 0)] }),
      bucket(T0 + 10_000, {}, { languages: [lang('en', 2, 1), lang('es', 6, 2)] }),
    ]);
    expect(split).toEqual([
      { lang: 'es', online: 6, orders: 2, share: 0.75 },
      { lang: 'en', online: 2, orders: 2, share: 0.25 },
    ]);
    expect(languageSplit([])).toEqual([]);
  });
});
