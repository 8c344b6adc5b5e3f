// Concurrent product patches: compare-and-set edits from several connections and processes on one
// database, racing each other and sales. Exactly one patch from a given base wins; no sale and no restock
// is ever lost. Run against both stores: SQLite always, PostgreSQL when it is reachable.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { describeStores, product, room } from './store-suite';

const RACER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'patch-racer.test-helper.ts');

describeStores('concurrent product patches', (kind, ctx) => {
  beforeAll(async () => {
    await ctx.store.migrate();
    await ctx.store.rooms.create(room('r-1'));
  });

  it('applies exactly one of 30 patches made from the same base over three connections', async () => {
    await ctx.store.products.upsert(product('same-base', 5));
    const others = [await ctx.reopen(), await ctx.reopen()];
    try {
      const conns = [ctx.store, ...others];
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          conns[i % 3]!.products.patch('r-1', 'same-base', { stock: 100 + i }, { stock: 5 }, 10 + i),
        ),
      );
      const applied = results.filter((r) => r.ok);
      expect(applied).toHaveLength(1);
      const stock = applied[0]!.ok ? applied[0]!.product.stock : -1;
      for (const r of results) if (!r.ok) expect(r).toMatchObject({ reason: 'stale', product: { stock } });
      for (const c of conns) expect((await c.products.get('r-1', 'same-base'))!.stock).toBe(stock);
    } finally {
      for (const c of others) await c.close();
    }
  });

  it('loses no restock and no sale when compare-and-set restocks race buyers on three connections', async () => {
    await ctx.store.products.upsert(product('restock', 30));
    const others = [await ctx.reopen(), await ctx.reopen()];
    try {
      const conns = [ctx.store, ...others];
      // A restock reads the product and adds one from what it read, again from the new value when stale.
      const restock = async (i: number) => {
        const c = conns[i % 3]!;
        let seen = (await c.products.get('r-1', 'restock'))!;
        for (;;) {
          const r = await c.products.patch(
            'r-1',
            'restock',
            { stock: seen.stock + 1 },
            { stock: seen.stock },
            i,
          );
          if (r.ok) return;
          expect(r.reason).toBe('stale');
          if (!r.ok && r.reason === 'stale') seen = r.product;
        }
      };
      const buy = (i: number) =>
        conns[(i + 1) % 3]!.orders.place({
          id: `rs-${kind}-${i}`,
          roomId: 'r-1',
          productId: 'restock',
          buyerId: `b-${i}`,
          quantity: 1,
          currency: 'USD',
          idempotencyKey: `rs-key-${kind}-${i}-0123456789`,
          now: i,
        });
      const [, sales] = await Promise.all([
        Promise.all(Array.from({ length: 40 }, (_, i) => restock(i))),
        Promise.all(Array.from({ length: 30 }, (_, i) => buy(i))),
      ]);
      const sold = sales.filter((s) => s.ok).length;
      expect(sold).toBe(30);
      expect((await ctx.store.products.get('r-1', 'restock'))!.stock).toBe(30 + 40 - sold);
      expect((await ctx.store.orders.list('r-1')).filter((o) => o.productId === 'restock')).toHaveLength(
        sold,
      );
    } finally {
      for (const c of others) await c.close();
    }
  });

  it('loses no restock and no sale when three processes race on one product', async () => {
    await ctx.store.products.upsert(product('procs', 0));
    const racers = ['a', 'b', 'c'].map((tag) => {
      const args = {
        ...ctx.location,
        roomId: 'r-1',
        productId: 'procs',
        tag: `${kind}-${tag}`,
        restocks: 30,
        buys: 20,
      };
      const child = fork(RACER, [JSON.stringify(args)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
      const report = new Promise<{ restocked: number; bought: number }>((resolve, reject) => {
        child.once('message', (m) => resolve(m as { restocked: number; bought: number }));
        child.once('exit', (code) => reject(new Error(`racer ${tag} exited with ${code}`)));
      });
      const ready = new Promise<void>((resolve) => child.once('spawn', () => resolve()));
      return { child, report, ready };
    });
    await Promise.all(racers.map((r) => r.ready));
    // Give every racer time to open its connection, then start them together.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const r of racers) r.child.send('go');
    const reports = await Promise.all(racers.map((r) => r.report));
    const restocked = reports.reduce((n, r) => n + r.restocked, 0);
    const bought = reports.reduce((n, r) => n + r.bought, 0);
    expect(restocked).toBe(90);
    const orders = (await ctx.store.orders.list('r-1')).filter((o) => o.productId === 'procs');
    expect(orders).toHaveLength(bought);
    expect((await ctx.store.products.get('r-1', 'procs'))!.stock).toBe(restocked - bought);
  }, 60_000);
});
