// The store suite, run against both databases: SQLite always, PostgreSQL when it is reachable.
// Orders and product patches are in store-orders.test.ts, concurrent patches in products-concurrency.test.ts.
import { expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';
import { describeStores, product, room } from './store-suite';

describeStores('store', (kind, ctx) => {
  it('migrates to the latest version, and again without harm', async () => {
    const latest = Math.max(...MIGRATIONS.map((m) => m.version));
    expect(await ctx.store.migrate()).toBe(latest);
    expect(await ctx.store.migrate()).toBe(latest);
    expect(ctx.store.kind).toBe(kind);
  });

  it('stores a room exactly as given, text and millisecond timestamps included', async () => {
    await ctx.store.rooms.create(room('r-1'));
    expect(await ctx.store.rooms.get('r-1')).toEqual(room('r-1'));
    expect(await ctx.store.rooms.get('missing')).toBeNull();
  });

  it('refuses a second room with the same id', async () => {
    await expect(ctx.store.rooms.create(room('r-1'))).rejects.toThrow();
  });

  it('renames a room, and says when there is no such room', async () => {
    await ctx.store.rooms.create(room('r-title'));
    expect(await ctx.store.rooms.setTitle('r-title', 'Autumn sale 秋季特卖')).toEqual({
      ...room('r-title'),
      title: 'Autumn sale 秋季特卖',
    });
    expect(await ctx.store.rooms.setTitle('missing', 'x')).toBeNull();
  });

  it('keeps a catalog: upsert, live price and stock edits, one pinned product', async () => {
    await ctx.store.products.upsert(product('p-1', 5));
    await ctx.store.products.upsert(product('p-2', 5));
    expect(
      await ctx.store.products.patch('r-1', 'p-1', { prices: { USD: 1499 }, stock: 7 }, undefined, 2),
    ).toMatchObject({
      ok: true,
      product: { prices: { USD: 1499 }, stock: 7, aliases: ['墨镜', 'shades'], updatedAt: 2 },
    });
    await ctx.store.products.pin('r-1', 'p-2');
    await ctx.store.products.pin('r-1', 'p-1');
    const pinned = (await ctx.store.products.list('r-1')).filter((p) => p.pinned).map((p) => p.id);
    expect(pinned).toEqual(['p-1']);
    expect(await ctx.store.products.patch('other-room', 'p-1', { stock: 0 }, undefined, 3)).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect((await ctx.store.products.get('r-1', 'p-1'))!.stock).toBe(7);
  });

  it("refuses an upsert of another room's product and leaves that product as it was", async () => {
    const mine = await ctx.store.products.get('r-1', 'p-2');
    expect(
      await ctx.store.products.upsert({ ...product('p-2', 99), roomId: 'r-other', titles: { en: 'Taken' } }),
    ).toBeNull();
    expect(await ctx.store.products.get('r-1', 'p-2')).toEqual(mine);
    expect(await ctx.store.products.list('r-other')).toEqual([]);
  });

  it('sells exactly the stock to 200 concurrent buyers, never more', async () => {
    await ctx.store.products.upsert(product('hot', 50));
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        ctx.store.orders.place({
          id: `o-${kind}-${i}`,
          roomId: 'r-1',
          productId: 'hot',
          buyerId: `b-${i}`,
          quantity: 1,
          currency: 'USD',
          idempotencyKey: `key-${kind}-hot-${i}-xxxxxxxx`,
          now: 10 + i,
        }),
      ),
    );
    expect(results.filter((r) => r.ok).length).toBe(50);
    expect(results.filter((r) => !r.ok && r.reason === 'out_of_stock').length).toBe(150);
    expect((await ctx.store.products.get('r-1', 'hot'))!.stock).toBe(0);
    expect((await ctx.store.orders.list('r-1')).filter((o) => o.productId === 'hot')).toHaveLength(50);
  });

  it('creates one order for the same idempotency key, however often and however concurrently', async () => {
    await ctx.store.products.upsert(product('calm', 10));
    const attempt = (n: number) =>
      ctx.store.orders.place({
        id: `dup-${kind}-${n}`,
        roomId: 'r-1',
        productId: 'calm',
        buyerId: 'b-1',
        quantity: 2,
        currency: 'CNY',
        idempotencyKey: `same-key-${kind}-0123456789`,
        now: 100 + n,
      });
    const results = await Promise.all([attempt(1), attempt(2), attempt(3)]);
    const again = await attempt(4);
    const ids = new Set([...results, again].map((r) => (r.ok ? r.order.id : 'fail')));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect((await ctx.store.products.get('r-1', 'calm'))!.stock).toBe(8);
    expect(again.ok && again.order.amountMinor).toBe(25800);
  });

  it('keeps comments in order, hides deleted ones, and keeps moderation lists', async () => {
    await ctx.store.comments.add([
      {
        id: `c1-${kind}`,
        roomId: 'r-1',
        t: 10,
        a: 'u1',
        n: 'Ana',
        text: '<img src=x onerror=alert(1)>',
        k: 'v',
        createdAt: 1,
      },
      {
        id: `c2-${kind}`,
        roomId: 'r-1',
        t: 20,
        a: 'u2',
        n: '李',
        text: '多少钱？',
        k: 'v',
        createdAt: 2,
        x: { lang: 'zh', s: 'neu', sc: 0.61, i: ['question', 'price'], p: 'p-1' },
      },
    ]);
    // The insight computed when it arrived is kept with the comment (for history and replays).
    expect((await ctx.store.comments.list('r-1', 10)).map((c) => c.x)).toEqual([
      undefined,
      { lang: 'zh', s: 'neu', sc: expect.closeTo(0.61, 5), i: ['question', 'price'], p: 'p-1' },
    ]);
    expect((await ctx.store.comments.list('r-1', 10)).map((c) => c.text)).toEqual([
      '<img src=x onerror=alert(1)>',
      '多少钱？',
    ]);
    expect(await ctx.store.comments.delete('r-1', `c1-${kind}`)).toBe(true);
    expect((await ctx.store.comments.list('r-1', 10)).map((c) => c.id)).toEqual([`c2-${kind}`]);
    await ctx.store.moderation.add('r-1', 'blocked_word', ['spam', 'scam']);
    await ctx.store.moderation.add('r-1', 'slow_mode', ['5']);
    await ctx.store.moderation.add('r-1', 'slow_mode', ['10']);
    await ctx.store.moderation.remove('r-1', 'blocked_word', ['spam']);
    const mod = (await ctx.store.moderation.list('r-1')).map((m) => `${m.kind}:${m.value}`).sort();
    expect(mod).toEqual(['blocked_word:scam', 'slow_mode:10']);
  });

  it('stores each host event once, however often it is sent', async () => {
    const events = [{ id: `e1-${kind}`, roomId: 'r-1', type: 'mark', payload: { n: 1 } }];
    expect(await ctx.store.hostEvents.record(events, 1)).toEqual([`e1-${kind}`]);
    expect(await ctx.store.hostEvents.record(events, 2)).toEqual([`e1-${kind}`]);
    expect(await ctx.store.hostEvents.known([`e1-${kind}`, `e2-${kind}`])).toEqual(new Set([`e1-${kind}`]));
    expect(await ctx.store.hostEvents.known([])).toEqual(new Set());
  });

  it('keeps rooms across a reopen', async () => {
    await ctx.store.close();
    ctx.store = await ctx.reopen();
    await ctx.store.migrate();
    expect(await ctx.store.rooms.get('r-1')).toEqual(room('r-1'));
  });
});
