// Turns what happened into analytics facts: a viewer page's events (stamped with the connection's
// server-derived viewer id, its session, language and region) and the room's own events from the bus
// (accepted comments, orders, pins, going live and ending).
import type { AnalyticsTrackInput, ViewerEvent } from '../../core/protocol/analytics-events';
import { LanguageTagSchema } from '../../core/protocol/languages';
import type { Order } from '../../core/protocol/room-events';
import type { AnalyticsFact, FactBody } from '../../core/metrics/facts';
import type { NewComment } from '../store/store';

/** Language and region from an Accept-Language header: its first tag, and the first region subtag. */
export function fromAcceptLanguage(header: unknown): { lang: string | null; region: string | null } {
  if (typeof header !== 'string') return { lang: null, region: null };
  const tags = header
    .slice(0, 200)
    .split(',')
    .map((part) => part.split(';')[0]!.trim())
    .filter((tag) => LanguageTagSchema.safeParse(tag).success);
  let region: string | null = null;
  for (const tag of tags) {
    const sub = tag
      .split('-')
      .slice(1)
      .find((s) => /^([A-Za-z]{2}|\d{3})$/.test(s));
    if (sub) {
      region = sub.toUpperCase();
      break;
    }
  }
  return { lang: tags[0] ?? null, region };
}

/** Who reports, as the server knows the connection. */
export interface ViewerStamp {
  roomId: string;
  viewer: string;
  session: string;
  lang: string;
  region: string | null;
}

function body(e: ViewerEvent, session: string): FactBody {
  switch (e.type) {
    case 'presence':
      return { kind: 'presence', state: e.state, session };
    case 'impression':
      return { kind: 'impression', productId: e.productId };
    case 'click':
      return { kind: 'click', productId: e.productId, target: e.target };
    case 'caption_lang':
      return { kind: 'caption_lang', captionLang: e.lang };
    case 'danmaku':
      return { kind: 'danmaku', on: e.on };
  }
}

/**
 * Heartbeats are most of the events (one per viewer every 10 s) and change nothing when counted twice, so
 * they are de-duplicated per connection (RecentIds) rather than in the node's set of recent fact ids; their
 * fact id names the connection, so one resent over a new connection is stored as the separate fact it is.
 */
export const isHeartbeat = (e: ViewerEvent) => e.type === 'presence' && e.state === 'heartbeat';

/** One viewer event as a fact; its id is unique per viewer and event id, so a resend is the same fact. */
export function viewerFact(stamp: ViewerStamp, e: ViewerEvent, at: number): AnalyticsFact {
  return {
    id: isHeartbeat(e) ? `${stamp.viewer}.${stamp.session}.${e.id}` : `${stamp.viewer}.${e.id}`,
    roomId: stamp.roomId,
    at,
    viewer: stamp.viewer,
    lang: stamp.lang,
    region: stamp.region,
    ...body(e, stamp.session),
  } as AnalyticsFact;
}

/** The language a batch reports in: the page's (its caption choice, else the browser's), else the handshake's. */
export const batchLang = (input: Pick<AnalyticsTrackInput, 'lang'>, handshakeLang: string | null) =>
  input.lang ?? handshakeLang ?? 'und';

/** A fact of the room itself; its id names the room (two rooms going live in the same ms are two facts). */
const roomFact = (roomId: string, id: string, at: number, lang: string, b: FactBody) =>
  ({ id: `${roomId}.${id}`, roomId, at, viewer: null, lang, region: null, ...b }) as AnalyticsFact;

/** A viewer comment that passed moderation (host comments are not audience interaction). */
export function commentFact(c: NewComment): AnalyticsFact | null {
  if (c.k !== 'v') return null;
  return roomFact(c.roomId, `c.${c.id}`, c.createdAt, c.x?.lang ?? 'und', {
    kind: 'comment',
    handle: c.a,
    sentiment: c.x?.s ?? null,
  });
}

export function orderFact(o: Order, lang: string): AnalyticsFact {
  return roomFact(o.roomId, `o.${o.id}.${o.status}.${o.updatedAt}`, o.updatedAt, lang, {
    kind: 'order',
    orderId: o.id,
    productId: o.productId,
    buyer: o.buyerId,
    status: o.status,
    amount: o.amountMinor,
    currency: o.currency,
  });
}

export function pinFact(roomId: string, productId: string | null, at: number): AnalyticsFact {
  return roomFact(roomId, `p.${at}.${productId ?? '-'}`, at, 'und', { kind: 'pin', productId });
}

export function liveFact(
  roomId: string,
  state: 'start' | 'end',
  at: number,
  info: { title?: string; host?: string } = {},
): AnalyticsFact {
  return roomFact(roomId, `l.${state}.${at}`, at, 'und', { kind: 'live', state, ...info });
}
