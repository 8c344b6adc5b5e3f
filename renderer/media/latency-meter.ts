// Reads the timestamp code (core/media/timestamp-code) off each frame a <video> presents and keeps the
// glass-to-glass latencies: how long from the host's canvas to this viewer's screen.
import { CODE_STRIP_HEIGHT, readTimestamp } from '../../core/media/timestamp-code';

type VideoWithFrames = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: () => void) => number;
  cancelVideoFrameCallback?: (id: number) => void;
};

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
    const vw = this.video.videoWidth;
    const vh = this.video.videoHeight;
    if (!vw || !vh) return;
    const now = Date.now();
    const stripH = Math.max(4, Math.ceil(vh * CODE_STRIP_HEIGHT));
    this.canvas.width = vw;
    this.canvas.height = stripH;
    this.ctx.drawImage(this.video, 0, 0, vw, stripH, 0, 0, vw, stripH);
    const pixels = this.ctx.getImageData(0, 0, vw, stripH).data;
    // readTimestamp expects the whole frame's height to size the strip: pass the original height.
    const padded = { width: vw, height: stripH / CODE_STRIP_HEIGHT };
    const sent = readTimestamp(pixels, padded.width, Math.floor(padded.height));
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
