// The analytics store on both databases: facts stored once, rollups upserted so that rewriting is harmless
// and a bucket made from fewer facts never replaces one made from more.
import { expect, it } from 'vitest';
import type { RollupBucket } from '../../core/protocol/analytics-events';
import type { AnalyticsFact } from '../../core/metrics/facts';
import { emptyRoomMetrics } from '../../core/metrics/facts';
import { describeStores, room } from './store-suite';

const fact = (id: string, at: number): AnalyticsFact => ({
  id,
  roomId: 'ra',
  at,
  viewer: 'v1',
  lang: 'zh-CN',
  region: 'CN',
  kind: 'click',
  productId: 'p1',
  target: 'buy',
});
const bucket = (start: number, views: number): RollupBucket => ({
  roomId: 'ra',
  start,
  room: { ...emptyRoomMetrics(), views, gmvPlaced: { USD: 1999, EUR: 5 } },
  products: [],
  languages: [{ lang: 'und', views, online: 0, orders: 0, gmvPlaced: {} }],
});

describeStores('analytics store', (_kind, ctx) => {
  it('keeps each fact once, whole, in time order', async () => {
    await ctx.store.migrate();
    await ctx.store.analytics.addFacts([fact('b', 2000), fact('a', 1000)]);
    await ctx.store.analytics.addFacts([{ ...fact('a', 1000), lang: 'changed' }]); // a resend
    expect(await ctx.store.analytics.facts('ra')).toEqual([fact('a', 1000), fact('b', 2000)]);
    expect(await ctx.store.analytics.facts('ra', 1500)).toEqual([fact('b', 2000)]);
    expect(await ctx.store.analytics.facts('other')).toEqual([]);
  });

  it('upserts rollups: the same bucket twice is one row; fewer facts never overwrite more', async () => {
    await ctx.store.analytics.upsertRollups([{ bucket: bucket(10_000, 3), facts: 5 }]);
    await ctx.store.analytics.upsertRollups([{ bucket: bucket(10_000, 3), facts: 5 }]);
    await ctx.store.analytics.upsertRollups([{ bucket: bucket(10_000, 1), facts: 2 }]);
    expect(await ctx.store.analytics.rollups('ra')).toEqual([bucket(10_000, 3)]);
    await ctx.store.analytics.upsertRollups([
      { bucket: bucket(10_000, 4), facts: 6 },
      { bucket: bucket(20_000, 1), facts: 1 },
    ]);
    expect(await ctx.store.analytics.rollups('ra')).toEqual([bucket(10_000, 4), bucket(20_000, 1)]);
    expect(await ctx.store.analytics.rollups('ra', 15_000)).toEqual([bucket(20_000, 1)]);
  });

  it('lists the live rooms', async () => {
    await ctx.store.rooms.create(room('live-1'));
    await ctx.store.rooms.create(room('idle-1'));
    await ctx.store.rooms.setStatus('live-1', 'live');
    const live = await ctx.store.analytics.liveRooms();
    expect(live.map((r) => r.id)).toEqual(['live-1']);
    expect(live[0]!.liveStartedAt).toBeGreaterThan(0);
  });
});
