// Viewer analytics and the operations board: what viewer pages report (presence, product cards, caption
// language, danmaku), what the studio reports about its stream, and what ops staff see and do (the board,
// one room's rollups, alerts with thresholds and acknowledgements, private notes to the host).
//
// Trust: a viewer event never names its viewer. The backend stamps each one with the connection's
// anonymous analytics id (derived from the server-issued identity, see server/auth), its room (the one
// its token names), its language and region; a payload that names another viewer or another room is
// refused. Metric definitions over these events live in core/metrics.
import { z } from 'zod';
import { LanguageTagSchema } from './languages';

const Id = z.string().min(1).max(64);
/** Client-chosen id of one report, so a resend is counted once (like a comment's clientId). */
const ClientEventId = z.string().min(8).max(64);

// ---------------------------------------------------------------------------------------------------------
// Viewer -> backend: `analytics:track`, a small batch of events from one viewer page.

export const PRESENCE_STATES = ['join', 'heartbeat', 'leave'] as const;
/** How often a viewer page says it is still watching; a page silent for PRESENCE_TIMEOUT_MS has left. */
export const HEARTBEAT_MS = 10_000;
export const PRESENCE_TIMEOUT_MS = 30_000;
/** Rollup bucket length. */
export const BUCKET_MS = 10_000;

export const CLICK_TARGETS = ['card', 'buy'] as const;

const ViewerEventBase = {
  id: ClientEventId,
  /** ms since the stream went live, as the page saw it (0 before); the backend keeps its own clock too. */
  t: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600_000),
};

export const ViewerEventSchema = z.discriminatedUnion('type', [
  z.object({ ...ViewerEventBase, type: z.literal('presence'), state: z.enum(PRESENCE_STATES) }).strict(),
  /** The pinned product's card was shown to this viewer. */
  z.object({ ...ViewerEventBase, type: z.literal('impression'), productId: Id }).strict(),
  /** The card was opened ('card') or Buy now pressed ('buy'). */
  z
    .object({ ...ViewerEventBase, type: z.literal('click'), productId: Id, target: z.enum(CLICK_TARGETS) })
    .strict(),
  /** The caption language this viewer chose (null: captions off). */
  z
    .object({ ...ViewerEventBase, type: z.literal('caption_lang'), lang: LanguageTagSchema.nullable() })
    .strict(),
  z.object({ ...ViewerEventBase, type: z.literal('danmaku'), on: z.boolean() }).strict(),
]);
export type ViewerEvent = z.infer<typeof ViewerEventSchema>;
export type ViewerEventType = ViewerEvent['type'];

export const AnalyticsTrackSchema = z
  .object({
    roomId: Id,
    /** The page's language for this viewer: its caption choice, else the browser's. */
    lang: LanguageTagSchema.optional(),
    events: z.array(ViewerEventSchema).min(1).max(20),
  })
  .strict();
export type AnalyticsTrackInput = z.input<typeof AnalyticsTrackSchema>;
/** How many of the batch were counted (the others were resends of events already counted). */
export interface AnalyticsTrackResult {
  counted: number;
}

// ---------------------------------------------------------------------------------------------------------
// Host -> backend: `stream:health`, every few seconds while live.

export const StreamHealthSchema = z
  .object({
    roomId: Id,
    /** Outgoing video bitrate, kbit/s. */
    videoKbps: z.number().min(0).max(1_000_000),
    /** Packets lost, % over the last report. */
    lossPct: z.number().min(0).max(100),
    fps: z.number().min(0).max(240),
    /** Speech end to caption final, ms (null: captions off). */
    captionLagMs: z.number().min(0).max(600_000).nullable(),
  })
  .strict();
export type StreamHealth = z.infer<typeof StreamHealthSchema>;

// ---------------------------------------------------------------------------------------------------------
// Metrics as ops see them (definitions: core/metrics).

/** Money per currency, in minor units (cents): orders in several currencies are never added together. */
export type Money = Record<string, number>;

