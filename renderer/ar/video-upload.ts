// How a <video>'s current frame gets into the compositor's canvas. With a GPU, drawImage(video) is a texture
// draw. Without one (a software canvas), Chromium converts the YUV frame to RGB pixel by pixel inside
// drawImage: about 12 ms for a 1280x720 frame on a 2-core CPU, the largest part of a compositor frame.
// VideoFrame.copyTo with format 'RGBA' does the same conversion with libyuv in about 1 ms; the pixels then go in
// with putImageData (a plain copy) where the frame lands 1:1 on the canvas, or through a staging canvas where it
// is cropped or scaled (a canvas-to-canvas draw of RGB pixels). `npm run bench -- ar` measures both paths at
// 720p in one run (README, "Scenes and portrait streams").
import { hasGpu } from './gpu-probe';
import type { Rect } from './scene-geometry';

type Mode = 'copy' | 'draw';

/** A frame copy that takes longer than this is abandoned (it resolves in about 1 ms where it is used). */
const READ_TIMEOUT_MS = 250;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

let defaultMode: Mode | undefined;

/** 'copy' without a GPU where WebCodecs can convert to RGBA, else 'draw'. Overridable for tests (?upload=). */
function pickMode(): Mode {
  if (defaultMode) return defaultMode;
  const asked = new URLSearchParams(globalThis.location?.search ?? '').get('upload');
  if (asked === 'copy' || asked === 'draw') defaultMode = asked;
  else defaultMode = typeof VideoFrame === 'function' && !hasGpu() ? 'copy' : 'draw';
  return defaultMode;
}

export class VideoUpload {
  private mode: Mode = pickMode();
  private image: ImageData | null = null;
  private stage: HTMLCanvasElement | null = null;
  private stageCtx: CanvasRenderingContext2D | null = null;
  private staged = false;
  /** Whether the last read() holds the current frame (false: draw the <video> itself). */
  private fresh = false;

  constructor(readonly video: HTMLVideoElement) {}

  /** 'copy' or 'draw': how this source's frames reach the canvas now. */
  get path(): Mode {
    return this.mode;
  }

  /**
   * Reads the video's current frame (copy mode). Never rejects: on any failure the frame is drawn from the
   * <video> instead, and a browser that cannot convert to RGBA stays on that path.
   */
  async read(): Promise<void> {
    this.fresh = false;
    this.staged = false;
    if (this.mode !== 'copy') return;
    const v = this.video;
    let frame: VideoFrame;
    try {
      frame = new VideoFrame(v);
    } catch {
      return; // no frame yet: this frame draws the <video>
    }
    try {
      const { width, height } = frame.visibleRect ?? { width: frame.codedWidth, height: frame.codedHeight };
      if (!this.image || this.image.width !== width || this.image.height !== height)
        this.image = new ImageData(width, height);
      const planes = await withTimeout(
        frame.copyTo(this.image.data, { format: 'RGBA', colorSpace: 'srgb' }),
        READ_TIMEOUT_MS,
      );
      // A browser that ignores the format option copies the YUV planes instead: never show those. A copy
      // that does not finish in time (null) would hold up every frame after it: drawImage from then on.
      if (!planes || planes.length !== 1 || planes[0]!.stride !== width * 4) {
        this.mode = 'draw';
        return;
      }
      this.fresh = true;
    } catch {
      this.mode = 'draw';
    } finally {
      frame.close();
    }
  }

  /** The frame's size in pixels (of the last read frame, else the video's). */
  get width(): number {
    return this.fresh ? this.image!.width : this.video.videoWidth;
  }

  get height(): number {
    return this.fresh ? this.image!.height : this.video.videoHeight;
  }

  /** Draws the `crop` of the frame into `dest` (ctx's canvas pixels), as drawImage(video, crop, dest) would. */
  draw(ctx: CanvasRenderingContext2D, crop: Rect, dest: Rect): void {
    if (!this.fresh) {
      ctx.drawImage(this.video, crop.x, crop.y, crop.w, crop.h, dest.x, dest.y, dest.w, dest.h);
      return;
    }
    const image = this.image!;
    const whole = crop.x === 0 && crop.y === 0 && crop.w === image.width && crop.h === image.height;
    const oneToOne =
      whole && dest.w === image.width && dest.h === image.height && Number.isInteger(dest.x + dest.y);
    // putImageData ignores alpha, clip and transform: only for an unclipped, opaque 1:1 copy.
    if (oneToOne && ctx.globalAlpha === 1 && ctx.getTransform().isIdentity) {
      ctx.putImageData(image, dest.x, dest.y);
      return;
    }
    ctx.drawImage(this.stageFrame(), crop.x, crop.y, crop.w, crop.h, dest.x, dest.y, dest.w, dest.h);
  }

  /** The last read frame on a canvas of its own (put there once per frame), to crop and scale from. */
  private stageFrame(): HTMLCanvasElement {
    const image = this.image!;
    if (!this.stage) {
      this.stage = document.createElement('canvas');
      this.stageCtx = this.stage.getContext('2d', { alpha: false });
    }
    if (this.stage.width !== image.width || this.stage.height !== image.height) {
      this.stage.width = image.width;
      this.stage.height = image.height;
      this.staged = false;
    }
    if (!this.staged) {
      this.stageCtx!.putImageData(image, 0, 0);
      this.staged = true;
    }
    return this.stage;
  }

  close(): void {
    this.image = null;
    this.stage = null;
    this.stageCtx = null;
    this.fresh = false;
  }
}
