// Compliance guard: what the backend tells a room's host (and ops) when the host's own words, spoken (the
// caption source, before translation), typed into a product or written as a host comment, break a rule of one
// of the stream's markets; and which markets those are. One contract for the server's guard, the studio's
// warnings and market guide, the ops board and the replay. Viewers never receive any of it.
import { z } from 'zod';
import { CATEGORIES, type Category } from '../compliance/pack';

const Id = z.string().min(1).max(64);
const Market = z.string().regex(/^[A-Z]{2,5}$/);

/** One risky span, as the checker found it for one market. */
export interface ComplianceFlag {
  category: Category;
  rule: string;
  /** The words as written. */
  words: string;
  market: string;
  severity: 1 | 2;
  citation: string;
  rephrase: string;
}

export type ViolationSource = 'caption' | 'product' | 'comment';

/**
 * One violation event: a sentence of the host's with the flags found in it. A caption's partials and its final
 * are one event (its flags grow as the sentence does); `level` is its highest severity: 1 a notice that closes
 * by itself, 2 a warning that stays until the host acknowledges it.
 */
export interface ComplianceViolation {
  id: string;
  roomId: string;
  /** When it was first flagged, ms since the epoch (server time). */
  at: number;
  source: ViolationSource;
  /** The caption's id, the product's id or the comment's id. */
  sourceId: string;
  /** The language the sentence was checked in. */
  lang: string;
  /** The host's own sentence (shown to the host and staff only). */
  text: string;
  level: 1 | 2;
  flags: ComplianceFlag[];
  /** When the host acknowledged it (ms), null until then. */
  acknowledgedAt: number | null;
}

/** A market the stream is checked against: why it is in, and its share of the viewers online now. */
export interface StreamMarket {
  market: string;
  name: string;
  /** Home: the seller's; audience: viewers' language or region; added: the host added it. */
  why: 'home' | 'audience' | 'added';
  /** Viewers online now who map to this market. */
  viewers: number;
  /** viewers / all online viewers, 0..1 (0 with nobody online). */
  share: number;
  /** The market guide's prompts (from its rule pack). */
  sellingPoints: string[];
  cautions: string[];
}

export interface RoomMarkets {
  roomId: string;
  home: string;
  /** The markets checked now, home first, then by share. */
  markets: StreamMarket[];
  /** Markets the host added by hand (kept whatever the audience does). */
  added: string[];
  /** Markets the host excluded (never checked, even when viewers come from there). */
  excluded: string[];
  /** Every market with a rule pack, for the picker: code and name. */
  available: { market: string; name: string }[];
  /** Online viewers whose market has no rule pack. */
  unmapped: number;
}

export const ComplianceRefSchema = z.object({ roomId: Id }).strict();
export const ComplianceAckSchema = z.object({ roomId: Id, violationId: Id }).strict();
export const MarketsSetSchema = z
  .object({
    roomId: Id,
    home: Market.optional(),
    added: z.array(Market).max(16).optional(),
    excluded: z.array(Market).max(16).optional(),
  })
  .strict();
export type MarketsSet = z.infer<typeof MarketsSetSchema>;

export const ComplianceFlagSchema = z.object({
  category: z.enum(CATEGORIES),
  rule: z.string().max(120),
  words: z.string().max(600),
  market: Market,
  severity: z.union([z.literal(1), z.literal(2)]),
  citation: z.string().max(600),
  rephrase: z.string().max(600),
});

export const ComplianceViolationSchema: z.ZodType<ComplianceViolation> = z.object({
  id: Id,
  roomId: Id,
  at: z.number(),
  source: z.enum(['caption', 'product', 'comment']),
  sourceId: z.string().max(128),
  lang: z.string().max(35),
  text: z.string().max(4000),
  level: z.union([z.literal(1), z.literal(2)]),
  flags: z.array(ComplianceFlagSchema).max(64),
  acknowledgedAt: z.number().nullable(),
});

const StreamMarketSchema = z.object({
  market: Market,
  name: z.string().max(200),
  why: z.enum(['home', 'audience', 'added']),
  viewers: z.number().int().min(0),
  share: z.number().min(0).max(1),
  sellingPoints: z.array(z.string().max(600)).max(20),
  cautions: z.array(z.string().max(600)).max(20),
});

export const RoomMarketsSchema: z.ZodType<RoomMarkets> = z.object({
  roomId: Id,
  home: Market,
  markets: z.array(StreamMarketSchema).max(32),
  added: z.array(Market).max(16),
  excluded: z.array(Market).max(16),
  available: z.array(z.object({ market: Market, name: z.string().max(200) })).max(64),
  unmapped: z.number().int().min(0),
});

// Socket events (in socket-events.ts and server-events.ts):
//   client -> server                      who          ack value
//   'compliance:list'    ComplianceRef     host, ops    ComplianceViolation[] (oldest first)
//   'compliance:ack'     ComplianceAck     host         ComplianceViolation
//   'compliance:markets' ComplianceRef     host, ops    RoomMarkets
//   'compliance:markets:set' MarketsSet    host         RoomMarkets
//   server -> client
//   'compliance:violation' ComplianceViolation   the room's staff (host, ops): new, grown or acknowledged
//   'compliance:markets'   RoomMarkets           the room's staff, when the markets or their shares change
