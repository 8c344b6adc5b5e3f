// Reads the numbers we show from WebRTC stats reports.
import type { SenderSample } from '../../core/media/stream-health';

type Stat = Record<string, unknown> & { type: string; id: string };
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function stats(report: RTCStatsReport): Stat[] {
  const out: Stat[] = [];
  report.forEach((s: Stat) => out.push(s));
  return out;
}

/** Sums the simulcast layers of the host's video sender into one sample. */
export function senderSample(report: RTCStatsReport): SenderSample | null {
  const all = stats(report);
  const outbound = all.filter((s) => s.type === 'outbound-rtp' && s.kind === 'video');
  if (outbound.length === 0) return null;
  const top = outbound.reduce((a, b) => ((num(b.frameWidth) ?? 0) > (num(a.frameWidth) ?? 0) ? b : a));
  const remote = all.filter((s) => s.type === 'remote-inbound-rtp' && s.kind === 'video');
  const rtts = remote.map((s) => num(s.roundTripTime)).filter((v): v is number => v !== null);
  return {
    timestamp: num(top.timestamp) ?? Date.now(),
    bytesSent: outbound.reduce((sum, s) => sum + (num(s.bytesSent) ?? 0), 0),
    packetsSent: outbound.reduce((sum, s) => sum + (num(s.packetsSent) ?? 0), 0),
    framesPerSecond: num(top.framesPerSecond),
    frameWidth: num(top.frameWidth),
    frameHeight: num(top.frameHeight),
    packetsLost: remote.reduce((sum, s) => sum + Math.max(0, num(s.packetsLost) ?? 0), 0),
    roundTripTimeMs: rtts.length ? Math.round((Math.max(...rtts) * 1000 * 10) / 10) : null,
    qualityLimitationReason:
      typeof top.qualityLimitationReason === 'string' ? top.qualityLimitationReason : null,
  };
}

export interface ReceiverNumbers {
  framesDecoded: number;
  frameWidth: number | null;
  frameHeight: number | null;
  framesPerSecond: number | null;
  audioSamples: number;
  bytesReceived: number;
  packetsLost: number;
}

export function receiverNumbers(reports: RTCStatsReport[]): ReceiverNumbers {
  const out: ReceiverNumbers = {
    framesDecoded: 0,
    frameWidth: null,
    frameHeight: null,
    framesPerSecond: null,
    audioSamples: 0,
    bytesReceived: 0,
    packetsLost: 0,
  };
  for (const report of reports) {
    for (const s of stats(report)) {
      if (s.type !== 'inbound-rtp') continue;
      out.bytesReceived += num(s.bytesReceived) ?? 0;
      out.packetsLost += Math.max(0, num(s.packetsLost) ?? 0);
      if (s.kind === 'video') {
        out.framesDecoded += num(s.framesDecoded) ?? 0;
        out.frameWidth = num(s.frameWidth) ?? out.frameWidth;
        out.frameHeight = num(s.frameHeight) ?? out.frameHeight;
        out.framesPerSecond = num(s.framesPerSecond) ?? out.framesPerSecond;
      } else if (s.kind === 'audio') {
        out.audioSamples += num(s.totalSamplesReceived) ?? 0;
      }
    }
  }
  return out;
}
