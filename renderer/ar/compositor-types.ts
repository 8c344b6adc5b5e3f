// The AR compositor's contract: the ports it draws through (tracker, smoother, face target), its options,
// its stats and the debug records the test hook reads. Split from compositor.ts; compositor.ts re-exports it.
import type { FaceTarget, FaceTargetState } from '../../core/ar/face-target';
import type { FaceSmoother } from '../../core/ar/face-smoother';
import type { FaceFrame } from '../../core/ar/face-types';
import type { StreamOrientation } from '../../core/protocol/studio-settings';
import type { Vec } from './overlay-geometry';
import type { TrackImage } from './tracking/face-tracker-protocol';
import { mapToCanvas, type FrameToCanvas, type SceneId } from './scene-geometry';

/** What the compositor needs of a face tracker (FaceTracker in a worker, or a stand-in). */
export interface FaceTrackerPort {
  /** `image` is the tracker's to close (a worker tracker transfers it). */
  track(image: TrackImage, t: number): Promise<FaceFrame>;
  close(): void;
}

/** What the compositor needs of the smoother (core/ar/face-smoother). */
export interface FaceSmootherPort {
  push(frame: FaceFrame): void;
  at(tMs: number): ReturnType<FaceSmoother['at']>;
}

export interface CompositorOptions {
  /** The most frames per second drawn when no camera frame callback paces the loop (rAF, hidden page). */
  frameRate?: number;
  createTracker?: () => Promise<FaceTrackerPort>;
  createSmoother?: () => FaceSmootherPort;
  /** Which face the overlay goes on when several are tracked (default: the largest until one is picked). */
  createFaceTarget?: () => FaceTarget;
  /** Keep a history of drawn anchors and tracked landmarks (default: when the page has ?arDebug). */
  debug?: boolean;
  /** Called when the tracker cannot start or fails; the stream goes on without the overlay. */
  onError?: (error: Error) => void;
  /** Which way up the output goes (default landscape: the camera's own size). */
  orientation?: StreamOrientation;
}

export interface CompositorStats {
  /** Frames drawn over the last second. */
  drawnFps: number;
  /** Tracking round trip (grab, worker, result), median of the recent ones; null before the first. */
  trackMs: number | null;
  /** Tracking results per second over the last two seconds. */
  trackHz: number;
  /** Main-thread time to draw one frame (camera and overlay), median of the recent ones. */
  drawMs: number | null;
  /** How camera frames reach the canvas: 'copy' (VideoFrame.copyTo RGBA) or 'draw' (drawImage; video-upload.ts). */
  upload: 'copy' | 'draw';
  width: number;
  height: number;
  /** The product being drawn, or null (plain camera). */
  assetId: string | null;
  /** Faces in the latest tracked frame. */
  faces: number;
  /** Which of them wears the overlay (FaceTarget.state()). */
  target: FaceTargetState;
  /** Whether an overlay was drawn on the latest frame. */
  overlayDrawn: boolean;
  /** The scene drawn now, and whether a cross-fade into it is running. */
  scene: SceneId;
  fading: boolean;
  /** Draw time (ms) of the frames drawn during cross-fades, p95 of the recent ones; null before one. */
  fadeDrawP95Ms: number | null;
}

/** Landmarks of the 468-point mesh the test hook reports per tracked frame (MediaPipe FaceMesh indices). */
export const DEBUG_LANDMARKS = { eyeOuterA: 33, eyeOuterB: 263, forehead: 10, chin: 152, noseBridge: 168 };

export interface DrawnRecord {
  t: number;
  assetId: string;
  points: Record<string, Vec>;
}
export interface TrackedRecord {
  /** The time the frame was grabbed (performance.now()). */
  t: number;
  ms: number;
  /** Per face: the DEBUG_LANDMARKS in canvas pixels. */
  faces: Record<keyof typeof DEBUG_LANDMARKS, Vec>[];
}

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function push<T>(list: T[], item: T, cap: number): void {
  list.push(item);
  if (list.length > cap) list.splice(0, list.length - cap);
}

/** The debug record of a tracked frame: its DEBUG_LANDMARKS per face, mapped to where the camera was drawn. */
export function trackedRecord(frame: FaceFrame, t: number, ms: number, m: FrameToCanvas): TrackedRecord {
  const faces = frame.faces.map((face) => {
    const at = (i: number): Vec =>
      mapToCanvas({ x: face.landmarks[i * 3]!, y: face.landmarks[i * 3 + 1]! }, m);
    const entries = Object.entries(DEBUG_LANDMARKS).map(([name, i]) => [name, at(i)]);
    return Object.fromEntries(entries) as TrackedRecord['faces'][number];
  });
  return { t, ms, faces };
}
