// The compositor's face tracking: starts the tracker with the first product and keeps it warm, sends it the
// camera's frames at its own pace (one in flight; a stuck call is given up, a failed one waits before the
// next), chooses the face that wears the product (FaceTarget) and smooths it (FaceSmoother). The compositor
// asks it for the face at each drawn frame. Split from compositor.ts.
import { FaceSmoother, type SmoothedFace } from '../../core/ar/face-smoother';
import { AR_MAX_FACES, type FaceTarget, type FaceTargetState } from '../../core/ar/face-target';
import { IdentityFaceTarget } from '../../core/ar/identity-face-target';
import type { CompositorRecords } from './compositor-records';
import {
  trackedRecord,
  type CompositorOptions,
  type FaceSmootherPort,
  type FaceTrackerPort,
} from './compositor-types';
import type { Vec } from './overlay-geometry';
import { FaceTracker, FaceTrackerError, grabTrackImage } from './tracking/face-tracker';
import type { FrameToCanvas } from './scene-geometry';

/** A tracking call that has not answered in this long is given up (the worker has its own timeout too). */
const TRACK_STUCK_MS = 3000;
/** After a failed tracking call, the next one waits this long (a broken tracker is not hammered). */
const TRACK_RETRY_MS = 1000;
/** A face not seen for this long is not drawn on: the tracker has stalled and the face may have moved. */
const STALE_FACE_MS = 700;

/** The latest tracked frame: its size (the tracker's pixels) and how many faces it had. */
export interface TrackedFrameInfo {
  width: number;
  height: number;
  faces: number;
  at: number;
}

export class CompositorTracking {
  private tracker: FaceTrackerPort | null = null;
  private starting: Promise<void> | null = null;
  private smoother: FaceSmootherPort;
  private readonly target: FaceTarget;
  private inFlightSince: number | null = null;
  private retryAt = 0;
  private epoch = 0;
  private last: TrackedFrameInfo | null = null;
  private closed = false;

  constructor(
    private readonly options: CompositorOptions,
    private readonly records: CompositorRecords,
    /** From a tracked frame's pixels to the canvas, as the camera was drawn on the latest frame. */
    private readonly mapping: (frame: { width: number; height: number }) => FrameToCanvas,
    private readonly fail: (error: unknown) => void,
  ) {
    this.smoother = this.newSmoother();
    this.target = options.createFaceTarget?.() ?? new IdentityFaceTarget();
  }

  get lastFrame(): TrackedFrameInfo | null {
    return this.last;
  }

  targetState(): FaceTargetState {
    return this.target.state();
  }

  /** Starts the tracker once (it stays warm after that); a failed start may be tried again. */
  ensureStarted(): Promise<void> {
    this.starting ??= (async () => {
      try {
        const tracker = await (this.options.createTracker?.() ??
          FaceTracker.create({ maxFaces: AR_MAX_FACES }));
        if (this.closed) tracker.close();
        else this.tracker = tracker;
      } catch (error) {
        this.starting = null;
        this.fail(error);
      }
    })();
    return this.starting;
  }

  /** Forgets the faces: anchors from before a pause could be anywhere now (the next tracked frame starts anew). */
  reset(): void {
    this.smoother = this.newSmoother();
    this.target.reset();
    this.last = null;
    this.epoch++;
    this.inFlightSince = null;
  }

  /** Puts the try-on on the face under a point of the tracked frame; false when no tracked face is there. */
  pick(framePoint: Vec): boolean {
    const picked = this.target.pick(framePoint);
    if (picked) this.smoother = this.newSmoother();
    return picked;
  }

  /** Puts the try-on on the next tracked face, left to right; false when none. */
  next(): boolean {
    const moved = this.target.next();
    if (moved) this.smoother = this.newSmoother();
    return moved;
  }

  /** The chosen face's smoothed anchors at `now`, with the frame they were tracked in; null: none to draw on. */
  face(now: number): { anchors: SmoothedFace['anchors']; frame: TrackedFrameInfo } | null {
    const frame = this.last;
    if (!frame || frame.faces === 0 || now - frame.at > STALE_FACE_MS) return null;
    const smoothed = this.smoother.at(now);
    return smoothed ? { anchors: smoothed.anchors, frame } : null;
  }

  /** Sends the video's current frame to the tracker unless one is in flight or a failure is being waited out. */
  maybeTrack(video: HTMLVideoElement, now: number): void {
    const tracker = this.tracker;
    if (!tracker) return;
    if (this.inFlightSince !== null && now - this.inFlightSince < TRACK_STUCK_MS) return;
    if (now < this.retryAt) return;
    const epoch = this.epoch;
    const started = now;
    this.inFlightSince = now;
    grabTrackImage(video)
      .then(async (image) => {
        try {
          return await tracker.track(image, started);
        } finally {
          image.close(); // a no-op when the tracker transferred it to its worker
        }
      })
      .then(
        (frame) => {
          if (this.closed || epoch !== this.epoch || this.inFlightSince !== started) return;
          const done = performance.now();
          const chosen = this.target.select(frame);
          this.smoother.push(chosen);
          this.last = { width: frame.width, height: frame.height, faces: chosen.faces.length, at: done };
          this.records.trackDone(done, done - started);
          if (this.records.debug)
            this.records.addTracked(trackedRecord(frame, started, done - started, this.mapping(frame)));
        },
        (error: unknown) => {
          if (this.closed || epoch !== this.epoch) return;
          // One frame is in flight at a time, so a superseded one is only ever a stray: not a failure.
          if (error instanceof FaceTrackerError && error.code === 'superseded') return;
          this.retryAt = performance.now() + TRACK_RETRY_MS;
          this.fail(error);
        },
      )
      .finally(() => {
        if (this.inFlightSince === started) this.inFlightSince = null;
      });
  }

  close(): void {
    this.closed = true;
    this.tracker?.close();
    this.tracker = null;
  }

  private newSmoother(): FaceSmootherPort {
    // The tracker's answers arrive late on a busy CPU: the face is kept longer than the smoother's default
    // before it counts as lost (a frame the tracker reports without a face hides the overlay at once anyway).
    return this.options.createSmoother?.() ?? new FaceSmoother({ lostAfterMs: STALE_FACE_MS });
  }
}
