// The AR compositor: draws the current scene (camera, camera + PiP, shared screen + camera; scene-drawing.ts)
// into a canvas at the camera's own frame rate (frame-loop.ts), cross-fading on a scene switch, sends frames to the face tracker at the tracker's pace (one in flight), asks the smoother for the face at
// every drawn frame and draws the product over it. Its output is the canvas's capture track (one frame per
// drawn frame), which stays the same track for its whole life: the camera and the product change underneath
// it, so the go-live producer never renegotiates. With no product it is a plain pass-through and the tracker is not used.
import { FaceSmoother } from '../../core/ar/face-smoother';
import { AR_MAX_FACES, type FaceTarget } from '../../core/ar/face-target';
import { IdentityFaceTarget } from '../../core/ar/identity-face-target';
import type { StreamOrientation } from '../../core/protocol/studio-settings';
import {
  trackedRecord,
  type CompositorOptions,
  type CompositorStats,
  type DrawnRecord,
  type FaceSmootherPort,
  type FaceTrackerPort,
  type TrackedRecord,
} from './compositor-types';
import { toFaceGeometry } from './face-geometry';
import { CompositorRecords } from './compositor-records';
import { FrameLoop } from './frame-loop';
import type { DrawnOverlay, Overlay } from './overlays';
import type { Vec } from './overlay-geometry';
import { SceneRenderer, type ScenePicture, type SceneSourceKind } from './scene-drawing';
import {
  frameToCanvas,
  stretched,
  mapToFrame,
  ORIENTATION_SIZE,
  type CameraPlacement,
  type FrameToCanvas,
  type SceneId,
  type SceneLayout,
} from './scene-geometry';
import { SceneState } from './scene-state';
import { arDebugEnabled, registerCompositor } from './test-hook';
import { FaceTracker, FaceTrackerError, grabTrackImage } from './tracking/face-tracker';

export * from './compositor-types';
export type { ScenePicture, SceneSourceKind } from './scene-drawing';
export type { SceneId } from './scene-geometry';