/** One room's metrics over a period (a 10 s bucket, a 10 min window, or the whole stream). */
export interface RoomMetrics {
  /** Viewers connected at the end of the period (a viewer on several tabs or nodes counts once). */
  online: number;
  /** Unique viewers seen in the period. */
  views: number;
  entries: number;
  exits: number;
  /** Average watch time per viewer in the period, ms. */
  avgWatchMs: number;
  comments: number;
  commenters: number;
  /** commenters / views (0 with no views). */
  interactionRate: number;
  impressions: number;
  clicks: number;
  /** clicks / impressions. */
  ctr: number;
  orders: number;
  buyers: number;
  /** Orders placed (paid or not: unpaid GMV is provisional) and paid, per currency. */
  gmvPlaced: Money;
  gmvPaid: Money;
  /** buyers / views. */
  conversion: number;
  /** gmvPlaced / views x 1,000, per currency. */
  gpm: Money;
  sentiment: { pos: number; neu: number; neg: number };
}

export interface ProductMetrics {
  productId: string;
  /** Pin periods that overlap the period, and their total time in it, ms. */
  presented: number;
  presentedMs: number;
  impressions: number;
  clicks: number;
  ctr: number;
  orders: number;
  gmvPlaced: Money;
  gmvPaid: Money;
}

/** One stored 10 s rollup of a room: the room's metrics, per product and per viewer language. */
export interface RollupBucket {
  roomId: string;
  /** Bucket start, ms since the epoch (a multiple of BUCKET_MS). */
  start: number;
  room: RoomMetrics;
  products: ProductMetrics[];
  /** Per viewer language ('und' when unknown): views, online, orders, GMV. */
  languages: { lang: string; views: number; online: number; orders: number; gmvPlaced: Money }[];
}

// ---------------------------------------------------------------------------------------------------------
// Alerts.

export const ALERT_KINDS = [
  'gpm_drop',
  'negative_mood',
  'stock_low',
  'sold_out',
  'stream_poor',
  'caption_lag',
  'no_video',
  /** The compliance guard flagged a sentence of the host's (one alert per violation event, never cleared by a rule). */
  'compliance',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const AlertThresholdsSchema = z
  .object({
    /** GPM down this many % vs the previous 10 min. */
    gpmDropPct: z.number().min(1).max(100),
    /** Share of negative comments over the last minute, 0..1, with at least negativeMinComments. */
    negativeShare: z.number().min(0.05).max(1),
    negativeMinComments: z.number().int().min(1).max(1000),
    /** Stock at or under this is low (0 is sold out, its own alert). */
    stockLow: z.number().int().min(0).max(100_000),
    /** Stream poor: loss over this % or fps under this, for two reports in a row. */
    lossPct: z.number().min(0).max(100),
    minFps: z.number().min(0).max(120),
    captionLagMs: z.number().int().min(100).max(60_000),
    noVideoMs: z.number().int().min(1000).max(600_000),
  })
  .strict();
export type AlertThresholds = z.infer<typeof AlertThresholdsSchema>;

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  gpmDropPct: 30,
  negativeShare: 0.4,
  negativeMinComments: 10,
  stockLow: 5,
  lossPct: 5,
  minFps: 15,
  captionLagMs: 2000,
  noVideoMs: 10_000,
};

export interface Alert {
  id: string;
  roomId: string;
  kind: AlertKind;
  /** When it was raised, ms since the epoch. */
  at: number;
  /** What crossed the line, for the text: e.g. { gpm: 120, previous: 300 } or { productId, stock }. */
  detail: Record<string, string | number | null>;
  /** Still true (the condition holds) or cleared. */
  open: boolean;
  acknowledged: { by: string; at: number } | null;
}

export const ThresholdsSetSchema = z
  .object({
    /** null: the global defaults. */
    roomId: Id.nullable(),
    /** For a room, only the fields it overrides; null clears the room's overrides. */
    thresholds: AlertThresholdsSchema.partial().nullable(),
  })
  .strict();
export const AlertAckSchema = z.object({ roomId: Id, alertId: Id }).strict();

// ---------------------------------------------------------------------------------------------------------
// Ops -> host notes.

export const OpsNoteInputSchema = z
  .object({
    roomId: Id,
    text: z.string().trim().min(1).max(500),
    /** Client id, so a resend is one note. */
    clientId: ClientEventId,
  })
  .strict();
export interface OpsNote {
  id: string;
  roomId: string;
  text: string;
  /** The ops person who sent it (their display name or subject). */
  from: string;
  at: number;
}
export const NoteDismissSchema = z.object({ roomId: Id, noteId: Id }).strict();

