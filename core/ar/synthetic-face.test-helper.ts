// A synthetic 468 (or 478) point face mesh for unit tests: the landmarks anchors.ts reads sit where they do on a
// real face (relative to the face width), every other landmark is scattered inside the face oval.
import { seededRandom } from '../random/prng';
import { LEFT_EYE_CONTOUR, LIPS_INNER, LIPS_OUTER, RIGHT_EYE_CONTOUR } from './anchors';
import type { TrackedFace } from './face-types';

// Kept here for the AR tests that import it beside the synthetic face.
export { seededRandom };

export interface SyntheticFaceOptions {
  cx?: number;
  cy?: number;
  /** Temple-to-temple width in px. */
  width?: number;
  /** Clockwise on screen, radians. */
  roll?: number;
  iris?: boolean;
  /** Nose tip offset along the temple axis, in face widths (a turned head). */
  noseShift?: number;
}

/** Landmark positions in face widths around the face centre (y down), before rotation and scaling. */
export function canonicalFace(options: { iris?: boolean; noseShift?: number } = {}): Float64Array {
  const count = options.iris ? 478 : 468;
  const p = new Float64Array(count * 3);
  const rnd = seededRandom(7);
  for (let i = 0; i < count; i++) {
    const a = rnd() * 2 * Math.PI;
    const r = Math.sqrt(rnd()) * 0.4;
    p[i * 3] = Math.cos(a) * r;
    p[i * 3 + 1] = Math.sin(a) * r * 1.3;
    p[i * 3 + 2] = rnd() * 0.1;
  }
  const set = (i: number, x: number, y: number) => {
    p[i * 3] = x;
    p[i * 3 + 1] = y;
  };
  set(234, -0.5, -0.05);
  set(454, 0.5, -0.05);
  set(10, 0, -0.6);
  set(152, 0, 0.55);
  set(168, 0, -0.1);
  set(1, (options.noseShift ?? 0) + 0, 0.12);
  set(132, -0.45, 0.15);
  set(361, 0.45, 0.15);
  const ring = (indices: number[], cx: number, cy: number, rx: number, ry: number, start: number) =>
    indices.forEach((index, k) => {
      const a = start + (2 * Math.PI * k) / indices.length;
      set(index, cx + rx * Math.cos(a), cy + ry * Math.sin(a));
    });
  // Eye contours start at the outer corner (33 / 263) and go round.
  ring(RIGHT_EYE_CONTOUR, -0.225, -0.1, 0.105, 0.04, Math.PI);
  ring(LEFT_EYE_CONTOUR, 0.225, -0.1, 0.105, 0.04, 0);
  ring(LIPS_OUTER, 0, 0.3, 0.18, 0.07, Math.PI);
  ring(LIPS_INNER, 0, 0.3, 0.13, 0.03, Math.PI);
  if (options.iris) {
    set(468, 0.225, -0.1);
    set(473, -0.225, -0.1);
  }
  return p;
}

export function syntheticLandmarks(options: SyntheticFaceOptions = {}): Float32Array {
  const { cx = 320, cy = 240, width = 200, roll = 0 } = options;
  const canonical = canonicalFace(options);
  const out = new Float32Array(canonical.length);
  const c = Math.cos(roll);
  const s = Math.sin(roll);
  for (let i = 0; i < canonical.length / 3; i++) {
    const x = (canonical[i * 3] as number) * width;
    const y = (canonical[i * 3 + 1] as number) * width;
    out[i * 3] = cx + x * c - y * s;
    out[i * 3 + 1] = cy + x * s + y * c;
    out[i * 3 + 2] = (canonical[i * 3 + 2] as number) * width;
  }
  return out;
}

export function syntheticFace(options: SyntheticFaceOptions = {}): TrackedFace {
  const landmarks = syntheticLandmarks(options);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < 468; i++) {
    minX = Math.min(minX, landmarks[i * 3] as number);
    maxX = Math.max(maxX, landmarks[i * 3] as number);
    minY = Math.min(minY, landmarks[i * 3 + 1] as number);
    maxY = Math.max(maxY, landmarks[i * 3 + 1] as number);
  }
  return {
    landmarks,
    box: { x: minX, y: minY, width: maxX - minX, height: maxY - minY },
    score: 0.95,
    rotation: { roll: options.roll ?? 0, yaw: 0, pitch: 0 },
  };
}
