// The replay's file exports: CSV of the per-minute curves and of the product segments (RFC 4180: CRLF line
// ends, fields quoted when they hold a comma, quote or line break, quotes doubled), with the columns fixed in
// core/protocol/replay.ts and one row per currency where an amount is in several; and the JSON of every
// event on the timeline.
import type { Money } from '../protocol/analytics-events';
import {
  MINUTES_CSV_COLUMNS,
  SEGMENTS_CSV_COLUMNS,
  type ProductSegment,
  type ReplayComment,
  type ReplayDetail,
  type ReplayMinute,
  type TranscriptLine,
} from '../protocol/replay';

type Cell = string | number;

/** One CSV field: quoted when it must be. A leading =, +, - or @ is quoted and prefixed so spreadsheets do not run it. */
export function csvField(value: Cell): string {
  let s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRows(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The currencies of one or more amounts, sorted; one empty currency when there is no money at all. */
function currencies(...amounts: Money[]): string[] {
  const all = [...new Set(amounts.flatMap((m) => Object.keys(m)))].sort();
  return all.length > 0 ? all : [''];
}

const share = (x: number) => Math.round(x * 10_000) / 10_000;

export function minutesCsv(minutes: readonly ReplayMinute[]): string {
  const rows = minutes.flatMap((m) =>
    currencies(m.gmv).map((currency) => [
      m.t,
      m.online,
      m.comments,
      m.sentiment.pos,
      m.sentiment.neu,
      m.sentiment.neg,
      m.orders,
      m.gmv[currency] ?? 0,
      currency,
    ]),
  );
  return csvRows(MINUTES_CSV_COLUMNS, rows);
}

export function segmentsCsv(segments: readonly ProductSegment[]): string {
  const rows = segments.flatMap((s) =>
    currencies(s.gmv, s.gpm).map((currency) => [
      s.productId,
      s.title,
      s.fromMs,
      s.toMs,
      s.durationMs,
      s.impressions,
      s.clicks,
      s.orders,
      s.buyers,
      s.gmv[currency] ?? 0,
      currency,
      s.gpm[currency] ?? 0,
      share(s.conversion),
      share(s.ctr),
      s.mood.pos,
      s.mood.neu,
      s.mood.neg,
      s.topQuestions.map((q) => `${q.text} (${q.count})`).join(' | '),
    ]),
  );
  return csvRows(SEGMENTS_CSV_COLUMNS, rows);
}

/** Every event of the replay on one timeline, as one JSON document. */
export function eventsJson(
  detail: ReplayDetail,
  comments: readonly ReplayComment[],
  transcript: readonly TranscriptLine[],
): string {
  return JSON.stringify({
    format: 'livebridge-replay-events/1',
    room: detail.item,
    aiGenerated: { captions: detail.captions.map((c) => ({ lang: c.lang, engine: c.engine })) },
    markers: detail.markers,
    segments: detail.segments,
    highlights: detail.highlights,
    minutes: detail.minutes,
    recording: {
      segments: detail.recording.segments.map(({ url: _u, ...s }) => s),
      gaps: detail.recording.gaps,
    },
    comments,
    captions: transcript,
  });
}