/** A tracking call that has not answered in this long is given up (the worker has its own timeout too). */
const TRACK_STUCK_MS = 3000;
/** After a failed tracking call, the next one waits this long (a broken tracker is not hammered). */
const TRACK_RETRY_MS = 1000;
/** A face not seen for this long is not drawn on: the tracker has stalled and the face may have moved. */
const STALE_FACE_MS = 700;

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
  private readonly loop: FrameLoop;
  private readonly scenes = new SceneState();
  private readonly renderer: SceneRenderer;
  private orientation: StreamOrientation;
  /** Where the camera went on the latest frame (the overlay and a click map through it). */
  private placement: CameraPlacement | null = null;
  private lastDrawAt = 0;
  private drawing = false;
  private timestampStrip = false;
  private overlayDrawn = false;
  private readonly disposers: (() => void)[] = [];
  private closed = false;
  private readonly records: CompositorRecords;

  constructor(
    source: MediaStreamTrack,
    private readonly options: CompositorOptions = {},
  ) {
    this.frameRate = options.frameRate ?? 30;
    this.records = new CompositorRecords(options.debug ?? arDebugEnabled());
    this.smoother = this.newSmoother();
    this.faceTarget = options.createFaceTarget?.() ?? new IdentityFaceTarget();
    this.orientation = options.orientation ?? 'landscape';
    this.canvas = document.createElement('canvas');
    const settings = source.getSettings();
    const size = this.outputSize(settings.width ?? 640, settings.height ?? 480);
    this.canvas.width = size.width;
    this.canvas.height = size.height;
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('This browser cannot draw video into a canvas');
    this.ctx = ctx;
    this.video = document.createElement('video');
    this.video.muted = true;
    this.video.playsInline = true;
    this.renderer = new SceneRenderer(this.video);
    this.setSource(source);
    // Frames are pushed one per drawn frame (requestFrame) rather than sampled at a fixed rate: a rate cap
    // drops every camera frame that comes a little early (measured: 30 drawn, 20-26 fps delivered).
    this.output = this.canvas.captureStream(0);
    this.track = this.output.getVideoTracks()[0]!;
    this.loop = new FrameLoop(this.video, this.frameRate, (now, paced) => this.drawFrame(now, paced));
    this.disposers.push(registerCompositor(this));
    this.loop.start();
  }

  /** Landscape draws at the camera's own size (as before scenes); portrait is 720x1280 whatever the camera. */
  private outputSize(cameraW: number, cameraH: number): { width: number; height: number } {
    return this.orientation === 'portrait' ? ORIENTATION_SIZE.portrait : { width: cameraW, height: cameraH };
  }

  /** The output's orientation from the next frame on (the studio changes it only while not live). */
  setOrientation(orientation: StreamOrientation): void {
    if (this.closed) return;
    this.orientation = orientation;
  }

  get scene(): SceneId {
    return this.scenes.current;
  }

  /**
   * Switches scene from the next frame on, cross-fading from the current picture for 300 ms. The output
   * track stays the same (no renegotiation). False when it already is the scene.
   */
  setScene(scene: SceneId, now = performance.now()): boolean {
    if (this.closed) return false;
    // The old scene's last frame is kept once; the fade draws it over the new scene with a falling alpha.
    if (this.scenes.progress(now) === null) this.renderer.takeSnapshot(this.canvas);
    return this.scenes.switchTo(scene, now);
  }

  /** A second camera or a shared screen to draw from (null lets it go; the track stays the caller's). */
  setSceneSource(kind: SceneSourceKind, track: MediaStreamTrack | null): void {
    if (!this.closed) this.renderer.setVideo(kind, track);
  }

  /** Whether the camera is the test pattern, whose latency strip is kept across the top in every scene. */
  setTimestampStrip(on: boolean): void {
    this.timestampStrip = on;
  }

  /** The picture the product PiP shows (null: none). */
  setProductPicture(picture: ScenePicture | null): void {
    if (!this.closed) this.renderer.setProduct(picture);
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
    const picked = this.faceTarget.pick(mapToFrame(point, this.mapping(frame)));
    if (picked) this.smoother = this.newSmoother();
    return picked;
  }

  /** Puts the try-on on the next tracked face, left to right (the keyboard's way to pick); false when none. */
  nextFace(): boolean {
    const moved = this.faceTarget.next();
    if (moved) this.smoother = this.newSmoother();
    return moved;
  }

  /** From the tracked frame's pixels to the canvas, where the camera was drawn on the latest frame. */
  private mapping(frame: { width: number; height: number }): FrameToCanvas {
    const camera = {
      width: this.video.videoWidth || frame.width,
      height: this.video.videoHeight || frame.height,
    };
    return frameToCanvas(this.placement ?? stretched(camera, this.canvas), camera, frame);
  }

  get assetId(): string | null {
    return this.overlay?.assetId ?? null;
  }

  stats(now = performance.now()): CompositorStats {
    return {
      ...this.records.rates(now),
      width: this.canvas.width,
      height: this.canvas.height,
      assetId: this.assetId,
      faces: this.lastFrame?.faces ?? 0,
      target: this.faceTarget.state(),
      overlayDrawn: this.overlayDrawn,
      scene: this.scenes.current,
      fading: this.scenes.previous !== null,
      upload: this.renderer.uploadPath,
    };
  }

  /** Recent tracking round trips in ms (for the bench). */
  trackSamples(): number[] {
    return this.records.trackSamples();
  }

  /** Draw times (ms) of the frames drawn during cross-fades, oldest first (for the bench). */
  fadeSamples(): number[] {
    return this.records.fadeSamples();
  }

  /** The debug history (empty unless created with `debug`). */
  history(): { drawn: DrawnRecord[]; tracked: TrackedRecord[] } {
    return this.records.history();
  }

  clearHistory(): void {
    this.records.clear();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.loop.close();
    this.disposers.forEach((d) => d());
    this.renderer.close();
    this.track.stop();
    this.video.pause();
    this.video.srcObject = null;
    this.tracker?.close();
    this.tracker = null;
    this.overlay = null;
  }

  // ---- the drawing loop ----

  private drawFrame(now: number, paced: boolean): void {
    const video = this.video;
    if (this.drawing || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0)
      return;
    // Timer and rAF callbacks do not know when a new camera frame came: keep to the frame rate.
    if (paced && now - this.lastDrawAt < 1000 / this.frameRate - 2) return;
    this.lastDrawAt = now;
    const size = this.outputSize(video.videoWidth, video.videoHeight);
    if (this.canvas.width !== size.width || this.canvas.height !== size.height) {
      this.canvas.width = size.width;
      this.canvas.height = size.height;
    }
    const began = performance.now();
    const fade = this.scenes.progress(now);
    const layout = this.renderer.layout(this.scenes.current, this.canvas);
    // Reading the frames may take a turn of the event loop (video-upload.ts); a frame that comes meanwhile
    // is skipped rather than drawn twice over.
    this.drawing = true;
    void this.renderer
      .read(layout)
      .then(() => {
        if (!this.closed) this.finishFrame(now, began, fade, layout);
      })
      .finally(() => {
        this.drawing = false;
      });
  }

  private finishFrame(now: number, began: number, fade: number | null, layout: SceneLayout): void {
    this.placement = this.renderer.draw(this.ctx, layout);
    this.records.frameStarted(now);
    const overlay = this.overlay;
    this.overlayDrawn = false;
    if (overlay) {
      this.maybeTrack(now);
      const drawn = this.drawOverlay(overlay, now);
      if (drawn && this.records.debug)
        this.records.addDrawn({ t: now, assetId: overlay.assetId, points: drawn.points });
    }
    if (fade !== null) this.renderer.drawSnapshot(this.ctx, 1 - fade);
    if (this.timestampStrip) this.renderer.drawTimestampStrip(this.ctx);
    (this.track as CanvasCaptureMediaStreamTrack).requestFrame();
    this.records.frameDrawn(performance.now() - began, fade !== null);
  }

  private drawOverlay(overlay: Overlay, now: number): DrawnOverlay | null {
    const frame = this.lastFrame;
    if (!frame || frame.faces === 0 || now - frame.at > STALE_FACE_MS) return null;
    const smoothed = this.smoother.at(now);
    if (!smoothed) return null;
    const m = this.mapping(frame);
    const face = toFaceGeometry(smoothed.anchors, m.sx, m.sy, m.ox, m.oy);
    const dest = this.placement?.dest;
    const ctx = this.ctx;
    ctx.save();
    try {
      // The overlay stays inside the camera's box (a corner camera in the screen scene).
      if (dest) {
        ctx.beginPath();
        ctx.rect(dest.x, dest.y, dest.w, dest.h);
        ctx.clip();
      }
      const drawn = overlay.draw(ctx, face);
      this.overlayDrawn = true;
      return drawn;
    } catch (error) {
      this.fail(error);
      return null;
    } finally {
      ctx.restore();
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
    grabTrackImage(this.video)
      .then(async (image) => {
        try {
          return await tracker.track(image, started);
        } finally {
          image.close(); // a no-op when the tracker transferred it to its worker
        }
      })
      .then(
        (frame) => {
          if (this.closed || epoch !== this.trackEpoch || this.inFlightSince !== started) return;
          const done = performance.now();
          const chosen = this.faceTarget.select(frame);
          this.smoother.push(chosen);
          this.lastFrame = { width: frame.width, height: frame.height, faces: chosen.faces.length, at: done };
          this.records.trackDone(done, done - started);
          if (this.records.debug)
            this.records.addTracked(trackedRecord(frame, started, done - started, this.mapping(frame)));
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

  private fail(error: unknown): void {
    const e = error instanceof Error ? error : new Error(String(error));
    if (this.options.onError) this.options.onError(e);
    else console.warn('AR compositor:', e.message);
  }
}
