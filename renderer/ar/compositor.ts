// The AR compositor: draws the camera into a canvas at the camera's own frame rate (requestVideoFrameCallback,
// else requestAnimationFrame; a worker timer while the page is hidden, so a live stream does not freeze),
// sends frames to the face tracker at the tracker's pace (one in flight), asks the smoother for the face at
// every drawn frame and draws the product over it. Its output is the canvas's capture track (one frame per
// drawn frame), which stays the same track for its whole life: the camera and the product change underneath
// it, so the go-live producer never renegotiates. With no product it is a plain pass-through and the tracker is not used.
import type { FaceFrame } from '../../core/ar/face-types';
import { FaceSmoother } from '../../core/ar/face-smoother';
import { AR_MAX_FACES, type FaceTarget, type FaceTargetState } from '../../core/ar/face-target';
import { IdentityFaceTarget } from '../../core/ar/identity-face-target';
import { toFaceGeometry } from './face-geometry';
import type { DrawnOverlay, Overlay } from './overlays';
import type { Vec } from './overlay-geometry';
import { arDebugEnabled, registerCompositor } from './test-hook';
import { FaceTracker, FaceTrackerError } from './tracking/face-tracker';

/** What the compositor needs of a face tracker (FaceTracker in a worker, or a stand-in). */
export interface FaceTrackerPort {
  track(bitmap: ImageBitmap, t: number): Promise<FaceFrame>;
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

const HISTORY = 900;
/** A tracking call that has not answered in this long is given up (the worker has its own timeout too). */
const TRACK_STUCK_MS = 3000;
/** After a failed tracking call, the next one waits this long (a broken tracker is not hammered). */
const TRACK_RETRY_MS = 1000;
/** A face not seen for this long is not drawn on: the tracker has stalled and the face may have moved. */
const STALE_FACE_MS = 700;

const TICKER_SOURCE = `let t=null;onmessage=(e)=>{clearInterval(t);t=e.data>0?setInterval(()=>postMessage(0),e.data):null};`;

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function push<T>(list: T[], item: T, cap: number): void {
  list.push(item);
  if (list.length > cap) list.splice(0, list.length - cap);
}

export class ArCompositor {
  readonly canvas: HTMLCanvasElement;
  /** The composited video: the track to preview and to send. */
  readonly track: MediaStreamTrack;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly video: HTMLVideoElement;
  private readonly output: MediaStream;
  private readonly frameRate: number;
  private overlay: Overlay | null = null;
  private tracker: FaceTrackerPort | null = null;
  private trackerStarting: Promise<void> | null = null;
  private smoother: FaceSmootherPort;
  private readonly faceTarget: FaceTarget;
  private inFlightSince: number | null = null;
  private retryAt = 0;
  private trackEpoch = 0;
  private lastFrame: { width: number; height: number; faces: number; at: number } | null = null;
  private loopEpoch = 0;
  private ticker: Worker | null = null;
  private lastDrawAt = 0;
  private overlayDrawn = false;
  private readonly drawTimes: number[] = [];
  private readonly trackDoneTimes: number[] = [];
  private readonly trackDurations: number[] = [];
  private readonly drawDurations: number[] = [];
  private readonly drawn: DrawnRecord[] = [];
  private readonly tracked: TrackedRecord[] = [];
  private readonly disposers: (() => void)[] = [];
  private closed = false;
  private readonly debug: boolean;

  constructor(
    source: MediaStreamTrack,
    private readonly options: CompositorOptions = {},
  ) {
    this.frameRate = options.frameRate ?? 30;
    this.debug = options.debug ?? arDebugEnabled();
    this.smoother = this.newSmoother();
    this.faceTarget = options.createFaceTarget?.() ?? new IdentityFaceTarget();
    this.canvas = document.createElement('canvas');
    const settings = source.getSettings();
    this.canvas.width = settings.width ?? 640;
    this.canvas.height = settings.height ?? 480;
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('This browser cannot draw video into a canvas');
    this.ctx = ctx;
    this.video = document.createElement('video');
    this.video.muted = true;
    this.video.playsInline = true;
    this.setSource(source);
    // Frames are pushed one per drawn frame (requestFrame) rather than sampled at a fixed rate: a rate cap
    // drops every camera frame that comes a little early (measured: 30 drawn, 20-26 fps delivered).
    this.output = this.canvas.captureStream(0);
    this.track = this.output.getVideoTracks()[0]!;
    const onVisibility = () => this.startLoop();
    document.addEventListener('visibilitychange', onVisibility);
    this.disposers.push(() => document.removeEventListener('visibilitychange', onVisibility));
    this.disposers.push(registerCompositor(this));
    this.startLoop();
  }

