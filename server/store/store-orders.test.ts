// Orders (idempotency, status claims, stock returns) and compare-and-set product patches, run against
// both stores: SQLite always, PostgreSQL when it is reachable.
import { beforeAll, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';
import { describeStores, newOrder, product, room } from './store-suite';

describeStores('orders and patches', (kind, ctx, legacy) => {
  beforeAll(async () => {
    await ctx.store.migrate();
    await ctx.store.rooms.create(room('r-1'));
    await ctx.store.rooms.create(room('r-2'));
  });

  it('moves orders only along ORDER_TRANSITIONS and only from the status the caller saw', async () => {
    await ctx.store.products.upsert(product('flow', 3));
    const placed = await ctx.store.orders.place(
      newOrder({
        id: `flow-${kind}`,
        productId: 'flow',
        quantity: 3,
        idempotencyKey: `flow-key-${kind}-0123456789`,
      }),
    );
    if (!placed.ok) throw new Error(placed.reason);
    expect(
      await ctx.store.orders.place(
        newOrder({
          id: `x-${kind}`,
          productId: 'flow',
          idempotencyKey: `other-${kind}-0123456789`,
          now: 2,
        }),
      ),
    ).toEqual({ ok: false, reason: 'out_of_stock' });
    const id = placed.order.id;
    // Not in ORDER_TRANSITIONS: refused whatever the order's status.
    expect(await ctx.store.orders.transition('r-1', id, 'placed', 'paid', 3)).toBeNull();
    expect(await ctx.store.orders.transition('r-1', id, 'placed', 'refunded', 3)).toBeNull();
    // Allowed, but the order is not in `from`.
    expect(await ctx.store.orders.transition('r-1', id, 'paying', 'paid', 3)).toBeNull();
    // Another room's id space.
    expect(await ctx.store.orders.transition('r-2', id, 'placed', 'paying', 3)).toBeNull();
    expect(await ctx.store.orders.get('r-1', id)).toMatchObject({ status: 'placed', updatedAt: 1 });

    expect(await ctx.store.orders.transition('r-1', id, 'placed', 'paying', 4)).toMatchObject({
      status: 'paying',
      updatedAt: 4,
    });
    expect(await ctx.store.orders.transition('r-1', id, 'paying', 'paid', 5)).toMatchObject({
      status: 'paid',
    });
    expect(await ctx.store.orders.transition('r-1', id, 'paid', 'refunding', 6)).toMatchObject({
      status: 'refunding',
    });
    expect((await ctx.store.products.get('r-1', 'flow'))!.stock).toBe(0);
    expect(await ctx.store.orders.transition('r-1', id, 'refunding', 'refunded', 7)).toMatchObject({
      status: 'refunded',
      updatedAt: 7,
    });
    expect((await ctx.store.products.get('r-1', 'flow'))!.stock).toBe(3);
    // A repeated refund changes nothing and returns no stock a second time.
    expect(await ctx.store.orders.transition('r-1', id, 'refunding', 'refunded', 8)).toBeNull();
    expect((await ctx.store.products.get('r-1', 'flow'))!.stock).toBe(3);
    expect(await ctx.store.orders.get('r-1', id)).toMatchObject({ status: 'refunded', updatedAt: 7 });
  });

  it("returns the stock of a cancelled order once, to that room's product only", async () => {
    await ctx.store.products.upsert(product('cancel', 5));
    const placed = await ctx.store.orders.place(
      newOrder({
        id: `cancel-${kind}`,
        productId: 'cancel',
        quantity: 2,
        idempotencyKey: `cancel-key-${kind}-0123`,
      }),
    );
    if (!placed.ok) throw new Error(placed.reason);
    expect((await ctx.store.products.get('r-1', 'cancel'))!.stock).toBe(3);
    const twice = await Promise.all([
      ctx.store.orders.transition('r-1', placed.order.id, 'placed', 'cancelled', 2),
      ctx.store.orders.transition('r-1', placed.order.id, 'placed', 'cancelled', 2),
    ]);
    expect(twice.filter((o) => o !== null)).toHaveLength(1);
    expect((await ctx.store.products.get('r-1', 'cancel'))!.stock).toBe(5);
    expect(await ctx.store.orders.transition('r-1', placed.order.id, 'cancelled', 'placed', 3)).toBeNull();
    expect((await ctx.store.products.get('r-1', 'cancel'))!.stock).toBe(5);
  });

  it('lets exactly one of 20 concurrent claims of the same change win', async () => {
    await ctx.store.products.upsert(product('claim', 1));
    const placed = await ctx.store.orders.place(
      newOrder({ id: `claim-${kind}`, productId: 'claim', idempotencyKey: `claim-key-${kind}-0123456789` }),
    );
    if (!placed.ok) throw new Error(placed.reason);
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ctx.store.orders.transition('r-1', placed.order.id, 'placed', 'paying', 10 + i),
      ),
    );
    const won = claims.filter((o) => o !== null);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ id: placed.order.id, status: 'paying' });
    expect(await ctx.store.orders.get('r-1', placed.order.id)).toMatchObject({
      status: 'paying',
      updatedAt: won[0]!.updatedAt,
    });
  });

  it('scopes idempotency keys to a room, and refuses a key reused for another purchase', async () => {
    await ctx.store.products.upsert(product('keyed', 10));
    await ctx.store.products.upsert({ ...product('keyed-2', 10), roomId: 'r-2' });
    const key = `shared-key-${kind}-0123456789`;
    const one = await ctx.store.orders.place(
      newOrder({ id: `k1-${kind}`, productId: 'keyed', idempotencyKey: key }),
    );
    const two = await ctx.store.orders.place(
      newOrder({ id: `k2-${kind}`, roomId: 'r-2', productId: 'keyed-2', idempotencyKey: key }),
    );
    expect(one).toMatchObject({ ok: true, created: true, order: { id: `k1-${kind}`, roomId: 'r-1' } });
    expect(two).toMatchObject({ ok: true, created: true, order: { id: `k2-${kind}`, roomId: 'r-2' } });
    expect((await ctx.store.products.get('r-2', 'keyed-2'))!.stock).toBe(9);

    // The same key for another quantity or product of the room: refused, nothing reserved.
    expect(
      await ctx.store.orders.place(
        newOrder({ id: `k3-${kind}`, productId: 'keyed', quantity: 2, idempotencyKey: key }),
      ),
    ).toEqual({ ok: false, reason: 'key_reused' });
    expect(
      await ctx.store.orders.place(newOrder({ id: `k4-${kind}`, productId: 'flow', idempotencyKey: key })),
    ).toEqual({ ok: false, reason: 'key_reused' });
    expect((await ctx.store.products.get('r-1', 'keyed'))!.stock).toBe(9);
    expect(
      await ctx.store.orders.place(newOrder({ id: `k5-${kind}`, productId: 'keyed', idempotencyKey: key })),
    ).toMatchObject({ ok: true, created: false, order: { id: `k1-${kind}` } });

    // Racing first requests with one key but different quantities: one order, the other refused.
    const race = `race-key-${kind}-0123456789`;
    const raced = await Promise.all(
      [1, 2, 1, 2].map((quantity, i) =>
        ctx.store.orders.place(
          newOrder({ id: `race-${kind}-${i}`, productId: 'keyed', quantity, idempotencyKey: race }),
        ),
      ),
    );
    const created = raced.filter((r) => r.ok && r.created);
    expect(created).toHaveLength(1);
    const q = created[0]!.ok ? created[0]!.order.quantity : 0;
    for (const r of raced) {
      if (r.ok) expect(r.order.quantity).toBe(q);
      else expect(r.reason).toBe('key_reused');
    }
    expect(raced.filter((r) => !r.ok)).toHaveLength(2);
    expect((await ctx.store.products.get('r-1', 'keyed'))!.stock).toBe(9 - q);
  });

  it("finds an order only in its own room, and lists one buyer's orders in order", async () => {
    await ctx.store.products.upsert(product('buyer', 10));
    for (const [i, buyerId] of ['ann', 'bob', 'ann'].entries()) {
      const r = await ctx.store.orders.place(
        newOrder({
          id: `bo-${kind}-${i}`,
          productId: 'buyer',
          buyerId,
          idempotencyKey: `bo-key-${kind}-${i}-0123`,
          now: 50 - i,
        }),
      );
      expect(r.ok).toBe(true);
    }
    expect(await ctx.store.orders.get('r-1', `bo-${kind}-1`)).toMatchObject({
      buyerId: 'bob',
      productId: 'buyer',
    });
    expect(await ctx.store.orders.get('r-2', `bo-${kind}-1`)).toBeNull();
    expect(await ctx.store.orders.get('r-1', 'missing')).toBeNull();
    expect((await ctx.store.orders.listForBuyer('r-1', 'ann')).map((o) => o.id)).toEqual([
      `bo-${kind}-2`,
      `bo-${kind}-0`,
    ]);
    expect(await ctx.store.orders.listForBuyer('r-2', 'ann')).toEqual([]);
  });

  it('patches a product only while it still has the values the editor saw', async () => {
    await ctx.store.products.upsert(product('cas', 5));
    const before = (await ctx.store.products.get('r-1', 'cas'))!;
    const stale = await ctx.store.products.patch(
      'r-1',
      'cas',
      { stock: 9, prices: { USD: 1 } },
      { stock: 4 },
      20,
    );
    expect(stale).toEqual({ ok: false, reason: 'stale', product: before });
    // Prices compare as a map: a missing, extra or different amount is stale.
    const staleMaps: Record<string, number>[] = [
      { USD: 1999 },
      { USD: 1999, CNY: 12900, EUR: 1 },
      { USD: 1999, CNY: 1 },
    ];
    for (const prices of staleMaps) {
      expect(await ctx.store.products.patch('r-1', 'cas', { stock: 9 }, { prices }, 20)).toMatchObject({
        ok: false,
        reason: 'stale',
      });
    }
    expect(await ctx.store.products.get('r-1', 'cas')).toEqual(before);

    // Same amounts in another key order match.
    const applied = await ctx.store.products.patch(
      'r-1',
      'cas',
      { prices: { EUR: 1799 } },
      { prices: { CNY: 12900, USD: 1999 }, stock: 5 },
      21,
    );
    expect(applied).toEqual({
      ok: true,
      product: { ...before, prices: { EUR: 1799 }, updatedAt: 21 },
    });
    expect(await ctx.store.products.get('r-1', 'cas')).toEqual({
      ...before,
      prices: { EUR: 1799 },
      updatedAt: 21,
    });
    expect(await ctx.store.products.patch('r-2', 'cas', { stock: 1 }, { stock: 5 }, 22)).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });

  it('applies exactly one of concurrent patches made from the same base', async () => {
    await ctx.store.products.upsert(product('race', 5));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ctx.store.products.patch('r-1', 'race', { stock: 10 + i }, { stock: 5 }, 30 + i),
      ),
    );
    const applied = results.filter((r) => r.ok);
    expect(applied).toHaveLength(1);
    const stock = applied[0]!.ok ? applied[0]!.product.stock : -1;
    for (const r of results) if (!r.ok) expect(r).toMatchObject({ reason: 'stale', product: { stock } });
    expect((await ctx.store.products.get('r-1', 'race'))!.stock).toBe(stock);
  });

  it('upgrades a version 4 database: orders survive, and keys become per room', async () => {
    const old = await legacy(4, [
      `INSERT INTO products (id, room_id, titles, prices, stock, images, ar_asset, pinned, updated_at, aliases)
         VALUES ('old-p', 'r-old', '{}', '{"USD":100}', 4, '[]', NULL, 0, 1, '[]')`,
      `INSERT INTO products (id, room_id, titles, prices, stock, images, ar_asset, pinned, updated_at, aliases)
         VALUES ('new-p', 'r-new', '{}', '{"USD":100}', 4, '[]', NULL, 0, 1, '[]')`,
      `INSERT INTO orders (id, room_id, product_id, buyer_id, quantity, currency, amount_minor, status,
           idempotency_key, created_at, updated_at)
         VALUES ('old-o', 'r-old', 'old-p', 'b-old', 1, 'USD', 100, 'paid', 'old-key-0123456789', 5, 6)`,
    ]);
    try {
      const latest = Math.max(...MIGRATIONS.map((m) => m.version));
      expect(await old.store.migrate()).toBe(latest);
      const kept = {
        id: 'old-o',
        roomId: 'r-old',
        productId: 'old-p',
        buyerId: 'b-old',
        quantity: 1,
        currency: 'USD',
        amountMinor: 100,
        status: 'paid',
        createdAt: 5,
        updatedAt: 6,
      };
      expect(await old.store.orders.get('r-old', 'old-o')).toEqual(kept);
      expect(await old.store.orders.listForBuyer('r-old', 'b-old')).toEqual([kept]);
      const retry = { productId: 'old-p', roomId: 'r-old', idempotencyKey: 'old-key-0123456789' };
      expect(await old.store.orders.place(newOrder({ id: 'retry', ...retry }))).toEqual({
        ok: true,
        order: kept,
        created: false,
      });
      // Before the upgrade the key was unique across rooms; now another room may use it.
      expect(
        await old.store.orders.place(
          newOrder({
            id: 'other',
            roomId: 'r-new',
            productId: 'new-p',
            idempotencyKey: 'old-key-0123456789',
          }),
        ),
      ).toMatchObject({ ok: true, created: true, order: { id: 'other' } });
      expect(await old.store.migrate()).toBe(latest);
      expect(await old.store.orders.list('r-old')).toEqual([kept]);
      expect((await old.store.orders.list('r-new')).map((o) => o.id)).toEqual(['other']);
    } finally {
      await old.store.close();
      await old.dispose();
    }
  });
});
