// The host outbox's other end (server/room/outbox-handlers.ts): queued host actions and analytics marks,
// each applied once by id and acknowledged.
import { registerOutboxHandlers } from '../room/outbox-handlers';
import type { ServerModule } from './server-module';

export const outboxModule: ServerModule = {
  name: 'outbox',
  attach: (ctx) => ({ onConnection: (access) => registerOutboxHandlers(ctx, access) }),
};
