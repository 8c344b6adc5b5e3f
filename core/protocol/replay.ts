// Replay (直播复盘): what the backend keeps of a finished stream and what the /replay page asks for. Every
// time here is stream-relative (ms since the room went live) unless its name ends in `At` (ms since the
// epoch). The recording is a list of WebM segments (VP8 + Opus copied from the SFU, never re-encoded): a
// new producer, a media worker restart or a recorder restart starts a new segment, and the time between
// two segments is a gap the player skips.
//
// Who sees what: a host sees the streams it created (rooms carry the host token's subject), ops and
// analysts see every stream. Files (segments, exports, clips) are fetched over HTTP with a short-lived
// signed ticket in the URL that names one room; the socket request that hands out the URL checks the role.
import { z } from 'zod';
import type { Money } from './analytics-events';

const Id = z.string().min(1).max(64);
const StreamMs = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 3600_000);

/** Curves are per minute. */
export const REPLAY_MINUTE_MS = 60_000;
/** The replay is ready at most this long after the stream ends (the page says when it is still finishing). */
export const REPLAY_READY_TARGET_MS = 60_000;
/** At most this many comments per `replay:comments` answer (the page asks window by window). */
export const REPLAY_COMMENTS_MAX = 5000;
export const REPLAY_SEARCH_MAX = 200;

// ---------------------------------------------------------------------------------------------------------
// States.

/**
 * live: the stream is on (what exists so far is shown); finishing: it ended and the recording and rollups
 * are being closed; ready: complete; partial: its backend stopped without ending it (killed): replayable
 * up to the last thing stored.
 */
export const REPLAY_STATES = ['live', 'finishing', 'ready', 'partial'] as const;
export type ReplayState = (typeof REPLAY_STATES)[number];

/**
 * The recorder of one room: recording; restarting (FFmpeg died, a new segment comes); off (not recording,
 * `reason` says why: FFmpeg absent, recording disabled, no media); stopped (the stream ended).
 */
export const RECORDING_STATES = ['recording', 'restarting', 'off', 'stopped'] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];

/** To the room's host and ops (and in `replay:get`): the recorder's state. */
export interface RecordingStatus {
  roomId: string;
  state: RecordingState;
  /** Human-readable why, for `off` and `restarting` (e.g. "FFmpeg not found: install ffmpeg"). */
  reason: string | null;
  /** Segments written so far. */
  segments: number;
  at: number;
}

export const SEGMENT_REASONS = ['start', 'new_producer', 'worker_restart', 'recorder_restart'] as const;
export type SegmentReason = (typeof SEGMENT_REASONS)[number];

export interface RecordingSegment {
  seq: number;
  startMs: number;
  /** null while the segment is still being written. */
  endMs: number | null;
  reason: SegmentReason;
  hasVideo: boolean;
  hasAudio: boolean;
  /** Ticketed URL of the WebM file (null when the file is gone: retention, disk). */
  url: string | null;
}

export interface RecordingGap {
  fromMs: number;
  toMs: number;
  reason: SegmentReason | 'recorder_died' | 'backend_stopped';
}

// ---------------------------------------------------------------------------------------------------------
// The list.

export interface ReplayListItem {
  roomId: string;
  title: string;
  hostLanguage: string;
  state: ReplayState;
  liveStartedAt: number;
  /** null while live. */
  endedAt: number | null;
  durationMs: number;
  gmv: Money;
  orders: number;
  peakOnline: number;
  comments: number;
  /** Comment sentiment counts over the stream. */
  mood: { pos: number; neu: number; neg: number };
  /** Whether any recording exists. */
  recorded: boolean;
}

