// Tickets for the replay's files (recording segments, exports, clips): a `<expiry>.<HMAC>` in the URL's query
// that names one room and one file of it, valid for REPLAY_TICKET_TTL_MS. The socket request that hands out
// the URL has checked the role (server/modules/replay.ts); the HTTP request only proves it holds a URL the
// backend handed out, for that very room and file, not yet expired. The key is derived from the backend's
// token secret for this purpose only, so a ticket is never a token and a token never a ticket.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { REPLAY_TICKET_TTL_MS } from '../../core/protocol/replay';

export type TicketCheck = 'ok' | 'expired' | 'invalid';

export class ReplayTickets {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.key = createHmac('sha256', secret).update('livebridge replay tickets v1').digest();
  }

  private mac(roomId: string, file: string, exp: number): string {
    return createHmac('sha256', this.key).update(`${roomId}\0${file}\0${exp}`).digest('base64url');
  }

  /** A ticket for `file` (its path under the room, e.g. `exports/minutes.csv`) of `roomId`. */
  issue(roomId: string, file: string, ttlMs = REPLAY_TICKET_TTL_MS): { ticket: string; expiresAt: number } {
    const exp = this.clock() + ttlMs;
    return { ticket: `${exp}.${this.mac(roomId, file, exp)}`, expiresAt: exp };
  }

  /** The URL path (with its ticket) of a room's file, relative to the backend. */
  url(roomId: string, file: string, ttlMs?: number): string {
    const { ticket } = this.issue(roomId, file, ttlMs);
    const path = file.split('/').map(encodeURIComponent).join('/');
    return `/api/replay/${encodeURIComponent(roomId)}/${path}?t=${ticket}`;
  }

  check(roomId: string, file: string, ticket: string | null): TicketCheck {
    if (!ticket || ticket.length > 200) return 'invalid';
    const dot = ticket.indexOf('.');
    const exp = Number(ticket.slice(0, dot));
    if (dot <= 0 || !Number.isSafeInteger(exp)) return 'invalid';
    const expected = Buffer.from(this.mac(roomId, file, exp));
    const given = Buffer.from(ticket.slice(dot + 1));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    return exp > this.clock() ? 'ok' : 'expired';
  }
}
