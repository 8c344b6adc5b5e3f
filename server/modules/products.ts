// The room's catalog: staff add, edit, price and pin products; members list them. Each edit is published to
// the room and told on the bus as product:changed.
import { registerProductHandlers } from '../room/room-handlers';
import type { ServerModule } from './server-module';

export const productsModule: ServerModule = {
  name: 'products',
  attach: (ctx) => ({ onConnection: (access) => registerProductHandlers(ctx, access) }),
};
