// What the face tracker reports for one video frame: the 468-point face mesh (MediaPipe FaceMesh topology,
// 478 with the iris refinement) per face, in the frame's pixel coordinates. Shared by the tracker worker,
// the smoother and the AR compositor.

export interface Point {
  x: number;
  y: number;
}

/** Axis-aligned box in source-frame pixels. */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Head rotation in radians, the convention Human (the tracker) computes from the mesh, in image coordinates
 * (x right, y down, the camera's unmirrored frame):
 * - roll: the face's left-right axis (landmark 234 -> 454) turned clockwise on screen;
 * - yaw: positive when the face turns so that its right side (landmark 234, the subject's right ear) goes
 *   away from the camera and the nose moves toward the image left; negative for the other way;
 * - pitch: positive when the chin comes toward the camera relative to the forehead (looking down).
 */
export interface FaceRotation {
  roll: number;
  yaw: number;
  pitch: number;
}

export interface TrackedFace {
  /**
   * x, y, z per landmark: x and y in source-frame pixels, z a relative depth (larger is farther; not in
   * pixels). 468 landmarks, or 478 when the iris model ran (468-472: the subject's left iris, centre first;
   * 473-477: the right one).
   */
  landmarks: Float32Array;
  box: FaceBox;
  /** Mesh confidence, 0..1. */
  score: number;
  rotation: FaceRotation;
}

export interface FaceFrame {
  /** Capture time of the video frame in ms (the caller's clock, e.g. performance.now()). */
  t: number;
  /** Source-frame size in pixels. */
  width: number;
  height: number;
  faces: TrackedFace[];
}

export const MESH_LANDMARK_COUNT = 468;
export const IRIS_LANDMARK_COUNT = 478;
