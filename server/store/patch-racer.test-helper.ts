// A separate process racing on one product for products-concurrency.test.ts: restocks by compare-and-set
// (read, patch from what it read, again on stale) and buys, then reports what it did. Not a test itself.
import { openStore } from './store';

interface RacerArgs {
  databaseUrl?: string;
  sqliteFile: string;
  roomId: string;
  productId: string;
  tag: string;
  restocks: number;
  buys: number;
}

const args = JSON.parse(process.argv[2]!) as RacerArgs;
const store = await openStore({ databaseUrl: args.databaseUrl, sqliteFile: args.sqliteFile });
await new Promise<void>((resolve) => process.once('message', () => resolve()));

async function restock(n: number): Promise<void> {
  let seen = (await store.products.get(args.roomId, args.productId))!;
  for (;;) {
    const r = await store.products.patch(
      args.roomId,
      args.productId,
      { stock: seen.stock + 1 },
      { stock: seen.stock },
      n,
    );
    if (r.ok) return;
    if (r.reason !== 'stale') throw new Error(r.reason);
    seen = r.product;
  }
}

const results = await Promise.all([
  ...Array.from({ length: args.restocks }, (_, i) => restock(i).then(() => 'restocked' as const)),
  ...Array.from({ length: args.buys }, (_, i) =>
    store.orders
      .place({
        id: `${args.tag}-o-${i}`,
        roomId: args.roomId,
        productId: args.productId,
        buyerId: `${args.tag}-b-${i}`,
        quantity: 1,
        currency: 'USD',
        idempotencyKey: `${args.tag}-key-${i}-0123456789`,
        now: i,
      })
      .then((r) => (r.ok ? ('bought' as const) : r.reason)),
  ),
]);
await store.close();
process.send!({
  restocked: results.filter((r) => r === 'restocked').length,
  bought: results.filter((r) => r === 'bought').length,
});
process.disconnect();
