// Uplink health from two successive WebRTC stats samples of the host's video sender: what the health panel
// shows and when it warns. Pure numbers in, numbers and warning codes out.
export interface SenderSample {
  /** ms */
  timestamp: number;
  bytesSent: number;
  packetsSent: number;
  framesPerSecond: number | null;
  frameWidth: number | null;
  frameHeight: number | null;
  /** From the receiver's reports (remote-inbound-rtp). */
  packetsLost: number;
  roundTripTimeMs: number | null;
  qualityLimitationReason: string | null;
}

export type HealthWarning = 'low_bitrate' | 'packet_loss' | 'high_rtt' | 'cpu_limited' | 'bandwidth_limited';

export interface StreamHealth {
  bitrateKbps: number;
  fps: number | null;
  width: number | null;
  height: number | null;
  lossPct: number;
  rttMs: number | null;
  warnings: HealthWarning[];
}

export const HEALTH_THRESHOLDS = {
  minBitrateKbps: 300,
  maxLossPct: 3,
  maxRttMs: 300,
};

export function streamHealth(prev: SenderSample, next: SenderSample): StreamHealth {
  const seconds = Math.max(0.001, (next.timestamp - prev.timestamp) / 1000);
  const bitrateKbps = Math.max(0, ((next.bytesSent - prev.bytesSent) * 8) / seconds / 1000);
  const sent = Math.max(0, next.packetsSent - prev.packetsSent);
  const lost = Math.max(0, next.packetsLost - prev.packetsLost);
  const lossPct = sent + lost > 0 ? (100 * lost) / (sent + lost) : 0;
  const warnings: HealthWarning[] = [];
  if (bitrateKbps < HEALTH_THRESHOLDS.minBitrateKbps) warnings.push('low_bitrate');
  if (lossPct > HEALTH_THRESHOLDS.maxLossPct) warnings.push('packet_loss');
  if (next.roundTripTimeMs !== null && next.roundTripTimeMs > HEALTH_THRESHOLDS.maxRttMs)
    warnings.push('high_rtt');
  if (next.qualityLimitationReason === 'cpu') warnings.push('cpu_limited');
  if (next.qualityLimitationReason === 'bandwidth') warnings.push('bandwidth_limited');
  return {
    bitrateKbps: Math.round(bitrateKbps),
    fps: next.framesPerSecond,
    width: next.frameWidth,
    height: next.frameHeight,
    lossPct: Math.round(lossPct * 10) / 10,
    rttMs: next.roundTripTimeMs,
    warnings,
  };
}
