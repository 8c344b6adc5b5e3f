// The tokens `npm start` gives its studio for the embedded backend on this machine: the host token (to go
// live and sell) and an ops token (the studio's "Ops dashboard" link). Both are signed by that backend.
import type { Backend } from '../../server/backend';

export interface EmbeddedTokens {
  hostToken: string;
  opsToken: string;
}

export function embeddedTokens(backend: Pick<Backend, 'issueToken'>): EmbeddedTokens {
  return { hostToken: backend.issueToken({ role: 'host' }), opsToken: backend.issueToken({ role: 'ops' }) };
}
