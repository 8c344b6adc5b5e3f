// Signed role tokens: `v1.<claims>.<HMAC-SHA256>`, base64url. The backend issues them (a host token for the
// studio, a room-scoped viewer token inside the viewer link, ops tokens for operations staff) and checks
// every connection's token; a role can no longer simply be claimed.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { TokenClaimsSchema, type TokenClaims } from '../../core/protocol/socket-events';

const DAY_MS = 24 * 60 * 60 * 1000;
export const TOKEN_TTL_MS = {
  host: 30 * DAY_MS,
  ops: 30 * DAY_MS,
  viewer: 7 * DAY_MS,
  analyst: 30 * DAY_MS,
} as const;

const mac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

export function signToken(secret: string, claims: Omit<TokenClaims, 'v' | 'exp'> & { exp?: number }): string {
  const full: TokenClaims = { v: 1, exp: claims.exp ?? Date.now() + TOKEN_TTL_MS[claims.role], ...claims };
  const body = Buffer.from(JSON.stringify(full)).toString('base64url');
  return `v1.${body}.${mac(secret, body)}`;
}

/** The token's claims when its signature is ours and it has not expired; null otherwise. */
export function verifyToken(secret: string, token: unknown, now = Date.now()): TokenClaims | null {
  if (typeof token !== 'string' || token.length > 2048) return null;
  const [version, body, signature] = token.split('.');
  if (version !== 'v1' || !body || !signature) return null;
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims = TokenClaimsSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return claims.exp > now ? claims : null;
  } catch {
    return null;
  }
}

/** A new subject for a host or analyst token: who they are, e.g. whose streams a host may replay. */
export function newSubject(): string {
  return randomBytes(16).toString('base64url');
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
