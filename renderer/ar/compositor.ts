// The AR compositor: draws the current scene (camera, camera + PiP, shared screen + camera; scene-drawing.ts)
// into a canvas at the camera's own frame rate (frame-loop.ts), cross-fading on a scene switch, and draws the
// product over the face its tracking (compositor-tracking.ts) gives for each drawn frame. Its output is the
// canvas's capture track (one frame per drawn frame), which stays the same track for its whole life: the
// camera and the product change underneath it, so the go-live producer never renegotiates. With no product it
// is a plain pass-through and the tracker is not used.
import type { StreamOrientation } from '../../core/protocol/studio-settings';
import type { CompositorOptions, CompositorStats, DrawnRecord, TrackedRecord } from './compositor-types';
import { toFaceGeometry } from './face-geometry';
import { CompositorRecords } from './compositor-records';
import { CompositorTracking } from './compositor-tracking';
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

export * from './compositor-types';
export type { ScenePicture, SceneSourceKind } from './scene-drawing';
export type { SceneId } from './scene-geometry';

export class ArCompositor {
  readonly canvas: HTMLCanvasElement;
  /** The composited video: the track to preview and to send. */
  readonly track: MediaStreamTrack;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly video: HTMLVideoElement;
  private readonly output: MediaStream;
  private readonly frameRate: number;
  private overlay: Overlay | null = null;
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
  private readonly tracking: CompositorTracking;

  constructor(
    source: MediaStreamTrack,
    private readonly options: CompositorOptions = {},
  ) {
    this.frameRate = options.frameRate ?? 30;
    this.records = new CompositorRecords(options.debug ?? arDebugEnabled());
    this.tracking = new CompositorTracking(
      options,
      this.records,
      (frame) => this.mapping(frame),
      (error) => this.fail(error),
    );
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
    if (wasOff) this.tracking.reset();
    void this.tracking.ensureStarted();
  }

  /**
   * Puts the try-on on the face under a point of the output canvas (canvas pixels, e.g. a click in the
   * preview); false when no tracked face is there. The smoother starts again from that face.
   */
  pickFaceAt(point: Vec): boolean {
    const frame = this.tracking.lastFrame;
    return frame ? this.tracking.pick(mapToFrame(point, this.mapping(frame))) : false;
  }

  /** Puts the try-on on the next tracked face, left to right (the keyboard's way to pick); false when none. */
  nextFace(): boolean {
    return this.tracking.next();
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
      faces: this.tracking.lastFrame?.faces ?? 0,
      target: this.tracking.targetState(),
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
    this.tracking.close();
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
      this.tracking.maybeTrack(this.video, now);
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
    const smoothed = this.tracking.face(now);
    if (!smoothed) return null;
    const m = this.mapping(smoothed.frame);
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

  private fail(error: unknown): void {
    const e = error instanceof Error ? error : new Error(String(error));
    if (this.options.onError) this.options.onError(e);
    else console.warn('AR compositor:', e.message);
  }
}
