// A fake camera clip with two people for the AR end-to-end tests: two real face photos (face-api's demo
// samples, as the other AR tests use them: node_modules/@vladmandic/face-api/demo, MIT, not copied into the
// repo) cut out with a soft oval, each moved and scaled by its own path over a grey wall, written as y4m.
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../../core/random/prng';
import { toI420, type Photo, type PhotoRegion } from '../bench/ar-bench';
import { ROOT } from '../../scripts/lib/paths';

const DEMO = path.join(ROOT, 'node_modules/@vladmandic/face-api/demo');

/** A face photo and the part of it around one frontal face (nobody else in it), in its pixels. */
export interface FaceSource {
  file: string;
  region: PhotoRegion;
}
/** sample3.jpg: the woman in the middle (the face about 250 px temple to temple). */
export const FACE_SAMPLE3: FaceSource = {
  file: path.join(DEMO, 'sample3.jpg'),
  region: { x: 1010, y: 170, width: 340, height: 440 },
};
/** sample6.jpg: the woman on the right (the face about 260 px temple to temple). */
export const FACE_SAMPLE6: FaceSource = {
  file: path.join(DEMO, 'sample6.jpg'),
  region: { x: 1410, y: 200, width: 340, height: 440 },
};

/** Where one face's region goes in a frame: its centre, and frame px per photo px. */
export interface Placement {
  cx: number;
  cy: number;
  scale: number;
}

const WALL = 118;

/** One frame as RGB: the wall, then each photo's region in a feathered oval at its placement. */
function renderFrame(photos: Photo[], places: Placement[], width: number, height: number): Float32Array {
  const out = new Float32Array(width * height * 3).fill(WALL);
  photos.forEach((photo, n) => {
    const { region, rgba } = photo;
    const p = places[n]!;
    const rx = (region.width * p.scale) / 2;
    const ry = (region.height * p.scale) / 2;
    const x0 = Math.max(0, Math.floor(p.cx - rx));
    const x1 = Math.min(width, Math.ceil(p.cx + rx));
    const y0 = Math.max(0, Math.floor(p.cy - ry));
    const y1 = Math.min(height, Math.ceil(p.cy + ry));
    for (let v = y0; v < y1; v++)
      for (let u = x0; u < x1; u++) {
        const dx = (u + 0.5 - p.cx) / rx;
        const dy = (v + 0.5 - p.cy) / ry;
        const r = Math.hypot(dx, dy);
        if (r >= 1) continue;
        const alpha = r < 0.85 ? 1 : (1 - r) / 0.15;
        // Nearest photo pixel: the photo is scaled down, the tracker sees no difference.
        const sx = Math.min(region.width - 1, Math.floor((u + 0.5 - p.cx) / p.scale + region.width / 2));
        const sy = Math.min(region.height - 1, Math.floor((v + 0.5 - p.cy) / p.scale + region.height / 2));
        const i = (sy * region.width + sx) * 4;
        const o = (v * width + u) * 3;
        for (let c = 0; c < 3; c++) out[o + c] = out[o + c]! * (1 - alpha) + rgba[i + c]! * alpha;
      }
  });
  return out;
}

/** Writes the clip (Chromium's fake camera plays it in a loop): `paths(i)` places each photo on frame i. */
export function writeTwoFaceClip(
  file: string,
  photos: Photo[],
  options: { width: number; height: number; fps: number; frames: number; noise?: number },
  paths: (i: number) => Placement[],
): void {
  const { width, height, fps, frames, noise = 0 } = options;
  const fd = openSync(file, 'w');
  const rnd = seededRandom(42);
  try {
    writeSync(fd, `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
    for (let i = 0; i < frames; i++) {
      writeSync(fd, 'FRAME\n');
      writeSync(fd, toI420(renderFrame(photos, paths(i), width, height), width, height, noise, rnd));
    }
  } finally {
    closeSync(fd);
  }
}
