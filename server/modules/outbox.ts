// The host outbox's other end (server/room/outbox-handlers.ts): queued host actions and analytics marks,
// each applied once by id and acknowledged.
import type { ModerationCache } from '../room/moderation';
import { registerOutboxHandlers } from '../room/outbox-handlers';
import type { PaymentProvider } from '../room/payments';
import type { ServerModule } from './server-module';

export function outboxModule(deps: { moderation: ModerationCache; payments: PaymentProvider }): ServerModule {
  return {
    name: 'outbox',
    attach(ctx) {
      const handlers = { ...ctx, ...deps };
      return { onConnection: (access) => registerOutboxHandlers(handlers, access) };
    },
  };
}
