import { describe, expect, it } from 'vitest';
import { codeCell, CODE_CELLS, decodeTimestamp, encodeTimestamp, readTimestamp } from './timestamp-code';

function paint(ms: number, width: number, height: number, noise = 0): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4).fill(90);
  const bits = encodeTimestamp(ms);
  bits.forEach((bit, i) => {
    const c = codeCell(i, width, height);
    for (let y = Math.floor(c.y); y < Math.floor(c.y + c.h); y++) {
      for (let x = Math.floor(c.x); x < Math.floor(c.x + c.w); x++) {
        const v = (bit ? 235 : 16) + Math.round((Math.random() - 0.5) * 2 * noise);
        rgba.set([v, v, v, 255], (y * width + x) * 4);
      }
    }
  });
  return rgba;
}

describe('timestamp code', () => {
  it('round-trips wall-clock milliseconds', () => {
    for (const ms of [0, 1, 1_763_780_000_123, 2 ** 41 + 12345]) {
      expect(decodeTimestamp(encodeTimestamp(ms))).toBe(ms);
    }
  });

  it('rejects a strip with a flipped bit instead of reporting a wrong latency', () => {
    const bits = encodeTimestamp(1_763_780_000_123);
    bits[5] = !bits[5];
    expect(decodeTimestamp(bits)).toBeNull();
    expect(decodeTimestamp(bits.slice(1))).toBeNull();
  });

  it('reads back from pixels at every simulcast size, with codec-like noise', () => {
    const ms = 1_763_780_123_456;
    for (const [w, h] of [
      [1280, 720],
      [640, 360],
      [320, 180],
    ] as const) {
      expect(readTimestamp(paint(ms, w, h, 40), w, h)).toBe(ms);
    }
  });

  it('finds nothing in a frame without a code', () => {
    expect(readTimestamp(new Uint8ClampedArray(320 * 180 * 4).fill(128), 320, 180)).toBeNull();
    expect(CODE_CELLS).toBe(48);
  });
});
