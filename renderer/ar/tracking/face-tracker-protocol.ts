// Messages between FaceTracker (the page) and its worker (face-tracker-worker.ts): a discriminated union in a
// sequence-numbered envelope; every request gets exactly one reply with its seq, errors come back serialized.
import type { FaceFrame } from '../../../core/ar/face-types';

export type FaceTrackerErrorCode =
  /** The model or WASM files are not served where the tracker looks for them. */
  | 'models-missing'
  /** The backend or the models failed to start. */
  | 'init-failed'
  /** A frame was sent before the worker was ready. */
  | 'not-ready'
  /** A newer frame arrived while this one waited: it was dropped, unprocessed. */
  | 'superseded'
  | 'tracking-failed'
  /** No reply in time. */
  | 'timeout'
  /** The worker failed to load or crashed. */
  | 'worker-failed'
  | 'closed';

export interface SerializedError {
  code: FaceTrackerErrorCode;
  name: string;
  message: string;
}

export interface TrackerSettings {
  /** Absolute URLs, ending in '/'. */
  modelBaseUrl: string;
  wasmBaseUrl: string;
  maxFaces: number;
  iris: boolean;
  /** Frames larger than this (longer side, px) are scaled down before tracking; landmarks come back in source px. */
  maxInputSize: number;
}

/**
 * A frame to track: a VideoFrame (WebCodecs: no pixel copy where it is taken, the worker converts it) or an
 * ImageBitmap. Transferred to the worker, which closes it.
 */
export type TrackImage = ImageBitmap | VideoFrame;

/** A track image's size in pixels (a VideoFrame's display size). */
export function trackImageSize(image: TrackImage): { width: number; height: number } {
  return 'displayWidth' in image
    ? { width: image.displayWidth, height: image.displayHeight }
    : { width: image.width, height: image.height };
}

export type TrackerRequest =
  | { type: 'init'; settings: TrackerSettings }
  /** `t` is the capture time; the image is transferred and closed by the worker. */
  | { type: 'track'; image: TrackImage; t: number };

export interface TrackerReady {
  backend: string;
  simd: boolean;
  threads: boolean;
  /** Models loaded, by name. */
  models: string[];
  loadMs: number;
}

export type TrackerReply =
  | ({ type: 'ready' } & TrackerReady)
  /** `ms`: time the worker spent on this frame (not counting the wait in its queue). */
  | { type: 'frame'; frame: FaceFrame; ms: number }
  | { type: 'error'; error: SerializedError };

export interface Envelope<M> {
  seq: number;
  msg: M;
}
