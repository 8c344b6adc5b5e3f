// Turns face detections at the tracking rate (12-15 Hz, each ~80 ms late) into a steady face at the display
// rate (30-60 Hz): One Euro smoothing of the whole mesh (one shared cutoff, so the shape stays rigid), then a
// constant-velocity prediction from the last two smoothed detections to the time asked for, so overlays sit on
// the face in the frame being drawn rather than where it was when the tracked frame was captured. The
// prediction fades out at low speed, where it would only turn velocity noise into shimmer.
// Deterministic: every time is the caller's (ms, the clock FaceFrame.t uses).
import { anchorsFromLandmarks, LANDMARK, type AnchorOptions, type FaceAnchors } from './anchors';
import {
  MESH_LANDMARK_COUNT,
  type FaceBox,
  type FaceFrame,
  type FaceRotation,
  type TrackedFace,
} from './face-types';
import { OneEuroFilter } from './one-euro-filter';

export interface FaceSmootherOptions {
  /** One Euro cutoff at rest, Hz. */
  minCutoff?: number;
  /** Cutoff increase per face width per second of speed (positions are filtered in face widths). */
  beta?: number;
  /** Cutoff of the speed estimate, Hz. */
  dCutoff?: number;
  /** Rotation: cutoff increase per radian per second. */
  rotationBeta?: number;
  /** Extrapolate at most this far past the last detection's capture time. */
  maxPredictMs?: number;
  /** No face for this long (capture time of the last face to the time asked for): `at` returns null. */
  lostAfterMs?: number;
  /**
   * Below about this speed (face widths per second) the prediction fades out, so the residual noise in the
   * velocity of a still face does not make it shimmer; well above it the prediction is applied in full.
   */
  predictSpeed?: number;
  /**
   * How much of the filter's own lag (its time constant, see OneEuroFilter.lagSeconds) the prediction adds
   * back, 0..1: at 1 a face moving steadily is drawn where it is, not one time constant behind.
   */
  lagCompensation?: number;
  anchors?: AnchorOptions;
}

const DEFAULTS: Required<Omit<FaceSmootherOptions, 'anchors'>> = {
  minCutoff: 0.5,
  beta: 4,
  dCutoff: 1,
  rotationBeta: 0.5,
  maxPredictMs: 150,
  lostAfterMs: 300,
  predictSpeed: 0.15,
  lagCompensation: 1,
};

/** A new detection whose centre moved more than this many face widths since the last is another face. */
const JUMP_FACE_WIDTHS = 1;

export interface SmoothedFace {
  anchors: FaceAnchors;
  /** Smoothed and extrapolated landmarks, same layout as TrackedFace.landmarks. */
  landmarks: Float32Array;
  rotation: FaceRotation;
  /** Bounds of the smoothed landmarks. */
  box: FaceBox;
  score: number;
  /** Capture time of the last detection with this face. */
  detectedAt: number;
  /** How far past `detectedAt` the estimate was extrapolated, ms (after clamping). */
  predictedMs: number;
}

interface Track {
  count: number;
  /** Positions are filtered in units of the face width at the track's first detection. */
  scale: number;
  xy: OneEuroFilter;
  z: OneEuroFilter;
  rotation: OneEuroFilter;
  /** Per second, between the last two smoothed detections (zero after the first). */
  vxy: Float64Array;
  vz: Float64Array;
  vRotation: Float64Array;
  seenAt: number;
  score: number;
  centerX: number;
  centerY: number;
  width: number;
}

function wrapAngle(a: number): number {
  return a - 2 * Math.PI * Math.round(a / (2 * Math.PI));
}

function faceGeometry(face: TrackedFace): { cx: number; cy: number; width: number } {
  const l = face.landmarks;
  const r = LANDMARK.rightTemple * 3;
  const left = LANDMARK.leftTemple * 3;
  const dx = (l[left] as number) - (l[r] as number);
  const dy = (l[left + 1] as number) - (l[r + 1] as number);
  return {
    cx: face.box.x + face.box.width / 2,
    cy: face.box.y + face.box.height / 2,
    width: Math.hypot(dx, dy),
  };
}

export class FaceSmoother {
  private readonly o: Required<Omit<FaceSmootherOptions, 'anchors'>>;
  private readonly anchorOptions: AnchorOptions;
  private track: Track | null = null;
  private lastFrameT = -Infinity;

  constructor(options: FaceSmootherOptions = {}) {
    const { anchors, ...rest } = options;
    this.o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
    this.anchorOptions = anchors ?? {};
  }

  reset(): void {
    this.track = null;
    this.lastFrameT = -Infinity;
  }

