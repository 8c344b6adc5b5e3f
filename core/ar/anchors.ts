// Where try-on overlays attach: a few named points on the face (eye corners and centres, nose bridge, forehead,
// chin, ear lobes), the lip contours as polygons, the face width and the head rotation, all read off the
// MediaPipe FaceMesh landmarks (468, or 478 with the iris) in source-frame pixels.
//
// Landmark indices (MediaPipe FaceMesh topology, the one Human's facemesh model outputs). "Left" and "right"
// are the subject's: for an unmirrored camera frame the subject's left eye appears on the image right.
//   eye outer corners      right 33, left 263 (inner corners 133, 362)
//   eye contours           right 33 7 163 144 145 153 154 155 133 173 157 158 159 160 161 246,
//                          left 263 249 390 373 374 380 381 382 362 398 384 385 386 387 388 466
//   eye centres            iris centres 473 (right) and 468 (left) when the mesh has 478 points,
//                          otherwise the mean of the eye contour
//   nose bridge            168 (midway between the eyes, where a glasses bridge rests); nose tip 1
//   forehead, chin         10 and 152: the top and bottom of the face oval
//   face width             234 to 454: the oval's extremes at eye level (temple to temple)
//   ear lobes              132 (right) and 361 (left): the oval just above the jaw angle (58 / 288), at the
//                          height of the lobes, pushed out by EAR_LOBE_OUTSET of the face width
//   outer lips             61 185 40 39 37 0 267 269 270 409 291 375 321 405 314 17 84 181 91 146
//   inner lips             78 191 80 81 82 13 312 311 310 415 308 324 318 402 317 14 87 178 88 95
import { IRIS_LANDMARK_COUNT, MESH_LANDMARK_COUNT, type FaceRotation, type Point } from './face-types';

export const LANDMARK = {
  rightEyeOuter: 33,
  rightEyeInner: 133,
  leftEyeOuter: 263,
  leftEyeInner: 362,
  rightIrisCenter: 473,
  leftIrisCenter: 468,
  noseBridge: 168,
  noseTip: 1,
  forehead: 10,
  chin: 152,
  rightTemple: 234,
  leftTemple: 454,
  rightEarLobe: 132,
  leftEarLobe: 361,
} as const;

export const RIGHT_EYE_CONTOUR = [
  33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246,
];
export const LEFT_EYE_CONTOUR = [
  263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466,
];
/** Closed polygon, clockwise on screen for an upright face: upper lip left to right, then the lower lip back. */
export const LIPS_OUTER = [
  61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91, 146,
];
export const LIPS_INNER = [
  78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95,
];

/** Beyond this |yaw| (radians, about 26°) the ear on the far side is hidden behind the cheek. */
export const EAR_HIDDEN_YAW = 0.45;
/** Ear lobes hang just outside the face oval: this fraction of the face width beyond landmarks 132 / 361. */
export const EAR_LOBE_OUTSET = 0.05;

export interface FaceAnchors {
  leftEyeOuter: Point;
  rightEyeOuter: Point;
  leftEyeCenter: Point;
  rightEyeCenter: Point;
  noseBridge: Point;
  noseTip: Point;
  /** Top of the face oval (hairline). */
  forehead: Point;
  chin: Point;
  /** null when that ear is turned away from the camera (|yaw| beyond EAR_HIDDEN_YAW toward it). */
  leftEarLobe: Point | null;
  rightEarLobe: Point | null;
  roll: number;
  yaw: number;
  pitch: number;
  /** Temple to temple in image pixels (shrinks as the head turns, as an overlay drawn on it should). */
  faceWidth: number;
  lipsOuter: Point[];
  lipsInner: Point[];
}

export interface AnchorOptions {
  earHiddenYaw?: number;
}

export function landmarkPoint(landmarks: ArrayLike<number>, index: number): Point {
  return { x: landmarks[index * 3] as number, y: landmarks[index * 3 + 1] as number };
}

function mean(landmarks: ArrayLike<number>, indices: readonly number[]): Point {
  let x = 0;
  let y = 0;
  for (const i of indices) {
    x += landmarks[i * 3] as number;
    y += landmarks[i * 3 + 1] as number;
  }
  return { x: x / indices.length, y: y / indices.length };
}