export const ReplayListQuerySchema = z
  .object({
    /** Older than this liveStartedAt (paging); none: the newest. */
    before: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------------------
// One stream.

export interface ReplayMinute {
  /** Start of the minute. */
  t: number;
  /** Peak concurrent viewers in the minute. */
  online: number;
  comments: number;
  sentiment: { pos: number; neu: number; neg: number };
  orders: number;
  gmv: Money;
}

export const MARKER_KINDS = ['pin', 'mark', 'alert', 'gap', 'compliance'] as const;
export type MarkerKind = (typeof MARKER_KINDS)[number];

export interface ReplayMarker {
  kind: MarkerKind;
  t: number;
  /** A pin period's or a gap's end; null for a point. */
  endT: number | null;
  /** The mark's label, the product's title, the alert's kind; a compliance flag's categories (comma-separated). */
  label: string;
  productId?: string;
}

/** One pin period of one product. */
export interface ProductSegment {
  productId: string;
  title: string;
  fromMs: number;
  toMs: number;
  durationMs: number;
  impressions: number;
  clicks: number;
  orders: number;
  buyers: number;
  gmv: Money;
  /** GMV per 1,000 views during the segment, minor units per currency. */
  gpm: Money;
  /** buyers / viewers during the segment. */
  conversion: number;
  ctr: number;
  mood: { pos: number; neu: number; neg: number };
  topQuestions: { text: string; count: number }[];
}

export const HIGHLIGHT_KINDS = ['orders', 'comments'] as const;
export interface ReplayHighlight {
  kind: (typeof HIGHLIGHT_KINDS)[number];
  /** The peak moment; the clip spans fromMs..toMs around it. */
  t: number;
  fromMs: number;
  toMs: number;
  /** Orders or comments in the window. */
  count: number;
  label: string;
}

export interface CaptionTrackInfo {
  lang: string;
  lines: number;
  /** true for the recognised speech, false for a translation. */
  source: boolean;
  /** Every stored caption is AI-generated; the engine that made it ('local', 'cloud-openai', ...). */
  engine: string;
}

/** A compliance violation event of the host's in the stream (staff only, like the whole replay). */
export interface ReplayViolation {
  id: string;
  /** Stream ms of its first flag. */
  t: number;
  level: 1 | 2;
  source: 'caption' | 'product' | 'comment';
  categories: string[];
  markets: string[];
  /** The flagged words, once each. */
  words: string[];
  rephrase: string;
}

export interface ReplayDetail {
  item: ReplayListItem;
  minutes: ReplayMinute[];
  markers: ReplayMarker[];
  /** The host's compliance violations, oldest first (absent in a detail built before they were kept). */
  violations?: ReplayViolation[];
  segments: ProductSegment[];
  highlights: ReplayHighlight[];
  recording: { status: RecordingStatus; segments: RecordingSegment[]; gaps: RecordingGap[] };
  captions: CaptionTrackInfo[];
  /** Set once state is ready or partial. */
  readyAt: number | null;
}

export interface TranscriptLine {
  id: string;
  lang: string;
  startMs: number;
  endMs: number;
  text: string;
}

export interface ReplayComment {
  id: string;
  t: number;
  handle: string;
  text: string;
  lang: string | null;
  sentiment: 'pos' | 'neu' | 'neg' | null;
  /** A question, a purchase intent...: the comment insight's intent names. */
  intents: string[];
}

export interface SearchHit {
  kind: 'caption' | 'comment';
  id: string;
  t: number;
  text: string;
  lang: string | null;
}

export const ReplayRefSchema = z.object({ roomId: Id }).strict();
export const TranscriptQuerySchema = z.object({ roomId: Id, lang: z.string().min(2).max(35) }).strict();
export const ReplayCommentsQuerySchema = z
  .object({
    roomId: Id,
    fromMs: StreamMs,
    toMs: StreamMs,
    limit: z.number().int().min(1).max(REPLAY_COMMENTS_MAX).optional(),
  })
  .strict()
  .refine((q) => q.toMs >= q.fromMs, 'toMs before fromMs');
export const ReplaySearchSchema = z
  .object({
    roomId: Id,
    q: z.string().trim().min(1).max(100),
    limit: z.number().int().min(1).max(REPLAY_SEARCH_MAX).optional(),
  })
  .strict();
/** A clip between two stream times (at most 10 min), cut at key frames without re-encoding. */
export const ReplayClipSchema = z
  .object({ roomId: Id, fromMs: StreamMs, toMs: StreamMs })
  .strict()
  .refine((q) => q.toMs > q.fromMs && q.toMs - q.fromMs <= 600_000, 'a clip is 1 ms to 10 min long');

export const EXPORT_KINDS = ['minutes.csv', 'segments.csv', 'events.json'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Ticketed download URLs (valid for REPLAY_TICKET_TTL_MS). */
export interface ReplayExports {
  files: Record<ExportKind, string>;
  /** Per caption language: WebVTT and SRT, each saying in the file that it is AI-generated. */
  captions: Record<string, { vtt: string; srt: string }>;
  expiresAt: number;
}
export const REPLAY_TICKET_TTL_MS = 30 * 60_000;

export interface ReplayClip {
  url: string;
  fromMs: number;
  toMs: number;
  bytes: number;
}

/** CSV columns of the exports (the e2e and the bench parse them). */
export const MINUTES_CSV_COLUMNS = [
  'minute_start_ms',
  'online_peak',
  'comments',
  'sentiment_pos',
  'sentiment_neu',
  'sentiment_neg',
  'orders',
  'gmv_minor',
  'currency',
] as const;
export const SEGMENTS_CSV_COLUMNS = [
  'product_id',
  'title',
  'from_ms',
  'to_ms',
  'duration_ms',
  'impressions',
  'clicks',
  'orders',
  'buyers',
  'gmv_minor',
  'currency',
  'gpm_minor',
  'conversion',
  'ctr',
  'mood_pos',
  'mood_neu',
  'mood_neg',
  'top_questions',
] as const;
