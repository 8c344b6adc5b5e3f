import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../core/protocol/multistream';
import { ENCODE_FPS, ENCODE_VIDEO_KBPS, KEYFRAME_SECONDS, encoderArgs } from './room-encoder';

const valueAfter = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];

describe('the shared encode', () => {
  const args = encoderArgs('/tmp/in.sdp', 2, true);

  it('stays under every known platform bitrate limit, capped (maxrate) and not just on average', () => {
    const caps = PLATFORMS.flatMap((p) => (p.maxVideoKbps === null ? [] : [p.maxVideoKbps]));
    expect(caps.length).toBeGreaterThan(3);
    expect(ENCODE_VIDEO_KBPS).toBeLessThanOrEqual(Math.min(...caps));
    expect(valueAfter(args, '-b:v')).toBe(`${ENCODE_VIDEO_KBPS}k`);
    expect(valueAfter(args, '-maxrate')).toBe(`${ENCODE_VIDEO_KBPS}k`);
  });

  it('is H.264 + AAC in FLV with a key frame every 2 s (what RTMP ingests ask for)', () => {
    expect(valueAfter(args, '-c:v')).toBe('libx264');
    expect(valueAfter(args, '-c:a')).toBe('aac');
    expect(valueAfter(args, '-f')).toBe('flv');
    expect(valueAfter(args, '-g')).toBe(String(ENCODE_FPS * KEYFRAME_SECONDS));
    expect(KEYFRAME_SECONDS).toBe(2);
    expect(args.filter((a) => a === '-map')).toHaveLength(2);
  });

  it('has no video options when the host sends audio only', () => {
    const audioOnly = encoderArgs('/tmp/in.sdp', 1, false);
    expect(audioOnly).not.toContain('-c:v');
    expect(valueAfter(audioOnly, '-c:a')).toBe('aac');
  });
});
