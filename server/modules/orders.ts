// Orders (server/room/order-handlers.ts): placing, paying, cancelling, refunding; each change told on the
// bus as order:changed. Stock moved by orders reaches the room through the StockFeed, at most once a tick.
import type { ModerationCache } from '../room/moderation';
import { registerOrderHandlers } from '../room/order-handlers';
import type { PaymentProvider } from '../room/payments';
import { StockFeed } from '../room/stock-feed';
import type { ServerModule } from './server-module';

export function ordersModule(deps: { moderation: ModerationCache; payments: PaymentProvider }): ServerModule {
  return {
    name: 'orders',
    attach(ctx) {
      const { io, repo } = ctx;
      const stock = new StockFeed(io, (roomId, productId) => repo.products.get(roomId, productId));
      const handlers = { ...ctx, ...deps, stock };
      return {
        onConnection: (access) => registerOrderHandlers(handlers, access),
        close: () => stock.close(),
      };
    },
  };
}
