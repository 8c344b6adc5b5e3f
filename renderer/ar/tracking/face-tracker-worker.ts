// The face tracker's module worker: Human (BlazeFace + FaceMesh, optionally the iris model, everything else off)
// on TensorFlow.js's WASM backend, models and binaries from our own origin. It takes VideoFrames or ImageBitmaps
// (transferred) and answers FaceFrames. One frame is worked on at a time and at most one waits: a newer frame replaces the
// waiting one, which is answered 'superseded', so a slow tracker never builds a backlog of stale frames.
import { Human, type Config, type FaceResult } from '@vladmandic/human';
import { estimateRotation } from '../../../core/ar/anchors';
import { MESH_LANDMARK_COUNT, type FaceFrame, type TrackedFace } from '../../../core/ar/face-types';
import { isYuvFormat, yuvToRgba } from '../../../core/media/yuv-to-rgba';
import { gpuRenderer } from '../gpu-probe';
import { FACE_MODEL_FILES, WASM_FILES } from './face-tracker-assets';
import {
  trackImageSize,
  type Envelope,
  type FaceTrackerErrorCode,
  type SerializedError,
  type TrackImage,
  type TrackerReply,
  type TrackerRequest,
  type TrackerSettings,
} from './face-tracker-protocol';

/** The part of a dedicated worker's global scope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(message: Envelope<TrackerReply>, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<Envelope<TrackerRequest>>) => void): void;
  crossOriginIsolated?: boolean;
}

/** The few TensorFlow.js calls used, on Human's bundled copy (typed `any` by Human). */
interface Tf {
  browser: { fromPixels(pixels: ImageData): unknown };
  dispose(tensor: unknown): void;
  getBackend(): string;
  env(): { getAsync(flag: string): Promise<unknown> };
  io: {
    http(url: string): unknown;
    registerLoadRouter(router: (url: unknown) => unknown): void;
  };
}

const scope = self as unknown as WorkerScope;

class TrackerFailure extends Error {
  constructor(
    readonly code: FaceTrackerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FaceTrackerError';
  }
}

function serialize(error: unknown, code: FaceTrackerErrorCode): SerializedError {
  if (error instanceof TrackerFailure) return { code: error.code, name: error.name, message: error.message };
  if (error instanceof Error) return { code, name: error.name, message: error.message };
  return { code, name: 'Error', message: String(error) };
}

function reply(seq: number, msg: TrackerReply, transfer: Transferable[] = []): void {
  scope.postMessage({ seq, msg }, transfer);
}

interface Job {
  seq: number;
  image: TrackImage;
  t: number;
}

let human: Human | null = null;
let tf: Tf | null = null;
let settings: TrackerSettings | null = null;
let busy = false;
let waiting: Job | null = null;
let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;
let yuvBuffer: Uint8Array | null = null;
let pixelsOut: ImageData | null = null;

scope.addEventListener('message', (event) => {
  const { seq, msg } = event.data;
  if (msg.type === 'init') void init(seq, msg.settings);
  else if (msg.type === 'track') enqueue({ seq, image: msg.image, t: msg.t });
});

