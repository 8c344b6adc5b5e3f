import { describe, expect, it } from 'vitest';
import { FlvReader, withTimestamp, type FlvTag } from './flv';

function tag(type: number, ts: number, data: number[]): Buffer {
  const b = Buffer.alloc(11 + data.length + 4);
  b[0] = type;
  b.writeUIntBE(data.length, 1, 3);
  b.writeUIntBE(ts & 0xffffff, 4, 3);
  b[7] = (ts >>> 24) & 0xff;
  Buffer.from(data).copy(b, 11);
  b.writeUInt32BE(11 + data.length, 11 + data.length);
  return b;
}

const HEADER = Buffer.from([0x46, 0x4c, 0x56, 1, 5, 0, 0, 0, 9, 0, 0, 0, 0]);

describe('FlvReader', () => {
  it('splits a byte stream cut anywhere into whole tags and tells key frames and sequence headers', () => {
    const stream = Buffer.concat([
      HEADER,
      tag(18, 0, [2, 0, 10]),
      tag(9, 0, [0x17, 0, 0, 0, 0, 1, 2]), // AVC sequence header
      tag(8, 0, [0xaf, 0, 0x12, 0x10]), // AAC sequence header
      tag(9, 40, [0x17, 1, 0, 0, 0, 9, 9]), // key frame
      tag(8, 45, [0xaf, 1, 5, 5]),
      tag(9, 0x1234567, [0x27, 1, 0, 0, 0, 8]), // inter frame, extended timestamp
    ]);
    const tags: FlvTag[] = [];
    let header: Buffer | null = null;
    const reader = new FlvReader({
      header: (h) => (header = h),
      tag: (t) => tags.push(t),
      invalid: () => {},
    });
    for (let at = 0; at < stream.length; at += 7) reader.push(stream.subarray(at, at + 7));
    expect(header).toEqual(HEADER);
    expect(tags.map((t) => [t.type, t.timestamp, t.keyframe, t.sequenceHeader])).toEqual([
      [18, 0, false, false],
      [9, 0, false, true],
      [8, 0, false, true],
      [9, 40, true, false],
      [8, 45, false, false],
      [9, 0x1234567, false, false],
    ]);
    expect(Buffer.concat([header!, ...tags.map((t) => t.bytes)])).toEqual(stream);
  });

  it('gives up on bytes that are not FLV', () => {
    const reasons: string[] = [];
    const reader = new FlvReader({ header: () => {}, tag: () => {}, invalid: (r) => reasons.push(r) });
    reader.push(Buffer.from('this is not a video stream at all'));
    expect(reasons).toEqual(['no FLV signature']);
  });

  it('rewrites a timestamp, extended byte included, leaving the original alone', () => {
    const original = tag(9, 5, [0x27, 1]);
    const moved = withTimestamp(original, 0x2000001);
    expect(moved.readUIntBE(4, 3) | (moved[7]! << 24)).toBe(0x2000001);
    expect(original.readUIntBE(4, 3)).toBe(5);
  });
});
