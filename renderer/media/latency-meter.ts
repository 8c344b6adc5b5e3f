// Reads the timestamp code (core/media/timestamp-code) off each frame a <video> presents and keeps the
// glass-to-glass latencies: how long from the host's canvas to this viewer's screen. readFrameTimestamp
// reads one frame's code (the replay page's test hook uses it on the recording).
import { CODE_STRIP_HEIGHT, readTimestamp } from '../../core/media/timestamp-code';

type VideoWithFrames = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: () => void) => number;
  cancelVideoFrameCallback?: (id: number) => void;
};

/**
 * The timestamp code on the frame `video` shows now (null: no frame, or no valid code in it). Only the strip
 * along the top is drawn into `canvas` and read.
 */
export function readFrameTimestamp(
  video: HTMLVideoElement,
  canvas: HTMLCanvasElement,
  ctx: CanvasRenderingContext2D,
): number | null {
  const vw = video.videoWidth;
  const vh = video.videoHeight;
  if (!vw || !vh) return null;
  const stripH = Math.max(4, Math.ceil(vh * CODE_STRIP_HEIGHT));
  canvas.width = vw;
  canvas.height = stripH;
  ctx.drawImage(video, 0, 0, vw, stripH, 0, 0, vw, stripH);
  const pixels = ctx.getImageData(0, 0, vw, stripH).data;
  // readTimestamp expects the whole frame's height to size the strip: pass the original height.
  return readTimestamp(pixels, vw, Math.floor(stripH / CODE_STRIP_HEIGHT));
}

export class LatencyMeter {
  private readonly samples: number[] = [];
  private readonly canvas = document.createElement('canvas');
  private readonly ctx = this.canvas.getContext('2d', { willReadFrequently: true })!;
  private handle: number | null = null;
  private stopped = false;

  constructor(
    private readonly video: VideoWithFrames,
    private readonly keep = 600,
  ) {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped || !this.video.requestVideoFrameCallback) return;
    this.handle = this.video.requestVideoFrameCallback(() => {
      this.measure();
      this.schedule();
    });
  }

  private measure(): void {
    const now = Date.now();
    const sent = readFrameTimestamp(this.video, this.canvas, this.ctx);
    if (sent === null) return;
    const latency = now - sent;
    if (latency < 0 || latency > 10_000) return;
    this.samples.push(latency);
    if (this.samples.length > this.keep) this.samples.shift();
  }

  /** Recent latencies in ms, oldest first. */
  recent(): number[] {
    return [...this.samples];
  }

  percentile(p: number): number | null {
    if (this.samples.length === 0) return null;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  }

  stop(): void {
    this.stopped = true;
    if (this.handle !== null) this.video.cancelVideoFrameCallback?.(this.handle);
  }
}
