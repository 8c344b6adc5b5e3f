import { describe, expect, it } from 'vitest';
import { isYuvFormat, yuvToRgba, type YuvSource } from './yuv-to-rgba';

/** An I420 frame filled by `yuv(x, y)` (luma per pixel; chroma from each 2x2 block's top-left pixel). */
function i420(W: number, H: number, yuv: (x: number, y: number) => [number, number, number]): YuvSource {
  const cw = (W + 1) >> 1;
  const ch = (H + 1) >> 1;
  const data = new Uint8Array(W * H + 2 * cw * ch);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const [Y, U, V] = yuv(x, y);
      data[y * W + x] = Y;
      if (x % 2 === 0 && y % 2 === 0) {
        data[W * H + (y >> 1) * cw + (x >> 1)] = U;
        data[W * H + cw * ch + (y >> 1) * cw + (x >> 1)] = V;
      }
    }
  return {
    data,
    format: 'I420',
    planes: [
      { offset: 0, stride: W },
      { offset: W * H, stride: cw },
      { offset: W * H + cw * ch, stride: cw },
    ],
    width: W,
    height: H,
  };
}

/** The same frame as NV12 (interleaved UV). */
function toNv12(src: YuvSource): YuvSource {
  const { width: W, height: H } = src;
  const cw = (W + 1) >> 1;
  const ch = (H + 1) >> 1;
  const data = new Uint8Array(W * H + 2 * cw * ch);
  data.set(src.data.subarray(0, W * H));
  for (let i = 0; i < cw * ch; i++) {
    data[W * H + 2 * i] = src.data[W * H + i]!;
    data[W * H + 2 * i + 1] = src.data[W * H + cw * ch + i]!;
  }
  return {
    ...src,
    data,
    format: 'NV12',
    planes: [
      { offset: 0, stride: W },
      { offset: W * H, stride: cw * 2 },
    ],
  };
}

const px = (out: Uint8ClampedArray, w: number, x: number, y: number) =>
  Array.from(out.subarray((y * w + x) * 4, (y * w + x) * 4 + 4));

describe('yuvToRgba', () => {
  it('turns video-range BT.601 primaries into the RGB colours a player shows', () => {
    // Red, green, blue, white and black as BT.601 video-range YUV (ITU-R BT.601 colour bars at 100%).
    const bars: [number, number, number][] = [
      [81, 90, 240],
      [145, 54, 34],
      [41, 240, 110],
      [235, 128, 128],
      [16, 128, 128],
    ];
    const src = i420(10, 2, (x) => bars[x >> 1]!);
    const out = new Uint8ClampedArray(10 * 2 * 4);
    yuvToRgba(src, out, 10, 2);
    const expected = [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [255, 255, 255],
      [0, 0, 0],
    ];
    expected.forEach((rgb, i) => {
      const got = px(out, 10, i * 2, 1);
      rgb.forEach((c, k) => expect(Math.abs(got[k]! - c)).toBeLessThanOrEqual(3));
      expect(got[3]).toBe(255);
    });
  });

  it('uses the BT.709 matrix and full range when the frame says so', () => {
    // BT.709 full-range red: Y = 0.2126·255, U = 128 − 0.1146·255, V = 128 + 0.5·255.
    const src = { ...i420(2, 2, () => [54, 99, 255]), matrix: 'bt709', fullRange: true };
    const out = new Uint8ClampedArray(16);
    yuvToRgba(src, out, 2, 2);
    const [r, g, b] = px(out, 2, 0, 0);
    expect(r).toBeGreaterThanOrEqual(252);
    expect(g).toBeLessThanOrEqual(3);
    expect(b).toBeLessThanOrEqual(3);
    // A blue-ish sample read both ways: BT.709 full range gives G = 60 − 0.187·72 ≈ 47, BT.601 video range
    // (60 − 16)·1.164 − 0.392·72 ≈ 23; reading the wrong matrix would be visibly off.
    const blueish = i420(2, 2, () => [60, 200, 128]);
    yuvToRgba({ ...blueish, matrix: 'bt709', fullRange: true }, out, 2, 2);
    expect(Math.abs(px(out, 2, 0, 0)[1]! - 47)).toBeLessThanOrEqual(1);
    yuvToRgba({ ...blueish, matrix: 'smpte170m', fullRange: false }, out, 2, 2);
    expect(Math.abs(px(out, 2, 0, 0)[1]! - 23)).toBeLessThanOrEqual(1);
  });

  it('scales a luma ramp down smoothly (bilinear), keeping its ends', () => {
    const W = 1280;
    const src = i420(W, 8, (x) => [16 + Math.round((x / (W - 1)) * 219), 128, 128]);
    const w = 960;
    const out = new Uint8ClampedArray(w * 2 * 4);
    yuvToRgba(src, out, w, 2);
    const row = Array.from({ length: w }, (_, x) => px(out, w, x, 1)[0]!);
    expect(row[0]).toBeLessThanOrEqual(1);
    expect(row[w - 1]).toBeGreaterThanOrEqual(254);
    for (let x = 1; x < w; x++) expect(row[x]! - row[x - 1]!).toBeGreaterThanOrEqual(0);
    // Grey stays grey.
    const [r, g, b] = px(out, w, 480, 0);
    expect(Math.max(r!, g!, b!) - Math.min(r!, g!, b!)).toBeLessThanOrEqual(1);
  });

  it('reads NV12 exactly as the same frame in I420, odd sizes included', () => {
    const src = i420(37, 21, (x, y) => [(x * 7 + y * 3) % 256, (x * 11) % 256, (y * 13) % 256]);
    const a = new Uint8ClampedArray(25 * 13 * 4);
    const b = new Uint8ClampedArray(25 * 13 * 4);
    yuvToRgba(src, a, 25, 13);
    yuvToRgba(toNv12(src), b, 25, 13);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('refuses planes that do not fit the buffer instead of reading past it', () => {
    const src = i420(16, 16, () => [128, 128, 128]);
    const out = new Uint8ClampedArray(16 * 16 * 4);
    expect(() => yuvToRgba({ ...src, data: src.data.subarray(0, 300) }, out, 16, 16)).toThrow(RangeError);
    expect(() => yuvToRgba({ ...src, planes: src.planes.slice(0, 2) }, out, 16, 16)).toThrow(/planes/);
    expect(() => yuvToRgba(src, new Uint8ClampedArray(10), 16, 16)).toThrow(/too small/);
  });

  it('knows which VideoFrame formats it reads', () => {
    expect(isYuvFormat('I420')).toBe(true);
    expect(isYuvFormat('NV12')).toBe(true);
    expect(isYuvFormat('RGBA')).toBe(false);
    expect(isYuvFormat(null)).toBe(false);
  });
});
