// Multistream: the live stream sent on to other platforms over RTMP(S), each destination on its own. One
// contract for the studio host (which keeps the destinations and their stream keys, like the caption keys),
// the studio page (which edits them and shows their health, never a key), the backend (which encodes once
// and pushes to each destination) and the ops board.
import { z } from 'zod';

const Id = z.string().min(1).max(64);

/** An RTMP or RTMPS ingest URL, without the stream key (the key is its own field). */
export const RtmpUrlSchema = z
  .string()
  .trim()
  .max(500)
  .regex(/^rtmps?:\/\/[^\s/?#]+(:\d{1,5})?(\/[^\s]*)?$/i, 'an rtmp:// or rtmps:// address');

// ---------------------------------------------------------------------------------------------------------
// Known platforms, recognised by their ingest URL, with the rules the studio shows.

export const PLATFORM_IDS = ['youtube', 'facebook', 'twitch', 'tiktok', 'shopee', 'kick', 'custom'] as const;
export type PlatformId = (typeof PLATFORM_IDS)[number];

export interface PlatformRules {
  id: PlatformId;
  name: string;
  /** Whether the platform allows the same stream to go elsewhere at the same time. */
  simulcast: 'allowed' | 'forbidden' | 'unknown';
  /** Highest video bitrate it takes at 720p30, kbps (null: not published). */
  maxVideoKbps: number | null;
  /** It only takes RTMPS. */
  rtmpsOnly: boolean;
  /** i18n key of the rule in words (studio:multistream.rules.<id>). */
  ruleKey: string;
}

export const PLATFORMS: readonly (PlatformRules & { hosts: RegExp })[] = [
  {
    id: 'youtube',
    name: 'YouTube',
    simulcast: 'allowed',
    maxVideoKbps: 4000,
    rtmpsOnly: false,
    ruleKey: 'youtube',
    hosts: /(^|\.)youtube\.com$/i,
  },
  {
    id: 'facebook',
    name: 'Facebook',
    simulcast: 'allowed',
    maxVideoKbps: 4000,
    rtmpsOnly: true,
    ruleKey: 'facebook',
    hosts: /(^|\.)facebook\.com$/i,
  },
  {
    id: 'twitch',
    name: 'Twitch',
    simulcast: 'allowed',
    maxVideoKbps: 6000,
    rtmpsOnly: false,
    ruleKey: 'twitch',
    hosts: /(^|\.)(twitch\.tv|contribute\.live-video\.net)$/i,
  },
  {
    id: 'tiktok',
    name: 'TikTok',
    simulcast: 'forbidden',
    maxVideoKbps: 4000,
    rtmpsOnly: false,
    ruleKey: 'tiktok',
    hosts: /(^|\.)(tiktokcdn\.com|tiktokv\.com|tiktok\.com|tiktokcdn-us\.com)$/i,
  },
  {
    id: 'shopee',
    name: 'Shopee Live',
    simulcast: 'unknown',
    maxVideoKbps: 3000,
    rtmpsOnly: false,
    ruleKey: 'shopee',
    hosts: /(^|\.)shopee\.[a-z.]+$/i,
  },
  {
    id: 'kick',
    name: 'Kick',
    simulcast: 'allowed',
    maxVideoKbps: 8000,
    rtmpsOnly: true,
    ruleKey: 'kick',
    hosts: /(^|\.)(kick\.com|global-contribute\.live-video\.net)$/i,
  },
];

/** The platform an ingest URL belongs to ('custom' when none of the known ones). */
export function platformOf(url: string): PlatformId {
  let host: string;
  try {
    host = new URL(url.replace(/^rtmps?:/i, 'http:')).hostname;
  } catch {
    return 'custom';
  }
  return PLATFORMS.find((p) => p.hosts.test(host))?.id ?? 'custom';
}

// ---------------------------------------------------------------------------------------------------------
// Destinations as the studio page sees them (the host keeps the keys; the page only learns keySet).

export interface Destination {
  id: string;
  name: string;
  url: string;
  /** Whether a stream key is stored (the key itself never reaches the page). */
  keySet: boolean;
  /** Sent to when the host goes live. */
  enabled: boolean;
  platform: PlatformId;
}

/** The page saves a destination: a new key, '' to forget the stored one, or no key to keep it. */
export const DestinationInputSchema = z
  .object({
    id: Id.optional(),
    name: z.string().trim().min(1).max(60),
    url: RtmpUrlSchema,
    key: z.string().max(500).optional(),
    enabled: z.boolean(),
  })
  .strict();
export type DestinationInput = z.infer<typeof DestinationInputSchema>;
export const DestinationRefSchema = z.object({ id: Id }).strict();

// ---------------------------------------------------------------------------------------------------------
// What the studio host sends the backend when it goes live (over its own authenticated socket).

export const MULTISTREAM_MAX_DESTINATIONS = 8;

export const MultistreamStartSchema = z
  .object({
    roomId: Id,
    hostKey: z.string().min(16).max(128),
    destinations: z
      .array(
        z
          .object({
            id: Id,
            name: z.string().trim().min(1).max(60),
            url: RtmpUrlSchema,
            key: z.string().min(1).max(500),
          })
          .strict(),
      )
      .min(1)
      .max(MULTISTREAM_MAX_DESTINATIONS),
  })
  .strict();
export type MultistreamStart = z.infer<typeof MultistreamStartSchema>;

/** Stops one destination (id) or all of them (no id). */
export const MultistreamStopSchema = z.object({ roomId: Id, id: Id.optional() }).strict();

// ---------------------------------------------------------------------------------------------------------
// Health, pushed by the backend to the room's host and the ops watching it.

export const DESTINATION_STATES = ['connecting', 'live', 'reconnecting', 'error', 'ended'] as const;
export type DestinationState = (typeof DESTINATION_STATES)[number];

/** Why a destination is not live, for the words the studio shows (studio:multistream.errors.<code>). */
export const DESTINATION_ERRORS = [
  'bad_key',
  'unreachable',
  'refused',
  'codec',
  'no_ffmpeg',
  'no_media',
  'unknown',
] as const;
export type DestinationError = (typeof DESTINATION_ERRORS)[number];

export interface DestinationStatus {
  id: string;
  name: string;
  platform: PlatformId;
  state: DestinationState;
  /** Set in error and reconnecting: why. */
  error: DestinationError | null;
  /** The line FFmpeg or the server gave, trimmed, never the key. */
  detail: string | null;
  /** Sent bitrate over the last seconds, kbps (null: nothing sent yet). */
  bitrateKbps: number | null;
  /** Frames dropped for this destination so far (its link could not keep up). */
  droppedFrames: number;
  /** Since it last went live (ms), 0 when not live. */
  uptimeMs: number;
  reconnects: number;
  /** When the state last changed, ms since the epoch. */
  since: number;
}

export interface MultistreamStatus {
  roomId: string;
  /** The one shared encode (H.264 + AAC) every destination is fed from. */
  encoder: {
    state: 'starting' | 'running' | 'restarting' | 'error' | 'ended';
    reason: string | null;
    /** CPU of the encoding FFmpeg, % of one core (null: not measured yet). */
    cpuPct: number | null;
  };
  destinations: DestinationStatus[];
  at: number;
}

const DestinationStatusSchema = z.object({
  id: Id,
  name: z.string().max(60),
  platform: z.enum(PLATFORM_IDS),
  state: z.enum(DESTINATION_STATES),
  error: z.enum(DESTINATION_ERRORS).nullable(),
  detail: z.string().max(500).nullable(),
  bitrateKbps: z.number().min(0).nullable(),
  droppedFrames: z.number().int().min(0),
  uptimeMs: z.number().min(0),
  reconnects: z.number().int().min(0),
  since: z.number(),
});

export const MultistreamStatusSchema: z.ZodType<MultistreamStatus> = z.object({
  roomId: Id,
  encoder: z.object({
    state: z.enum(['starting', 'running', 'restarting', 'error', 'ended']),
    reason: z.string().max(500).nullable(),
    cpuPct: z.number().min(0).nullable(),
  }),
  destinations: z.array(DestinationStatusSchema).max(MULTISTREAM_MAX_DESTINATIONS),
  at: z.number(),
});
export const MultistreamRefSchema = z.object({ roomId: Id }).strict();

// Socket events (socket-events.ts, server-events.ts):
//   client -> server                          who    ack value
//   'multistream:start'  MultistreamStart      host   MultistreamStatus
//   'multistream:stop'   MultistreamStop       host   MultistreamStatus | null
//   'multistream:get'    { roomId }            host, ops  MultistreamStatus | null
//   server -> client
//   'multistream:status' MultistreamStatus     the room's host and the ops watching it, on every change
//                                              and every ~2 s while streaming (bitrate, uptime)