  /** Draws from another camera track from the next frame on (the output track stays the same). */
  setSource(source: MediaStreamTrack): void {
    if (this.closed) return;
    this.video.srcObject = new MediaStream([source]);
    void this.video.play().catch(() => undefined);
  }

  /**
   * The product to draw from the next frame on; null draws the plain camera (no overlay at all in the next
   * frame). The tracker starts with the first product and stays warm after that.
   */
  setProduct(overlay: Overlay | null): void {
    if (this.closed) return;
    const wasOff = this.overlay === null;
    this.overlay = overlay;
    if (!overlay) {
      this.overlayDrawn = false;
      return;
    }
    // Anchors from before the pause could be anywhere now: start from the next tracked frame.
    if (wasOff) this.resetTracking();
    void this.ensureTracker();
  }

  /**
   * Puts the try-on on the face under a point of the output canvas (canvas pixels, e.g. a click in the
   * preview); false when no tracked face is there. The smoother starts again from that face.
   */
  pickFaceAt(point: Vec): boolean {
    const frame = this.lastFrame;
    if (!frame) return false;
    const picked = this.faceTarget.pick(this.canvasToFrame(point, frame));
    if (picked) this.smoother = this.newSmoother();
    return picked;
  }

  /** Puts the try-on on the next tracked face, left to right (the keyboard's way to pick); false when none. */
  nextFace(): boolean {
    const moved = this.faceTarget.next();
    if (moved) this.smoother = this.newSmoother();
    return moved;
  }

  /** A point of the output canvas in the tracked frame's pixels (where the camera is drawn). */
  private canvasToFrame(point: Vec, frame: { width: number; height: number }): Vec {
    return {
      x: (point.x * frame.width) / this.canvas.width,
      y: (point.y * frame.height) / this.canvas.height,
    };
  }

  get assetId(): string | null {
    return this.overlay?.assetId ?? null;
  }

  stats(now = performance.now()): CompositorStats {
    const recentDraws = this.drawTimes.filter((t) => now - t <= 1000).length;
    const recentTracks = this.trackDoneTimes.filter((t) => now - t <= 2000).length;
    return {
      drawnFps: recentDraws,
      trackMs: percentile(this.trackDurations.slice(-30), 50),
      trackHz: recentTracks / 2,
      drawMs: percentile(this.drawDurations.slice(-60), 50),
      width: this.canvas.width,
      height: this.canvas.height,
      assetId: this.assetId,
      faces: this.lastFrame?.faces ?? 0,
      target: this.faceTarget.state(),
      overlayDrawn: this.overlayDrawn,
    };
  }

  /** Recent tracking round trips in ms (for the bench). */
  trackSamples(): number[] {
    return [...this.trackDurations];
  }

  /** The debug history (empty unless created with `debug`). */
  history(): { drawn: DrawnRecord[]; tracked: TrackedRecord[] } {
    return { drawn: [...this.drawn], tracked: [...this.tracked] };
  }

  clearHistory(): void {
    this.drawn.length = 0;
    this.tracked.length = 0;
    this.trackDurations.length = 0;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.loopEpoch++;
    this.disposers.forEach((d) => d());
    this.ticker?.terminate();
    this.ticker = null;
    this.track.stop();
    this.video.pause();
    this.video.srcObject = null;
    this.tracker?.close();
    this.tracker = null;
    this.overlay = null;
  }

  // ---- the drawing loop ----

  /** (Re)starts the loop in the mode the page's visibility allows; an older loop's callbacks are ignored. */
  private startLoop(): void {
    if (this.closed) return;
    const epoch = ++this.loopEpoch;
    if (document.hidden) {
      if (!this.ticker) {
        const url = URL.createObjectURL(new Blob([TICKER_SOURCE], { type: 'text/javascript' }));
        this.ticker = new Worker(url);
        this.disposers.push(() => URL.revokeObjectURL(url));
      }
      this.ticker.onmessage = () => {
        if (epoch === this.loopEpoch) this.drawFrame(performance.now(), true);
      };
      this.ticker.postMessage(Math.round(1000 / this.frameRate));
      return;
    }
    this.ticker?.postMessage(0);
    const video = this.video;
    if ('requestVideoFrameCallback' in video) {
      const onFrame = (now: number) => {
        if (epoch !== this.loopEpoch) return;
        video.requestVideoFrameCallback(onFrame);
        this.drawFrame(now, false);
      };
      video.requestVideoFrameCallback(onFrame);
    } else {
      const onAnimationFrame = (now: number) => {
        if (epoch !== this.loopEpoch) return;
        requestAnimationFrame(onAnimationFrame);
        this.drawFrame(now, true);
      };
      requestAnimationFrame(onAnimationFrame);
    }
  }