// ---------------------------------------------------------------------------------------------------------
// The board.

/** One live room's tile, pushed to ops about once a second while something changed. */
export interface BoardTile {
  roomId: string;
  title: string;
  /** The host's display name, or the room's host language when it has none. */
  host: string;
  liveSince: number | null;
  online: number;
  /** Online viewers per minute over the last 30 min, oldest first (the sparkline). */
  onlineTrend: number[];
  /** Whole stream so far. */
  gmvPlaced: Money;
  gpm: Money;
  conversion: number;
  /** Mood score -1..1 over the last 10 s (null: no comments). */
  mood: number | null;
  /** Top viewer languages by online viewers, at most 3. */
  languages: { lang: string; online: number }[];
  /** Latest stream health from the studio; null before the first report. */
  health: (StreamHealth & { at: number; poor: boolean }) | null;
  openAlerts: number;
  /** Compliance violations of the host's so far in the stream (each violation event once, however it grew). */
  violations: number;
  /** The room's multistream destinations (restreams to other platforms); null: none in this room. */
  restream: RestreamSummary | null;
}

/**
 * A room's restream destinations counted: all of them (ended ones too, until the host removes them), those
 * live, and those in trouble (reconnecting or in error). Connecting and ended ones are neither.
 */
export interface RestreamSummary {
  live: number;
  total: number;
  trouble: number;
}

export interface BoardUpdate {
  /** Tiles that changed or appeared. */
  tiles: BoardTile[];
  /** Rooms that ended (their tiles leave the board). */
  removed: string[];
  at: number;
}

export const OpsRoomQuerySchema = z
  .object({ roomId: Id, since: z.number().int().min(0).optional() })
  .strict();
/**
 * A room's metrics over the last 10 min, the 10 min before, and the whole stream, computed by the backend
 * from its events (unique viewers, commenters and buyers cannot be added up from buckets).
 */
export interface RoomWindows {
  at: number;
  last: RoomMetrics;
  previous: RoomMetrics;
  total: RoomMetrics;
}

/** Pushed to ops watching a room: the open (or just closed) bucket, and the windows as of now. */
export interface OpsRoomUpdate {
  roomId: string;
  bucket: RollupBucket;
  windows: RoomWindows;
}

/** What ops sees of one room: its buckets since `since` (default: the stream), alerts, notes and pins. */
export interface OpsRoomView {
  roomId: string;
  title: string;
  liveSince: number | null;
  buckets: RollupBucket[];
  windows: RoomWindows;
  /** Notes sent to the host, with whether the host dismissed them. */
  notes: (OpsNote & { dismissed: boolean })[];
  alerts: Alert[];
  /** Pin periods for chart markers. */
  pins: { productId: string; from: number; to: number | null }[];
}

// ---------------------------------------------------------------------------------------------------------
// Socket events (added to ClientToServerEvents / ServerToClientEvents in socket-events.ts, with their
// runtime schemas in clientEventSchemas and server-events.ts):
//   client -> server                         who      ack value
//   'analytics:track'    AnalyticsTrackSchema  viewer   AnalyticsTrackResult
//   'stream:health'      StreamHealthSchema    host     true
//   'ops:board'          {}                    ops      BoardTile[]  (and the board's updates from then on)
//   'ops:room'           OpsRoomQuerySchema    ops      OpsRoomView  (and the room's buckets from then on)
//   'ops:unroom'         RoomRef               ops      true
//   'ops:thresholds'     { roomId | null }     ops      AlertThresholds (in effect for it)
//   'ops:thresholds:set' ThresholdsSetSchema   ops      AlertThresholds (in effect for it)
//   'alert:ack'          AlertAckSchema        ops      Alert
//   'ops:note'           OpsNoteInputSchema    ops      OpsNote
//   'note:list'          RoomRef               host     OpsNote[] (not dismissed)
//   'note:dismiss'       NoteDismissSchema     host     true
//   server -> client
//   'ops:board'    BoardUpdate   ops on the board, at most about once a second while something changed
//   'ops:bucket'   OpsRoomUpdate ops watching the room: the open bucket every ~2 s, then the closed one
//   'alert'        Alert         ops (board and room), raised, cleared or acknowledged
//   'ops:note'     OpsNote       the room's host
//   'note:dismissed' { roomId, noteId }  ops
