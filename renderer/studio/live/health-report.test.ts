// The studio's health sampling from getStats()-shaped reports (as Chrome gives them for a simulcast video
// producer), and the reporter that sends them while connected and drops them while offline.
import { describe, expect, it } from 'vitest';
import type { StreamHealth } from '../../../core/protocol/analytics-events';
import type { RoomClient } from '../../media/room-client';
import { captionLagNow, healthReport, healthSample } from './health-report';
import { StreamHealthReporter } from './health-reporter';

type Stat = Record<string, unknown> & { type: string; id: string };
/** Two simulcast layers of outbound video, their receiver reports, and an audio sender that must not count. */
function report(t: number, bytes: number, packets: number, lost: number, extra: Partial<Stat> = {}) {
  const stats: Stat[] = [
    {
      id: 'o0',
      type: 'outbound-rtp',
      kind: 'video',
      timestamp: t,
      bytesSent: bytes * 0.25,
      packetsSent: packets * 0.25,
      framesPerSecond: 30,
      framesEncoded: t / 33,
      frameWidth: 320,
    },
    {
      id: 'o1',
      type: 'outbound-rtp',
      kind: 'video',
      timestamp: t,
      bytesSent: bytes * 0.75,
      packetsSent: packets * 0.75,
      framesPerSecond: 24,
      framesEncoded: t / 40,
      frameWidth: 1280,
      ...extra,
    },
    { id: 'r0', type: 'remote-inbound-rtp', kind: 'video', timestamp: t, packetsLost: lost, fractionLost: 0 },
    { id: 'a0', type: 'outbound-rtp', kind: 'audio', timestamp: t, bytesSent: 1e9, packetsSent: 1e9 },
    { id: 'r1', type: 'remote-inbound-rtp', kind: 'audio', timestamp: t, packetsLost: 5000 },
  ];
  return new Map(stats.map((s) => [s.id, s]));
}

describe('health sampling', () => {
  it('turns two reports 3 s apart into kbps, fps and loss %, counting only video', () => {
    const a = healthSample(report(10_000, 1_000_000, 2000, 0))!;
    const b = healthSample(report(13_000, 1_750_000, 2990, 10))!;
    expect(healthReport('r1', a, b, 800)).toEqual<StreamHealth>({
      roomId: 'r1',
      videoKbps: 2000, // 750,000 bytes in 3 s
      lossPct: 1, // 10 lost of 990 sent + 10 lost
      fps: 30,
      captionLagMs: 800,
    });
  });

  it('takes the receiver’s fraction lost when the lost counters did not move', () => {
    const a = healthSample(report(0, 0, 0, 4))!;
    const b = healthSample(
      new Map(
        [...report(3000, 300_000, 600, 4)].map(([k, s]) => [
          k,
          s.id === 'r0' ? { ...s, fractionLost: 0.08 } : s,
        ]),
      ),
    )!;
    expect(healthReport('r1', a, b, null)!.lossPct).toBe(8);
  });

  it('counts frames encoded when the browser reports no frame rate', () => {
    const strip = (m: Map<string, Stat>) =>
      new Map([...m].map(([k, s]) => [k, { ...s, framesPerSecond: undefined }]));
    const a = healthSample(strip(report(0, 0, 0, 0)))!;
    const b = healthSample(strip(report(4000, 100_000, 300, 0)))!;
    expect(healthReport('r1', a, b, null)!.fps).toBe(30.3); // the top count: 4000 / 33 frames in 4 s
  });

  it('has nothing to say without a video sender, or across a new producer whose counters restarted', () => {
    expect(
      healthSample(new Map([['a', { id: 'a', type: 'outbound-rtp', kind: 'audio', bytesSent: 5 }]])),
    ).toBeNull();
    const a = healthSample(report(0, 900_000, 900, 0))!;
    const b = healthSample(report(3000, 1000, 10, 0))!;
    expect(healthReport('r1', a, b, null)).toBeNull();
    expect(healthReport('r1', b, b, null)).toBeNull();
  });

  it('reads the caption lag only while captions run: slowest language, else the median', () => {
    const status = {
      state: 'listening',
      lanes: [{ lagMs: 900 }, { lagMs: 2400 }, { lagMs: null }],
      lagP50Ms: 700,
    };
    expect(captionLagNow({ capture: 'on', status } as never)).toBe(2400);
    expect(captionLagNow({ capture: 'on', status: { ...status, lanes: [] } } as never)).toBe(700);
    expect(captionLagNow({ capture: 'off', status } as never)).toBeNull();
  });
});

describe('health reporter', () => {
  function fakeClient() {
    const sent: StreamHealth[] = [];
    let t = 0;
    const client = {
      socket: { connected: true },
      producerStats: async () => {
        t += 3000;
        return report(t, t * 100, t / 10, 0) as unknown as RTCStatsReport;
      },
      request: async (event: string, input: StreamHealth) => {
        if (event === 'stream:health') sent.push(input);
        return true;
      },
    };
    return { client, sent };
  }

  it('sends a report per interval while connected, none while offline, and starts over after', async () => {
    const { client, sent } = fakeClient();
    const reporter = new StreamHealthReporter({
      client: () => client as unknown as RoomClient,
      roomId: () => 'r1',
      captionLagMs: () => null,
    });
    await reporter.sample(); // the first sample only sets the baseline
    await reporter.sample();
    expect(sent).toEqual([{ roomId: 'r1', videoKbps: 800, lossPct: 0, fps: 30, captionLagMs: null }]);
    client.socket.connected = false;
    await reporter.sample();
    expect(sent).toHaveLength(1);
    expect(reporter.dropped).toBe(1);
    client.socket.connected = true;
    await reporter.sample(); // baseline again
    await reporter.sample();
    expect(sent).toHaveLength(2);
  });
});