function checkLandmarks(landmarks: ArrayLike<number>): void {
  if (landmarks.length < MESH_LANDMARK_COUNT * 3) {
    throw new RangeError(
      `face landmarks: expected ${MESH_LANDMARK_COUNT * 3} numbers (468 x, y, z), got ${landmarks.length}`,
    );
  }
}

/**
 * Yaw from the nose's offset between the temples is divided by this before the arctangent, so the estimate
 * reads on the tracker's scale (Human's yaw; fitted on face-api's sample photos, agreeing to about 0.1 rad).
 */
const YAW_FROM_NOSE_OFFSET = 2.2;

/**
 * Rotation from the 2D landmarks alone, for sources without the tracker's estimate. Roll is the angle of the
 * temple-to-temple line; yaw comes from where the nose tip sits between the temples (it moves toward the side
 * that turns away); pitch needs depth that the 2D mesh does not give reliably, so it is 0.
 */
export function estimateRotation(landmarks: ArrayLike<number>): FaceRotation {
  checkLandmarks(landmarks);
  const r = landmarkPoint(landmarks, LANDMARK.rightTemple);
  const l = landmarkPoint(landmarks, LANDMARK.leftTemple);
  const nose = landmarkPoint(landmarks, LANDMARK.noseTip);
  const ax = l.x - r.x;
  const ay = l.y - r.y;
  const len2 = ax * ax + ay * ay || 1;
  // 0 at the right temple, 1 at the left one; the nose moves toward the side that turns away.
  const u = ((nose.x - r.x) * ax + (nose.y - r.y) * ay) / len2;
  const asymmetry = Math.max(-1, Math.min(1, 2 * u - 1));
  return { roll: Math.atan2(ay, ax), yaw: -Math.atan(asymmetry / YAW_FROM_NOSE_OFFSET), pitch: 0 };
}

export function anchorsFromLandmarks(
  landmarks: ArrayLike<number>,
  rotation?: FaceRotation,
  options: AnchorOptions = {},
): FaceAnchors {
  checkLandmarks(landmarks);
  const { roll, yaw, pitch } = rotation ?? estimateRotation(landmarks);
  const hiddenYaw = options.earHiddenYaw ?? EAR_HIDDEN_YAW;
  const at = (i: number) => landmarkPoint(landmarks, i);
  const hasIris = landmarks.length >= IRIS_LANDMARK_COUNT * 3;

  const rightTemple = at(LANDMARK.rightTemple);
  const leftTemple = at(LANDMARK.leftTemple);
  const faceWidth = Math.hypot(leftTemple.x - rightTemple.x, leftTemple.y - rightTemple.y);
  // Unit vector from the right temple toward the left one: "outward" for each ear.
  const ux = faceWidth > 0 ? (leftTemple.x - rightTemple.x) / faceWidth : 1;
  const uy = faceWidth > 0 ? (leftTemple.y - rightTemple.y) / faceWidth : 0;
  const outset = EAR_LOBE_OUTSET * faceWidth;
  const lobe = (index: number, sign: number): Point => {
    const p = at(index);
    return { x: p.x + sign * ux * outset, y: p.y + sign * uy * outset };
  };

  return {
    leftEyeOuter: at(LANDMARK.leftEyeOuter),
    rightEyeOuter: at(LANDMARK.rightEyeOuter),
    leftEyeCenter: hasIris ? at(LANDMARK.leftIrisCenter) : mean(landmarks, LEFT_EYE_CONTOUR),
    rightEyeCenter: hasIris ? at(LANDMARK.rightIrisCenter) : mean(landmarks, RIGHT_EYE_CONTOUR),
    noseBridge: at(LANDMARK.noseBridge),
    noseTip: at(LANDMARK.noseTip),
    forehead: at(LANDMARK.forehead),
    chin: at(LANDMARK.chin),
    // yaw > 0 turns the subject's right side away (see FaceRotation), yaw < 0 the left side.
    leftEarLobe: yaw < -hiddenYaw ? null : lobe(LANDMARK.leftEarLobe, 1),
    rightEarLobe: yaw > hiddenYaw ? null : lobe(LANDMARK.rightEarLobe, -1),
    roll,
    yaw,
    pitch,
    faceWidth,
    lipsOuter: LIPS_OUTER.map(at),
    lipsInner: LIPS_INNER.map(at),
  };
}
