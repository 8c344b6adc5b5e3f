// Draws one scene's sources onto the compositor's canvas (camera, second camera, product picture, shared
// screen) and keeps the snapshot the cross-fade draws over the new scene. The camera's <video> belongs to
// the compositor; the other sources are set here as the studio opens or closes them.
import { CODE_STRIP_HEIGHT } from '../../core/media/timestamp-code';
import { VideoUpload } from './video-upload';
import {
  containRect,
  coverCrop,
  sceneLayout,
  type CameraPlacement,
  type Rect,
  type SceneId,
  type SceneLayout,
} from './scene-geometry';

/** A still picture for the product PiP (an image, or a card drawn on a canvas), with its size. */
export interface ScenePicture {
  image: CanvasImageSource;
  width: number;
  height: number;
}

export type SceneSourceKind = 'camera2' | 'screen';

function uploadFor(track: MediaStreamTrack): VideoUpload {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  void video.play().catch(() => undefined);
  return new VideoUpload(video);
}

const ready = (v: HTMLVideoElement | null): v is HTMLVideoElement =>
  v !== null && v.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && v.videoWidth > 0;

export class SceneRenderer {
  private readonly videos: Record<SceneSourceKind, VideoUpload | null> = { camera2: null, screen: null };
  private readonly cam: VideoUpload;
  private product: ScenePicture | null = null;
  private snapshotCanvas: HTMLCanvasElement | null = null;
  private snapshotCtx: CanvasRenderingContext2D | null = null;

  constructor(private readonly camera: HTMLVideoElement) {
    this.cam = new VideoUpload(camera);
  }

  /** How camera frames reach the canvas: 'copy' (WebCodecs RGBA, no GPU) or 'draw' (drawImage). */
  get uploadPath(): 'copy' | 'draw' {
    return this.cam.path;
  }

  /** Draws from `track` for that source from the next frame on; null lets it go (the track stays the caller's). */
  setVideo(kind: SceneSourceKind, track: MediaStreamTrack | null): void {
    const old = this.videos[kind];
    if (old) {
      old.video.pause();
      old.video.srcObject = null;
      old.close();
    }
    this.videos[kind] = track ? uploadFor(track) : null;
  }

  setProduct(picture: ScenePicture | null): void {
    this.product = picture;
  }

  hasSource(kind: SceneSourceKind | 'product'): boolean {
    return kind === 'product' ? this.product !== null : this.videos[kind] !== null;
  }

  /** The layout `scene` has now, on a canvas of this size (sources not there yet fall back to the camera). */
  layout(scene: SceneId, canvas: { width: number; height: number }): SceneLayout {
    const cam = this.camera;
    const camera2 = this.videos.camera2?.video ?? null;
    const effective = scene === 'screen' && !ready(this.videos.screen?.video ?? null) ? 'camera' : scene;
    return sceneLayout(effective, {
      canvas,
      camera: { width: cam.videoWidth || canvas.width, height: cam.videoHeight || canvas.height },
      camera2Aspect: ready(camera2) ? camera2.videoWidth / camera2.videoHeight : undefined,
      productAspect: this.product ? this.product.width / this.product.height : undefined,
    });
  }

  /** Reads the current frames of the videos `layout` shows (before draw; see video-upload.ts). */
  async read(layout: SceneLayout): Promise<void> {
    const reads = [this.cam.read()];
    if (layout.main === 'screen' && this.videos.screen) reads.push(this.videos.screen.read());
    if (layout.pip?.source === 'camera2' && this.videos.camera2) reads.push(this.videos.camera2.read());
    await Promise.all(reads);
  }

  /** Draws `layout` on ctx (its canvas's size) from the frames read last; returns where the camera went. */
  draw(ctx: CanvasRenderingContext2D, layout: SceneLayout): CameraPlacement {
    const { width, height } = ctx.canvas;
    const full: Rect = { x: 0, y: 0, w: width, h: height };
    const screen = this.videos.screen;
    if (layout.main === 'screen' && screen && ready(screen.video)) {
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, width, height);
      const box = containRect(screen.width, screen.height, full);
      screen.draw(ctx, { x: 0, y: 0, w: screen.width, h: screen.height }, box);
    }
    this.cam.draw(ctx, layout.camera.crop, layout.camera.dest);
    if (layout.main === 'screen') this.frame(ctx, layout.camera.dest);
    const pip = layout.pip;
    const camera2 = this.videos.camera2;
    if (pip?.source === 'camera2' && camera2 && ready(camera2.video)) {
      camera2.draw(ctx, coverCrop(camera2.width, camera2.height, pip.rect), pip.rect);
      this.frame(ctx, pip.rect);
    } else if (pip?.source === 'product' && this.product) {
      const p = this.product;
      ctx.fillStyle = '#fff';
      ctx.fillRect(pip.rect.x, pip.rect.y, pip.rect.w, pip.rect.h);
      const box = containRect(p.width, p.height, pip.rect);
      ctx.drawImage(p.image, box.x, box.y, box.w, box.h);
      this.frame(ctx, pip.rect);
    }
    return layout.camera;
  }

  private frame(ctx: CanvasRenderingContext2D, r: Rect): void {
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.lineWidth = Math.max(2, Math.round(Math.min(ctx.canvas.width, ctx.canvas.height) / 240));
    ctx.strokeRect(r.x, r.y, r.w, r.h);
  }

  /**
   * Copies the camera's timestamp strip (the test pattern's top rows, core/media/timestamp-code) across the
   * top of the output, so viewers can read the latency in every scene and either way up: the cells are
   * proportional to the width, so stretching the strip keeps them readable.
   */
  drawTimestampStrip(ctx: CanvasRenderingContext2D): void {
    if (!ready(this.camera)) return;
    const { width, height } = ctx.canvas;
    const cam = this.cam;
    cam.draw(
      ctx,
      { x: 0, y: 0, w: cam.width, h: cam.height * CODE_STRIP_HEIGHT },
      { x: 0, y: 0, w: width, h: height * CODE_STRIP_HEIGHT },
    );
  }

  /** Keeps the canvas as it is now (the old scene's last frame) for the cross-fade: one copy per switch. */
  takeSnapshot(canvas: HTMLCanvasElement): void {
    if (!this.snapshotCanvas) {
      this.snapshotCanvas = document.createElement('canvas');
      this.snapshotCtx = this.snapshotCanvas.getContext('2d', { alpha: false });
    }
    const snap = this.snapshotCanvas;
    if (snap.width !== canvas.width || snap.height !== canvas.height) {
      snap.width = canvas.width;
      snap.height = canvas.height;
    }
    this.snapshotCtx?.drawImage(canvas, 0, 0);
  }

  /** Draws the snapshot over the new scene with `alpha` (1 - the fade's progress). */
  drawSnapshot(ctx: CanvasRenderingContext2D, alpha: number): void {
    const snap = this.snapshotCanvas;
    if (!snap || snap.width !== ctx.canvas.width || snap.height !== ctx.canvas.height) return;
    ctx.save();
    ctx.globalAlpha = alpha;
    ctx.drawImage(snap, 0, 0);
    ctx.restore();
  }

  close(): void {
    this.setVideo('camera2', null);
    this.setVideo('screen', null);
    this.cam.close();
    this.product = null;
    this.snapshotCanvas = null;
    this.snapshotCtx = null;
  }
}