  private drawFrame(now: number, paced: boolean): void {
    const video = this.video;
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) return;
    // Timer and rAF callbacks do not know when a new camera frame came: keep to the frame rate.
    if (paced && now - this.lastDrawAt < 1000 / this.frameRate - 2) return;
    this.lastDrawAt = now;
    if (this.canvas.width !== video.videoWidth || this.canvas.height !== video.videoHeight) {
      this.canvas.width = video.videoWidth;
      this.canvas.height = video.videoHeight;
    }
    const began = performance.now();
    this.ctx.drawImage(video, 0, 0, this.canvas.width, this.canvas.height);
    push(this.drawTimes, now, 120);
    const overlay = this.overlay;
    this.overlayDrawn = false;
    if (overlay) {
      this.maybeTrack(now);
      const drawn = this.drawOverlay(overlay, now);
      if (drawn && this.debug)
        push(this.drawn, { t: now, assetId: overlay.assetId, points: drawn.points }, HISTORY);
    }
    (this.track as CanvasCaptureMediaStreamTrack).requestFrame();
    push(this.drawDurations, performance.now() - began, 120);
  }

  private drawOverlay(overlay: Overlay, now: number): DrawnOverlay | null {
    const frame = this.lastFrame;
    if (!frame || frame.faces === 0 || now - frame.at > STALE_FACE_MS) return null;
    const smoothed = this.smoother.at(now);
    if (!smoothed) return null;
    const sx = this.canvas.width / frame.width;
    const face = toFaceGeometry(smoothed.anchors, sx, this.canvas.height / frame.height);
    try {
      const drawn = overlay.draw(this.ctx, face);
      this.overlayDrawn = true;
      return drawn;
    } catch (error) {
      this.fail(error);
      return null;
    }
  }

  // ---- tracking ----

  private newSmoother(): FaceSmootherPort {
    // The tracker's answers arrive late on a busy CPU: the face is kept longer than the smoother's default
    // before it counts as lost (a frame the tracker reports without a face hides the overlay at once anyway).
    return this.options.createSmoother?.() ?? new FaceSmoother({ lostAfterMs: STALE_FACE_MS });
  }

  private resetTracking(): void {
    this.smoother = this.newSmoother();
    this.faceTarget.reset();
    this.lastFrame = null;
    this.trackEpoch++;
    this.inFlightSince = null;
  }

  private ensureTracker(): Promise<void> {
    this.trackerStarting ??= (async () => {
      try {
        const tracker = await (this.options.createTracker?.() ??
          FaceTracker.create({ maxFaces: AR_MAX_FACES }));
        if (this.closed) tracker.close();
        else this.tracker = tracker;
      } catch (error) {
        this.trackerStarting = null;
        this.fail(error);
      }
    })();
    return this.trackerStarting;
  }

  private maybeTrack(now: number): void {
    const tracker = this.tracker;
    if (!tracker) return;
    if (this.inFlightSince !== null && now - this.inFlightSince < TRACK_STUCK_MS) return;
    if (now < this.retryAt) return;
    const epoch = this.trackEpoch;
    const started = now;
    this.inFlightSince = now;
    createImageBitmap(this.video)
      .then(async (bitmap) => {
        try {
          return await tracker.track(bitmap, started);
        } finally {
          bitmap.close(); // a no-op when the tracker transferred it to its worker
        }
      })
      .then(
        (frame) => {
          if (this.closed || epoch !== this.trackEpoch || this.inFlightSince !== started) return;
          const done = performance.now();
          const chosen = this.faceTarget.select(frame);
          this.smoother.push(chosen);
          this.lastFrame = { width: frame.width, height: frame.height, faces: chosen.faces.length, at: done };
          push(this.trackDurations, done - started, 600);
          push(this.trackDoneTimes, done, 60);
          if (this.debug) this.recordTracked(frame, started, done - started);
        },
        (error: unknown) => {
          if (this.closed || epoch !== this.trackEpoch) return;
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

  private recordTracked(frame: FaceFrame, t: number, ms: number): void {
    const sx = this.canvas.width / frame.width;
    const sy = this.canvas.height / frame.height;
    const faces = frame.faces.map((face) => {
      const at = (i: number): Vec => ({ x: face.landmarks[i * 3]! * sx, y: face.landmarks[i * 3 + 1]! * sy });
      const entries = Object.entries(DEBUG_LANDMARKS).map(([name, i]) => [name, at(i)]);
      return Object.fromEntries(entries) as TrackedRecord['faces'][number];
    });
    push(this.tracked, { t, ms, faces }, HISTORY);
  }

  private fail(error: unknown): void {
    const e = error instanceof Error ? error : new Error(String(error));
    if (this.options.onError) this.options.onError(e);
    else console.warn('AR compositor:', e.message);
  }
}
