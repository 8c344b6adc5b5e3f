// Who a connection is, as this backend says. A viewer link's token names a room, never a person: the first
// connection with it is issued a subject of its own (a random id inside a signed viewer token the browser
// keeps), renewed before it expires. Everything else a client sends about itself is ignored. What other
// people see of a person is a per-room author handle: an HMAC of room and subject, so it cannot be turned
// back into the subject, differs between rooms, and is worthless as a credential.
import { createHmac, randomBytes } from 'node:crypto';
import type { TokenClaims, ViewerSession } from '../../core/protocol/socket-events';
import { signToken, TOKEN_TTL_MS, verifyToken } from './tokens';

/** A viewer token is renewed when less than this share of its lifetime is left. */
const RENEW_WHEN_LEFT = 0.5;

export interface VerifiedConnection {
  claims: TokenClaims;
  /** The subject: from the token, or minted now for a link token (viewers) or per connection (others). */
  sub: string;
  /** A viewer identity to hand the client: newly minted, or a renewal of one close to expiry. */
  issued: ViewerSession | null;
}

export class Identities {
  constructor(
    private readonly secret: string,
    private readonly clock: () => number = Date.now,
  ) {}

  verify(token: unknown): TokenClaims | null {
    return verifyToken(this.secret, token, this.clock());
  }

  /** The public link token of a room: it lets anyone open the room and be issued an identity. */
  linkToken(roomId: string): string {
    return signToken(this.secret, { role: 'viewer', room: roomId });
  }

  /** The author handle of `sub` in `roomId`: stable for the pair, opaque, unforgeable without the secret. */
  handle(roomId: string, sub: string): string {
    return `u${createHmac('sha256', this.secret).update(`handle\0${roomId}\0${sub}`).digest('base64url').slice(0, 21)}`;
  }

  /**
   * The anonymous analytics id of `sub` in `roomId`: stable for the pair like the author handle, but derived
   * apart from it, so analytics records cannot be joined to comment authors or orders.
   */
  analyticsId(roomId: string, sub: string): string {
    return `a${createHmac('sha256', this.secret).update(`analytics\0${roomId}\0${sub}`).digest('base64url').slice(0, 21)}`;
  }

  /**
   * Resolves a verified token to the connection's subject. `connectionId` names hosts and ops whose tokens
   * carry no subject (each connection is then its own person, as before).
   */
  connection(claims: TokenClaims, connectionId: string): VerifiedConnection {
    if (claims.role !== 'viewer')
      return { claims, sub: claims.sub ?? `${claims.role}-${connectionId}`, issued: null };
    const room = claims.room!;
    if (claims.sub) {
      const renew = claims.exp - this.clock() < TOKEN_TTL_MS.viewer * RENEW_WHEN_LEFT;
      return { claims, sub: claims.sub, issued: renew ? this.issue(room, claims.sub) : null };
    }
    const sub = randomBytes(16).toString('base64url');
    return { claims, sub, issued: this.issue(room, sub) };
  }

  private issue(roomId: string, sub: string): ViewerSession {
    const expiresAt = this.clock() + TOKEN_TTL_MS.viewer;
    return {
      token: signToken(this.secret, { role: 'viewer', room: roomId, sub, exp: expiresAt }),
      roomId,
      handle: this.handle(roomId, sub),
      expiresAt,
    };
  }
}
