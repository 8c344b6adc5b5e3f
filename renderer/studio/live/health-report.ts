// What the studio tells the backend about its stream every few seconds while live (the 'stream:health'
// report ops see on the board and the alert rules read): sent bitrate, frames per second and loss from two
// successive getStats() reports of the video producer, and the captions pipeline's current lag.
import type { StreamHealth } from '../../../core/protocol/analytics-events';
import type { CaptionsUi } from '../../stores/studio-store';

type Stat = Record<string, unknown> & { type: string; id: string };
/** An RTCStatsReport, or anything shaped like one (the tests' Maps). */
type StatsLike = { forEach(callback: (stat: Stat) => void): void };
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The numbers of one stats report that a health report is computed from. */
export interface HealthSample {
  /** ms */
  timestamp: number;
  bytesSent: number;
  packetsSent: number;
  framesEncoded: number;
  /** The top layer's frame rate as the browser reports it (null: not reported). */
  framesPerSecond: number | null;
  /** Packets the receiver reported lost (remote-inbound-rtp), summed over the layers. */
  packetsLost: number;
  /** The receiver's latest fraction lost, 0..1, worst layer (null: no receiver report yet). */
  fractionLost: number | null;
}

/** Reads the video sender's numbers (all simulcast layers) from a getStats() report; null without video. */
export function healthSample(report: StatsLike): HealthSample | null {
  const all: Stat[] = [];
  report.forEach((s) => all.push(s));
  const outbound = all.filter((s) => s.type === 'outbound-rtp' && (s.kind ?? s.mediaType) === 'video');
  if (outbound.length === 0) return null;
  const remote = all.filter((s) => s.type === 'remote-inbound-rtp' && (s.kind ?? s.mediaType) === 'video');
  const sum = (list: Stat[], field: string) => list.reduce((n, s) => n + Math.max(0, num(s[field]) ?? 0), 0);
  const fps = outbound.map((s) => num(s.framesPerSecond)).filter((v): v is number => v !== null);
  const fractions = remote.map((s) => num(s.fractionLost)).filter((v): v is number => v !== null);
  return {
    timestamp: Math.max(...outbound.map((s) => num(s.timestamp) ?? 0)),
    bytesSent: sum(outbound, 'bytesSent'),
    packetsSent: sum(outbound, 'packetsSent'),
    framesEncoded: Math.max(0, ...outbound.map((s) => num(s.framesEncoded) ?? 0)),
    framesPerSecond: fps.length ? Math.max(...fps) : null,
    packetsLost: sum(remote, 'packetsLost'),
    fractionLost: fractions.length ? Math.max(...fractions) : null,
  };
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The report between two samples of the same producer: kbit/s from the bytes sent, loss from the packets the
 * receiver reported lost (or its fraction lost when the counts did not move), fps as reported (else frames
 * encoded over the interval). Null when the second sample is not newer or the counters went back (a new
 * producer after a reconnect: the next pair will do).
 */
export function healthReport(
  roomId: string,
  prev: HealthSample,
  next: HealthSample,
  captionLagMs: number | null,
): StreamHealth | null {
  const seconds = (next.timestamp - prev.timestamp) / 1000;
  if (seconds <= 0 || next.bytesSent < prev.bytesSent || next.packetsSent < prev.packetsSent) return null;
  const sent = next.packetsSent - prev.packetsSent;
  const lost = Math.max(0, next.packetsLost - prev.packetsLost);
  const countedPct = sent + lost > 0 ? (100 * lost) / (sent + lost) : 0;
  const lossPct = lost > 0 ? countedPct : (next.fractionLost ?? 0) * 100;
  const fps = next.framesPerSecond ?? Math.max(0, next.framesEncoded - prev.framesEncoded) / seconds;
  return {
    roomId,
    videoKbps: round1(clamp(((next.bytesSent - prev.bytesSent) * 8) / seconds / 1000, 0, 1_000_000)),
    lossPct: round1(clamp(lossPct, 0, 100)),
    fps: round1(clamp(fps, 0, 240)),
    captionLagMs: captionLagMs === null ? null : Math.round(clamp(captionLagMs, 0, 600_000)),
  };
}

/**
 * The captions pipeline's current lag (end of speech to final caption): the slowest language's last final,
 * else the recent median; null while captions are off or nothing was captioned yet.
 */
export function captionLagNow(captions: Pick<CaptionsUi, 'capture' | 'status'>): number | null {
  const { status } = captions;
  if (captions.capture !== 'on' || !status || status.state !== 'listening') return null;
  const lanes = status.lanes.map((l) => l.lagMs).filter((v): v is number => v !== null);
  if (lanes.length) return Math.max(...lanes);
  return status.lagP50Ms;
}