  /** Feeds one tracking result. Frames must come in capture order; an older or repeated one is ignored. */
  push(frame: FaceFrame): void {
    if (!(frame.t > this.lastFrameT)) return;
    this.lastFrameT = frame.t;
    // One face is tracked: the largest, which in a live-commerce stream is the host.
    let face: TrackedFace | null = null;
    for (const f of frame.faces) {
      if (!face || f.box.width * f.box.height > face.box.width * face.box.height) face = f;
    }
    if (!face || face.landmarks.length % 3 !== 0 || face.landmarks.length < MESH_LANDMARK_COUNT * 3) return;
    const geometry = faceGeometry(face);
    const count = face.landmarks.length / 3;
    let track = this.track;
    if (
      track &&
      (frame.t - track.seenAt > this.o.lostAfterMs ||
        track.count !== count ||
        Math.hypot(geometry.cx - track.centerX, geometry.cy - track.centerY) > JUMP_FACE_WIDTHS * track.width)
    ) {
      track = null;
    }
    if (!track) track = this.startTrack(count, geometry.width);
    this.track = track;

    const { landmarks } = face;
    const xy = new Float64Array(count * 2);
    const z = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      xy[i * 2] = (landmarks[i * 3] as number) / track.scale;
      xy[i * 2 + 1] = (landmarks[i * 3 + 1] as number) / track.scale;
      z[i] = (landmarks[i * 3 + 2] as number) / track.scale;
    }
    const previous = track.rotation.value;
    const r = face.rotation;
    // Roll is unwrapped against the last estimate so a head near upside-down does not spin through zero.
    const rotation = previous
      ? [
          (previous[0] as number) + wrapAngle(r.roll - (previous[0] as number)),
          (previous[1] as number) + wrapAngle(r.yaw - (previous[1] as number)),
          (previous[2] as number) + wrapAngle(r.pitch - (previous[2] as number)),
        ]
      : [r.roll, r.yaw, r.pitch];

    const lastT = track.xy.lastTime;
    filterWithVelocity(track.xy, xy, frame.t, lastT, track.vxy);
    filterWithVelocity(track.z, z, frame.t, lastT, track.vz);
    filterWithVelocity(track.rotation, rotation, frame.t, lastT, track.vRotation);
    track.seenAt = frame.t;
    track.score = face.score;
    track.centerX = geometry.cx;
    track.centerY = geometry.cy;
    track.width = geometry.width || track.width;
  }

  /** The face at `tMs` (usually now, the display time), or null when none was seen for `lostAfterMs`. */
  at(tMs: number): SmoothedFace | null {
    const track = this.track;
    if (!track || tMs - track.seenAt > this.o.lostAfterMs) return null;
    const xy = track.xy.value as Float64Array;
    const z = track.z.value as Float64Array;
    const rot = track.rotation.value as Float64Array;
    const predictedMs = Math.min(Math.max(tMs - track.seenAt, 0), this.o.maxPredictMs);
    const h = predictedMs / 1000;
    const gain = this.predictionGain(track);
    const g = gain * (h + this.o.lagCompensation * track.xy.lagSeconds(0));
    const landmarks = new Float32Array(track.count * 3);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < track.count; i++) {
      const x = ((xy[i * 2] as number) + g * (track.vxy[i * 2] as number)) * track.scale;
      const y = ((xy[i * 2 + 1] as number) + g * (track.vxy[i * 2 + 1] as number)) * track.scale;
      landmarks[i * 3] = x;
      landmarks[i * 3 + 1] = y;
      landmarks[i * 3 + 2] = ((z[i] as number) + g * (track.vz[i] as number)) * track.scale;
      if (i < MESH_LANDMARK_COUNT) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
    const rotation: FaceRotation = {
      roll: wrapAngle((rot[0] as number) + g * (track.vRotation[0] as number)),
      yaw: (rot[1] as number) + g * (track.vRotation[1] as number),
      pitch: (rot[2] as number) + g * (track.vRotation[2] as number),
    };
    return {
      anchors: anchorsFromLandmarks(landmarks, rotation, this.anchorOptions),
      landmarks,
      rotation,
      box: { x: minX, y: minY, width: maxX - minX, height: maxY - minY },
      score: track.score,
      detectedAt: track.seenAt,
      predictedMs,
    };
  }

  private startTrack(count: number, width: number): Track {
    const { minCutoff, beta, dCutoff, rotationBeta } = this.o;
    return {
      count,
      scale: width > 0 ? width : 1,
      xy: new OneEuroFilter(count * 2, { minCutoff, beta, dCutoff, pointSize: 2 }),
      z: new OneEuroFilter(count, { minCutoff, beta, dCutoff, pointSize: 1 }),
      rotation: new OneEuroFilter(3, { minCutoff, beta: rotationBeta, dCutoff }),
      vxy: new Float64Array(count * 2),
      vz: new Float64Array(count),
      vRotation: new Float64Array(3),
      seenAt: -Infinity,
      score: 0,
      centerX: 0,
      centerY: 0,
      width,
    };
  }

  /** 0..1 from the RMS landmark speed (face widths per second): s² / (s² + predictSpeed²). */
  private predictionGain(track: Track): number {
    let sum = 0;
    for (let i = 0; i < track.vxy.length; i++) sum += (track.vxy[i] as number) ** 2;
    const speed2 = sum / track.count;
    return speed2 / (speed2 + this.o.predictSpeed ** 2);
  }
}

/** Filters one sample and stores the smoothed velocity since the previous one (per second) in `velocity`. */
function filterWithVelocity(
  filter: OneEuroFilter,
  values: ArrayLike<number>,
  tMs: number,
  lastT: number | null,
  velocity: Float64Array,
): void {
  const before = filter.value ? Float64Array.from(filter.value) : null;
  const after = filter.filter(values, tMs);
  if (!before || lastT === null || !(tMs > lastT)) {
    velocity.fill(0);
    return;
  }
  const dt = (tMs - lastT) / 1000;
  for (let i = 0; i < velocity.length; i++) velocity[i] = ((after[i] as number) - (before[i] as number)) / dt;
}
