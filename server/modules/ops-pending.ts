// The analytics and ops events of core/protocol/analytics-events.ts whose module is not built yet: each is
// answered at once with a typed `unavailable` error (never silence), until its module replaces it here.
import { StudioError } from '../../core/protocol/result';
import type { ServerModule } from './server-module';

const PENDING = ['analytics:track', 'ops:board', 'ops:room', 'ops:unroom'] as const;

export const opsPendingModule: ServerModule = {
  name: 'ops-pending',
  attach() {
    return {
      onConnection(access) {
        for (const event of PENDING) {
          access.on(event, () => {
            throw new StudioError('unavailable', `${event} is not built yet on this backend`);
          });
        }
      },
    };
  },
};
