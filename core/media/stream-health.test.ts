import { describe, expect, it } from 'vitest';
import { streamHealth, type SenderSample } from './stream-health';

const base: SenderSample = {
  timestamp: 0,
  bytesSent: 0,
  packetsSent: 0,
  framesPerSecond: 30,
  frameWidth: 1280,
  frameHeight: 720,
  packetsLost: 0,
  roundTripTimeMs: 20,
  qualityLimitationReason: 'none',
};

describe('stream health', () => {
  it('reports a healthy 1.2 Mbps uplink without warnings', () => {
    const h = streamHealth(base, { ...base, timestamp: 1000, bytesSent: 150_000, packetsSent: 130 });
    expect(h).toMatchObject({ bitrateKbps: 1200, fps: 30, width: 1280, lossPct: 0, warnings: [] });
  });

  it('warns on a poor uplink: low bitrate, loss, long round trips, bandwidth limits', () => {
    const h = streamHealth(base, {
      ...base,
      timestamp: 2000,
      bytesSent: 40_000,
      packetsSent: 90,
      packetsLost: 10,
      roundTripTimeMs: 450,
      qualityLimitationReason: 'bandwidth',
    });
    expect(h.bitrateKbps).toBe(160);
    expect(h.lossPct).toBe(10);
    expect(h.warnings).toEqual(['low_bitrate', 'packet_loss', 'high_rtt', 'bandwidth_limited']);
  });
});
