// The tokens `npm start` gives its studio for the embedded backend on this machine: the host token (to go
// live and sell, and to replay its own streams: it names this machine's host subject, stable per data
// folder) and an ops token (the studio's "Ops dashboard" link). Both are signed by that backend.
import type { Backend } from '../../server/backend';

export interface EmbeddedTokens {
  hostToken: string;
  opsToken: string;
}

/** `hostSub`: the host's subject (server/auth/secret-file.ts hostSubject); none: a host without replays of its own. */
export function embeddedTokens(backend: Pick<Backend, 'issueToken'>, hostSub?: string): EmbeddedTokens {
  return {
    hostToken: backend.issueToken({ role: 'host', ...(hostSub ? { sub: hostSub } : {}) }),
    opsToken: backend.issueToken({ role: 'ops' }),
  };
}
