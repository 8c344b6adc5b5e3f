// The page side of the face tracker: starts the worker (face-tracker-worker.ts), which loads Human's face
// models from our origin, then turns each `track(image, t)` into one sequence-numbered request with a
// response timeout. Errors arrive as FaceTrackerError with a code; `close()` ends the worker and is safe twice.
import type { FaceFrame } from '../../../core/ar/face-types';
import { AR_MODELS_PATH, AR_WASM_PATH } from './face-tracker-assets';
import type {
  Envelope,
  FaceTrackerErrorCode,
  TrackImage,
  TrackerReady,
  TrackerReply,
  TrackerRequest,
  TrackerSettings,
} from './face-tracker-protocol';

export type { FaceTrackerErrorCode, TrackerReady } from './face-tracker-protocol';

export interface FaceTrackerOptions {
  /** Where the renderer is served from: models are under ar/models/, WASM under ar/wasm/. Default: the page's. */
  baseUrl?: string | URL;
  /** Default 1: the host. Each extra face costs one more mesh run per frame. */
  maxFaces?: number;
  /** Run the iris model too (478 landmarks, eye centres on the pupils). Default false: it costs ~20% more. */
  iris?: boolean;
  /** Longer side, px, frames are scaled to before tracking (landmarks stay in source px). Default 960. */
  maxInputSize?: number;
  /** Starting the worker and loading the models. Default 30 s. */
  startTimeoutMs?: number;
  /** One frame, including its wait behind the one being tracked. Default 5 s. */
  frameTimeoutMs?: number;
}

/**
 * The camera's current frame for the tracker. A VideoFrame only references the decoded frame, so the colour
 * conversion happens in the tracker's worker; createImageBitmap(video) converts it here, on the main thread,
 * inside a compositor frame (measured at 1280x720 on 2 cores without a GPU: 23 ms, vs 0.1 ms for a VideoFrame).
 */
export function grabTrackImage(video: HTMLVideoElement): Promise<TrackImage> {
  if (typeof VideoFrame === 'function') {
    try {
      return Promise.resolve(new VideoFrame(video));
    } catch {
      // No frame to reference yet (or a browser that cannot): the bitmap path below.
    }
  }
  return createImageBitmap(video);
}

export class FaceTrackerError extends Error {
  constructor(
    readonly code: FaceTrackerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FaceTrackerError';
  }
}

interface Pending {
  resolve(reply: TrackerReply): void;
  reject(error: FaceTrackerError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class FaceTracker {
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private closed = false;
  private failure: FaceTrackerError | null = null;
  private ready: TrackerReady | null = null;
  private lastMs: number | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly frameTimeoutMs: number,
  ) {
    worker.onmessage = (event: MessageEvent<Envelope<TrackerReply>>) => this.onReply(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.fail(new FaceTrackerError('worker-failed', `the face tracker worker failed: ${event.message}`));
    };
    worker.onmessageerror = () =>
      this.fail(new FaceTrackerError('worker-failed', 'a face tracker message could not be read'));
  }

  /** Starts the worker and loads the models; rejects with a FaceTrackerError ('models-missing', ...). */
  static async create(options: FaceTrackerOptions = {}): Promise<FaceTracker> {
    const base = new URL(options.baseUrl ?? import.meta.env.BASE_URL, location.href);
    const settings: TrackerSettings = {
      modelBaseUrl: new URL(AR_MODELS_PATH, base).href,
      wasmBaseUrl: new URL(AR_WASM_PATH, base).href,
      maxFaces: options.maxFaces ?? 1,
      iris: options.iris ?? false,
      maxInputSize: options.maxInputSize ?? 960,
    };
    const worker = new Worker(new URL('./face-tracker-worker.ts', import.meta.url), {
      type: 'module',
      name: 'face-tracker',
    });
    const tracker = new FaceTracker(worker, options.frameTimeoutMs ?? 5000);
    try {
      const reply = await tracker.request({ type: 'init', settings }, [], options.startTimeoutMs ?? 30_000);
      if (reply.type !== 'ready') throw new FaceTrackerError('init-failed', `unexpected reply ${reply.type}`);
      const { type: _type, ...ready } = reply;
      tracker.ready = ready;
      return tracker;
    } catch (error) {
      tracker.close();
      throw error;
    }
  }

  /** What the worker started with: backend ('wasm', or 'webgl' where a real GPU renders WebGL), SIMD, threads, the models, how long loading took. */
  get info(): TrackerReady {
    return this.ready as TrackerReady;
  }

  /** Time the worker spent on the last frame it tracked, ms (not counting transfer or queueing). */
  get lastTrackMs(): number | null {
    return this.lastMs;
  }

  /**
   * Tracks one frame captured at `t` (ms); the image is transferred to the worker (unusable here after).
   * Rejects with code 'superseded' when a newer frame replaced it in the worker's queue before it was tracked.
   */
  async track(image: TrackImage, t: number): Promise<FaceFrame> {
    const reply = await this.request({ type: 'track', image, t }, [image], this.frameTimeoutMs);
    if (reply.type !== 'frame')
      throw new FaceTrackerError('tracking-failed', `unexpected reply ${reply.type}`);
    this.lastMs = reply.ms;
    return reply.frame;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.terminate();
    this.rejectAll(new FaceTrackerError('closed', 'the face tracker was closed'));
  }

  private request(msg: TrackerRequest, transfer: Transferable[], timeoutMs: number): Promise<TrackerReply> {
    const refusal = this.closed
      ? new FaceTrackerError('closed', 'the face tracker was closed')
      : this.failure;
    if (refusal) {
      if (msg.type === 'track') msg.image.close();
      return Promise.reject(refusal);
    }
    const seq = ++this.seq;
    return new Promise<TrackerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(
          new FaceTrackerError('timeout', `the face tracker did not answer ${msg.type} in ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.pending.set(seq, { resolve, reject, timer });
      this.worker.postMessage({ seq, msg } satisfies Envelope<TrackerRequest>, transfer);
    });
  }

  private onReply({ seq, msg }: Envelope<TrackerReply>): void {
    const pending = this.pending.get(seq);
    if (!pending) return; // timed out already
    this.pending.delete(seq);
    clearTimeout(pending.timer);
    if (msg.type === 'error') pending.reject(new FaceTrackerError(msg.error.code, msg.error.message));
    else pending.resolve(msg);
  }

  private fail(error: FaceTrackerError): void {
    this.failure ??= error;
    this.rejectAll(error);
  }

  private rejectAll(error: FaceTrackerError): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }
}
