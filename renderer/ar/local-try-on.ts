// Try-on on this device only (the viewer's "Try it on"): the viewer's own camera into a compositor wearing the
// product. Nothing of it is sent anywhere; close() stops the camera.
import { ArCompositor, type CompositorOptions } from './compositor';
import { loadOverlay } from './overlays';

export interface LocalTryOnOptions extends CompositorOptions {
  width?: number;
  height?: number;
}

export class LocalTryOn {
  private closed = false;

  private constructor(
    private readonly camera: MediaStreamTrack,
    readonly compositor: ArCompositor,
  ) {}

  /** Opens the camera (the browser asks for permission) and starts drawing `assetId` on it. */
  static async start(assetId: string | null, options: LocalTryOnOptions = {}): Promise<LocalTryOn> {
    const overlay = assetId ? loadOverlay(assetId) : Promise.resolve(null);
    const stream = await navigator.mediaDevices.getUserMedia({
      video: {
        width: { ideal: options.width ?? 640 },
        height: { ideal: options.height ?? 480 },
        frameRate: { ideal: 30 },
        facingMode: 'user',
      },
      audio: false,
    });
    const camera = stream.getVideoTracks()[0]!;
    try {
      const compositor = new ArCompositor(camera, options);
      const session = new LocalTryOn(camera, compositor);
      compositor.setProduct(await overlay);
      return session;
    } catch (error) {
      camera.stop();
      throw error;
    }
  }

  /** The composited picture, for a preview element. */
  get stream(): MediaStream {
    return new MediaStream([this.compositor.track]);
  }

  async setProduct(assetId: string | null): Promise<void> {
    const overlay = await loadOverlay(assetId);
    if (!this.closed) this.compositor.setProduct(overlay);
  }

  /** Whether the camera is still open (for the UI and tests). */
  get cameraLive(): boolean {
    return this.camera.readyState === 'live';
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.compositor.close();
    this.camera.stop();
  }
}