function humanConfig(s: TrackerSettings, backend: 'wasm' | 'webgl'): Partial<Config> {
  return {
    backend,
    wasmPath: s.wasmBaseUrl,
    modelBasePath: s.modelBaseUrl,
    // Served from our origin: the IndexedDB copy would only go stale after an upgrade.
    cacheModels: false,
    debug: false,
    warmup: 'none',
    // Image filters run on WebGL, which is software-rendered (unusably slow) without a GPU.
    filter: { enabled: false, autoBrightness: false, return: false },
    gesture: { enabled: false },
    face: {
      enabled: true,
      // The detector runs on the first frame and then every few seconds or when the face is lost; between
      // those the mesh follows the face from its own last box (Human's skipFrames / skipTime).
      detector: { maxDetected: s.maxFaces, rotation: false, return: false },
      mesh: { enabled: true },
      iris: { enabled: s.iris },
      attention: { enabled: false },
      emotion: { enabled: false },
      description: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
  };
}

/** Human logs and carries on when a model is missing; we want a clear error before it starts. */
async function checkAssets(s: TrackerSettings, threads: boolean): Promise<void> {
  const models = FACE_MODEL_FILES.filter((f) => s.iris || !f.startsWith('iris.'));
  const wasm = WASM_FILES.filter((f) => threads || !f.includes('threaded'));
  const urls = [
    ...models.map((f) => new URL(f, s.modelBaseUrl)),
    ...wasm.map((f) => new URL(f, s.wasmBaseUrl)),
  ];
  const missing: string[] = [];
  await Promise.all(
    urls.map(async (url) => {
      try {
        const res = await fetch(url, { method: 'HEAD', cache: 'no-store' });
        if (!res.ok) missing.push(`${url.pathname} (HTTP ${res.status})`);
      } catch (error) {
        missing.push(`${url.pathname} (${(error as Error).message})`);
      }
    }),
  );
  if (missing.length) {
    throw new TrackerFailure(
      'models-missing',
      `AR face tracking files are missing on ${new URL(s.modelBaseUrl).origin}: ${missing.sort().join(', ')}. ` +
        'The renderer build copies them from node_modules (npm run build).',
    );
  }
}

/** Without this check a CSP that blocks WebAssembly only shows as Human falling back to another backend. */
function checkWebAssembly(): void {
  try {
    new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  } catch (error) {
    throw new TrackerFailure(
      'init-failed',
      `WebAssembly cannot be compiled here (${(error as Error).message}): the page's Content-Security-Policy ` +
        "needs 'wasm-unsafe-eval' in script-src",
    );
  }
}

async function init(seq: number, s: TrackerSettings): Promise<void> {
  if (human) {
    reply(seq, { type: 'error', error: { code: 'init-failed', name: 'Error', message: 'already started' } });
    return;
  }
  try {
    const started = performance.now();
    checkWebAssembly();
    await checkAssets(s, scope.crossOriginIsolated === true);
    const backend = gpuRenderer() ? 'webgl' : 'wasm';
    const h = new Human(humanConfig(s, backend));
    const hTf = h.tf as Tf;
    // tfjs only knows how to fetch models from http(s) URLs; Electron serves the renderer from app://.
    const scheme = new URL(s.modelBaseUrl).protocol;
    if (scheme !== 'http:' && scheme !== 'https:') {
      hTf.io.registerLoadRouter((url) =>
        typeof url === 'string' && url.startsWith(scheme) ? hTf.io.http(url) : null,
      );
    }
    await h.init();
    // With a GPU, Human may fall back to WASM if WebGL fails to start; without one, WASM is the only option.
    const running = hTf.getBackend();
    if (running !== 'wasm' && !(backend === 'webgl' && running === 'webgl')) {
      throw new TrackerFailure('init-failed', `the ${backend} backend did not start (got ${running})`);
    }
    await h.load();
    const loaded = h.models.loaded();
    const needed = ['blazeface', 'facemesh', ...(s.iris ? ['iris'] : [])];
    const notLoaded = needed.filter((m) => !loaded.some((name) => name.toLowerCase().includes(m)));
    if (notLoaded.length) {
      throw new TrackerFailure('init-failed', `face models did not load: ${notLoaded.join(', ')}`);
    }
    const env = hTf.env();
    const simd = (await env.getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    const threads = (await env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
    human = h;
    tf = hTf;
    settings = s;
    reply(seq, {
      type: 'ready',
      backend: hTf.getBackend(),
      simd,
      threads,
      models: loaded,
      loadMs: performance.now() - started,
    });
  } catch (error) {
    reply(seq, { type: 'error', error: serialize(error, 'init-failed') });
  }
}

function enqueue(job: Job): void {
  if (!human) {
    job.image.close();
    reply(job.seq, {
      type: 'error',
      error: { code: 'not-ready', name: 'FaceTrackerError', message: 'the tracker has not started' },
    });
    return;
  }
  if (busy) {
    if (waiting) {
      waiting.image.close();
      reply(waiting.seq, {
        type: 'error',
        error: { code: 'superseded', name: 'FaceTrackerError', message: 'a newer frame replaced this one' },
      });
    }
    waiting = job;
    return;
  }
  busy = true;
  void run(job);
}

async function run(job: Job): Promise<void> {
  try {
    const { frame, ms } = await trackFrame(job);
    reply(
      job.seq,
      { type: 'frame', frame, ms },
      frame.faces.map((f) => f.landmarks.buffer as ArrayBuffer),
    );
  } catch (error) {
    reply(job.seq, { type: 'error', error: serialize(error, 'tracking-failed') });
  } finally {
    job.image.close();
  }
  // Tracking never yields to the event loop (the WASM backend resolves in microtasks), so the frames sent
  // meanwhile are still queued as messages: let them in first, where each replaces the one waiting, and only
  // then take the newest.
  setTimeout(() => {
    const next = waiting;
    waiting = null;
    if (next) void run(next);
    else busy = false;
  }, 0);
}

/**
 * The image's RGBA pixels at w x h. A camera's YUV VideoFrame is copied out and converted here, off the page's
 * main thread (core/media/yuv-to-rgba); anything else (an ImageBitmap, an RGB or GPU-backed frame) is drawn
 * into a canvas and read back.
 */
async function toPixels(image: TrackImage, w: number, h: number): Promise<ImageData> {
  if (!pixelsOut || pixelsOut.width !== w || pixelsOut.height !== h) pixelsOut = new ImageData(w, h);
  if ('format' in image && isYuvFormat(image.format)) {
    const size = image.allocationSize();
    if (!yuvBuffer || yuvBuffer.length < size) yuvBuffer = new Uint8Array(size);
    const planes = await image.copyTo(yuvBuffer);
    const { width, height } = image.visibleRect ?? { width: image.codedWidth, height: image.codedHeight };
    yuvToRgba(
      {
        data: yuvBuffer,
        format: image.format,
        planes,
        width,
        height,
        matrix: image.colorSpace.matrix,
        fullRange: image.colorSpace.fullRange,
      },
      pixelsOut.data,
      w,
      h,
    );
    return pixelsOut;
  }
  if (!canvas || !context || canvas.width !== w || canvas.height !== h) {
    canvas = new OffscreenCanvas(w, h);
    context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new TrackerFailure('tracking-failed', 'no 2D canvas in the worker');
  }
  context.drawImage(image, 0, 0, w, h);
  return context.getImageData(0, 0, w, h);
}

async function trackFrame(job: Job): Promise<{ frame: FaceFrame; ms: number }> {
  const h = human as Human;
  const t = tf as Tf;
  const s = settings as TrackerSettings;
  const started = performance.now();
  const { width, height } = trackImageSize(job.image);
  if (!width || !height) throw new TrackerFailure('tracking-failed', 'empty frame');
  // A large frame is scaled down first: the models see 128-256 px crops anyway, and copying the pixels of a
  // 1080p frame costs more than tracking it.
  const scale = Math.min(1, s.maxInputSize / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const hgt = Math.max(1, Math.round(height * scale));
  const pixels = await toPixels(job.image, w, hgt);
  job.image.close();
  const input = t.browser.fromPixels(pixels);
  let faces: FaceResult[];
  try {
    const result = await h.detect(input as Parameters<Human['detect']>[0]);
    if (result.error) throw new TrackerFailure('tracking-failed', result.error);
    faces = result.face;
  } finally {
    t.dispose(input);
  }
  const sx = width / w;
  const sy = height / hgt;
  return {
    frame: {
      t: job.t,
      width,
      height,
      faces: faces.filter((f) => f.mesh.length >= MESH_LANDMARK_COUNT).map((f) => toTrackedFace(f, sx, sy)),
    },
    ms: performance.now() - started,
  };
}

function toTrackedFace(face: FaceResult, sx: number, sy: number): TrackedFace {
  const landmarks = new Float32Array(face.mesh.length * 3);
  face.mesh.forEach((p, i) => {
    landmarks[i * 3] = p[0] * sx;
    landmarks[i * 3 + 1] = p[1] * sy;
    landmarks[i * 3 + 2] = (p[2] ?? 0) * sx;
  });
  const [x, y, width, height] = face.box;
  const angle = face.rotation?.angle;
  return {
    landmarks,
    box: { x: x * sx, y: y * sy, width: width * sx, height: height * sy },
    score: face.score,
    rotation: angle ? { roll: angle.roll, yaw: angle.yaw, pitch: angle.pitch } : estimateRotation(landmarks),
  };
}
