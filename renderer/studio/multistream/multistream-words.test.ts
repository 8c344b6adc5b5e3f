import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DestinationStatus, MultistreamStatus } from '../../../core/protocol/multistream';
import { resources } from '../../shared/studio-locales';
import {
  destinationState,
  errorWords,
  formatUptime,
  multistreamSummary,
  platformRules,
} from './multistream-words';

let t: TFunction;
beforeAll(async () => {
  const i = i18next.createInstance();
  await i.init({
    resources,
    lng: 'en',
    ns: Object.keys(resources.en ?? {}),
    interpolation: { escapeValue: false },
  });
  t = i.t;
});

const dest = (p: Partial<DestinationStatus>): DestinationStatus => ({
  id: 'a',
  name: 'A',
  platform: 'youtube',
  state: 'live',
  error: null,
  detail: null,
  bitrateKbps: 2500,
  droppedFrames: 0,
  uptimeMs: 0,
  reconnects: 0,
  since: 0,
  ...p,
});

describe('platform rules in words', () => {
  it('warns that TikTok forbids simulcasting, and says its bitrate cap', () => {
    const r = platformRules(t, 'rtmp://push-rtmp-l11-sg01.tiktokcdn.com/game');
    expect(r.platform).toBe('tiktok');
    const warnings = r.lines.filter((l) => l.tone === 'warn').map((l) => l.text);
    expect(warnings).toEqual([expect.stringMatching(/TikTok forbids simulcasting/)]);
    expect(r.lines.map((l) => l.text)).toContain('TikTok takes at most 4000 kbps of video at 720p30.');
  });

  it('says an RTMPS-only platform takes rtmps://, and warns when the address is rtmp://', () => {
    const good = platformRules(t, 'rtmps://live-api-s.facebook.com:443/rtmp/');
    expect(good.platform).toBe('facebook');
    expect(good.lines.filter((l) => l.tone === 'warn')).toEqual([]);
    expect(good.lines.map((l) => l.text)).toContain('Facebook only takes encrypted rtmps:// addresses.');
    const plain = platformRules(t, 'rtmp://live-api-s.facebook.com/rtmp/');
    expect(plain.lines.filter((l) => l.tone === 'warn').map((l) => l.text)).toEqual([
      'Facebook only takes rtmps:// addresses: this rtmp:// address will be refused.',
    ]);
  });

  it('has no rule to show for an unknown server but says so', () => {
    const r = platformRules(t, 'rtmp://127.0.0.1:1935/live');
    expect(r.platform).toBe('custom');
    expect(r.lines).toEqual([{ tone: 'info', text: expect.stringMatching(/Not a known platform/) }]);
  });
});

describe('multistream health in words', () => {
  it('says why a destination is in error or reconnecting', () => {
    expect(destinationState(t, dest({ state: 'error', error: 'bad_key' }))).toBe(
      'Error: the platform refused the stream key',
    );
    expect(destinationState(t, dest({ state: 'reconnecting', error: 'unreachable' }))).toBe(
      'Reconnecting: the server cannot be reached',
    );
    expect(destinationState(t, dest({ state: 'live' }))).toBe('Live');
    expect(formatUptime(65_000)).toBe('1:05');
    expect(formatUptime(3_726_000)).toBe('1:02:06');
  });

  it('sums up how many destinations are live', () => {
    const status: MultistreamStatus = {
      roomId: 'r',
      encoder: { state: 'running', reason: null, cpuPct: null },
      destinations: [dest({ id: 'a' }), dest({ id: 'b' }), dest({ id: 'c', state: 'reconnecting' })],
      at: 0,
    };
    expect(multistreamSummary(t, status)).toBe('Multistream: 2 of 3 live');
    expect(multistreamSummary(t, null)).toBeNull();
  });

  it("puts the host's typed errors in words", () => {
    expect(
      errorWords(t, { code: 'invalid_argument', message: 'x', issues: [{ path: '0.url', message: 'bad' }] }),
    ).toBe('The address must start with rtmp:// or rtmps://.');
    expect(
      errorWords(t, { code: 'invalid_argument', message: 'x', issues: [{ path: 'key', message: 'k' }] }),
    ).toBe('A destination that is on needs a stream key.');
    expect(errorWords(t, { code: 'capacity', message: 'x' })).toBe(
      'At most 8 destinations: remove one first.',
    );
  });
});
