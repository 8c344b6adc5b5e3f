// AR face tracking in real headless Chromium: FaceTracker and its module worker, built by Vite from the real
// sources, load Human's models and the WASM backend from the shipped dist/renderer/ar/ under the app's real
// Content-Security-Policy, and track real photos (face-api's demo samples). The anchors and the smoother run
// on what the browser tracked.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build, type Rollup } from 'vite';
import {
  anchorsFromLandmarks,
  estimateRotation,
  landmarkPoint,
  LEFT_EYE_CONTOUR,
  LIPS_INNER,
  LIPS_OUTER,
  RIGHT_EYE_CONTOUR,
  type FaceAnchors,
} from '../../core/ar/anchors';
import { FaceSmoother } from '../../core/ar/face-smoother';
import type { FaceBox, FaceFrame, FaceRotation, Point } from '../../core/ar/face-types';
import type { FaceTracker } from '../../renderer/ar/tracking/face-tracker';
import { buildCsp } from '../../core/security/csp';
import { RENDERER_OUT, ROOT } from '../../scripts/lib/paths';
import { expect, test } from './fixtures';

const HARNESS_DIR = path.join(ROOT, 'test-results', 'ar-tracking-harness');
const SAMPLES_DIR = path.join(ROOT, 'node_modules/@vladmandic/face-api/demo');
const SAMPLES = [1, 2, 3, 4, 5, 6].map((n) => `sample${n}.jpg`);
/** Anchors must sit this close (a fraction of the face width) to the landmarks they are read from. */
const TOLERANCE = 0.03;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.jpg': 'image/jpeg',
  '.bin': 'application/octet-stream',
  '.map': 'application/json',
};

/** What the harness page puts on window (typed here; the page code below runs in the browser). */
interface Harness {
  FaceTracker: typeof FaceTracker;
}

/** What the page answers per tracked image (typed arrays become plain arrays on the way out). */
interface TrackedImage {
  name: string;
  width: number;
  height: number;
  faces: { landmarks: number[]; box: FaceBox; score: number; rotation: FaceRotation }[];
  /** Worker-side ms per run: the first runs the detector and the mesh, later ones only the mesh. */
  workerMs: number[];
}

function toFrame(image: TrackedImage, t: number): FaceFrame {
  return {
    t,
    width: image.width,
    height: image.height,
    faces: image.faces.map((f) => ({ ...f, landmarks: Float32Array.from(f.landmarks) })),
  };
}

/** Builds a page entry that exposes FaceTracker, with the same Vite and worker handling as the app build. */
async function buildHarness(): Promise<string> {
  rmSync(HARNESS_DIR, { recursive: true, force: true });
  const src = path.join(HARNESS_DIR, 'src');
  mkdirSync(src, { recursive: true });
  const tracker = path.relative(src, path.join(ROOT, 'renderer/ar/tracking/face-tracker.ts'));
  writeFileSync(
    path.join(src, 'harness.js'),
    `import { FaceTracker } from '${tracker.split(path.sep).join('/')}';\nwindow.arHarness = { FaceTracker };\n`,
  );
  const output = (await build({
    configFile: false,
    root: src,
    base: '/',
    logLevel: 'error',
    build: {
      outDir: path.join(HARNESS_DIR, 'out'),
      emptyOutDir: true,
      rollupOptions: { input: { harness: path.join(src, 'harness.js') } },
    },
  })) as Rollup.RollupOutput;
  const entry = output.output.find((o) => o.type === 'chunk' && o.isEntry);
  if (!entry) throw new Error('harness build produced no entry chunk');
  return entry.fileName;
}

/**
 * One origin like the studio host's: the harness page and bundle, the shipped model and WASM files from
 * dist/renderer/ar/, the sample photos; every response with the app's CSP and security headers.
 */
function serve(entry: string, csp = buildCsp()): Promise<{ url: string; close(): Promise<void> }> {
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>AR tracking</title>
<link rel="icon" href="data:,"><script type="module" src="/${entry}"></script></head><body></body></html>`;
  const server = http.createServer((req, res) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (pathname === '/') {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(page);
      return;
    }
    let file: string | null = null;
    if (pathname.startsWith('/ar/')) file = path.join(RENDERER_OUT, pathname);
    else if (pathname.startsWith('/assets/')) file = path.join(HARNESS_DIR, 'out', pathname);
    else if (pathname.startsWith('/samples/')) file = path.join(SAMPLES_DIR, path.basename(pathname));
    if (!file || file.includes('..') || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function mean(landmarks: Float32Array, indices: number[]): Point {
  const ps = indices.map((i) => landmarkPoint(landmarks, i));
  return { x: ps.reduce((s, p) => s + p.x, 0) / ps.length, y: ps.reduce((s, p) => s + p.y, 0) / ps.length };
}

/** Intersection over union. */
function overlap(a: FaceBox, b: FaceBox): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  return (w * h) / (a.width * a.height + b.width * b.height - w * h);
}

function inside(p: Point, box: FaceBox, margin: number): boolean {
  return (
    p.x >= box.x - margin &&
    p.x <= box.x + box.width + margin &&
    p.y >= box.y - margin &&
    p.y <= box.y + box.height + margin
  );
}

test.describe('AR face tracking', () => {
  let site: { url: string; close(): Promise<void> };
  /** The same files under a CSP without 'wasm-unsafe-eval'. */
  let noWasmSite: { url: string; close(): Promise<void> };

  test.beforeAll(async () => {
    test.setTimeout(60_000);
    const entry = await buildHarness();
    site = await serve(entry);
    noWasmSite = await serve(entry, buildCsp().replace(" 'wasm-unsafe-eval'", ''));
  });

  test.afterAll(async () => {
    await site?.close();
    await noWasmSite?.close();
  });

  test('finds the faces in real photos and the anchors sit on the landmarks they come from', async ({
    page,
    consoleErrors,
  }) => {
    test.setTimeout(90_000);
    await page.goto(site.url);
    await page.waitForFunction(() => 'arHarness' in window);
    const { info, images } = await page.evaluate(async (samples) => {
      const { FaceTracker } = (window as unknown as { arHarness: Harness }).arHarness;
      const tracker = await FaceTracker.create({ maxFaces: 4 });
      const images: TrackedImage[] = [];
      let t = 0;
      for (const name of samples) {
        const blob = await (await fetch(`/samples/${name}`)).blob();
        const workerMs: number[] = [];
        let frame: FaceFrame | null = null;
        for (let run = 0; run < 3; run++) {
          frame = await tracker.track(await createImageBitmap(blob), (t += 80));
          workerMs.push(tracker.lastTrackMs ?? NaN);
        }
        images.push({
          name,
          width: frame!.width,
          height: frame!.height,
          faces: frame!.faces.map((f) => ({ ...f, landmarks: Array.from(f.landmarks) })),
          workerMs,
        });
      }
      const info = tracker.info;
      tracker.close();
      tracker.close();
      return { info, images };
    }, SAMPLES);

    console.log(
      `AR tracking: backend ${info.backend}, SIMD ${info.simd}, threads ${info.threads}, models loaded in ` +
        `${info.loadMs.toFixed(0)} ms`,
    );
    for (const image of images) {
      console.log(
        `  ${image.name} ${image.width}x${image.height}: ${image.faces.length} face(s), ` +
          `${image.workerMs[0]!.toFixed(0)} ms first frame (detector + mesh), ` +
          `${((image.workerMs[1]! + image.workerMs[2]!) / 2).toFixed(0)} ms next frames (mesh only)`,
      );
    }
    expect(info.backend).toBe('wasm');
    expect(info.simd).toBe(true);

    for (const image of images) {
      expect(image.faces.length, image.name).toBeGreaterThanOrEqual(1);
      // Different people, not one face found twice.
      image.faces.forEach((f, i) =>
        image.faces.slice(i + 1).forEach((g) => expect(overlap(f.box, g.box), image.name).toBeLessThan(0.3)),
      );
      for (const face of image.faces) {
        const l = Float32Array.from(face.landmarks);
        expect(l.length).toBe(468 * 3);
        const a: FaceAnchors = anchorsFromLandmarks(l, face.rotation);
        const tol = TOLERANCE * a.faceWidth;
        const near = (p: Point, q: Point, what: string) =>
          expect(distance(p, q), `${image.name} ${what}`).toBeLessThanOrEqual(tol);
        near(a.leftEyeOuter, landmarkPoint(l, 263), 'left eye outer');
        near(a.rightEyeOuter, landmarkPoint(l, 33), 'right eye outer');
        near(a.leftEyeCenter, mean(l, LEFT_EYE_CONTOUR), 'left eye centre');
        near(a.rightEyeCenter, mean(l, RIGHT_EYE_CONTOUR), 'right eye centre');
        near(a.noseBridge, landmarkPoint(l, 168), 'nose bridge');
        near(a.noseTip, landmarkPoint(l, 1), 'nose tip');
        a.lipsOuter.forEach((p, i) => near(p, landmarkPoint(l, LIPS_OUTER[i]!), `outer lip ${i}`));
        a.lipsInner.forEach((p, i) => near(p, landmarkPoint(l, LIPS_INNER[i]!), `inner lip ${i}`));

        // On the face: every eye, nose and lip anchor inside the tracked face box.
        const margin = 0.02 * a.faceWidth;
        const points = [
          a.leftEyeOuter,
          a.rightEyeOuter,
          a.leftEyeCenter,
          a.rightEyeCenter,
          a.noseBridge,
          a.noseTip,
          ...a.lipsOuter,
          ...a.lipsInner,
        ];
        for (const p of points) expect(inside(p, face.box, margin), `${image.name} in box`).toBe(true);
        // Temple to temple is about half of Human's box, which also takes in the hair and the neck.
        expect(a.faceWidth).toBeGreaterThan(0.35 * face.box.width);
        expect(a.faceWidth).toBeLessThan(0.8 * face.box.width);

        // In face order, along the face's own vertical axis: eyes, then nose tip, then lips, then chin.
        const down = { x: -Math.sin(a.roll), y: Math.cos(a.roll) };
        const depth = (p: Point) => p.x * down.x + p.y * down.y;
        const lips = depth(mean(l, LIPS_OUTER));
        expect(depth(a.forehead)).toBeLessThan(depth(a.noseBridge));
        expect(depth(a.leftEyeCenter)).toBeLessThan(depth(a.noseTip));
        expect(depth(a.noseTip)).toBeLessThan(lips);
        expect(lips).toBeLessThan(depth(a.chin));
        // The subject's left eye is on the image right (these photos are not mirrored).
        const right = { x: Math.cos(a.roll), y: Math.sin(a.roll) };
        const across = (p: Point) => p.x * right.x + p.y * right.y;
        expect(across(a.leftEyeOuter)).toBeGreaterThan(across(a.rightEyeOuter));
        // The 2D yaw estimate (for sources without the tracker's) agrees with the tracker's.
        const estimated = estimateRotation(l);
        expect(Math.abs(estimated.yaw - face.rotation.yaw), `${image.name} yaw`).toBeLessThan(0.2);
        expect(Math.abs(estimated.roll - face.rotation.roll), `${image.name} roll`).toBeLessThan(0.25);
        if (Math.abs(face.rotation.yaw) > 0.15) {
          expect(Math.sign(estimated.yaw), `${image.name} yaw sign`).toBe(Math.sign(face.rotation.yaw));
        }
      }
    }
    expect(consoleErrors).toEqual([]);
  });

  test('an image without a face gives no face, and the smoother lets the face go after its timeout', async ({
    page,
    consoleErrors,
  }) => {
    test.setTimeout(60_000);
    await page.goto(site.url);
    await page.waitForFunction(() => 'arHarness' in window);
    const { live, images } = await page.evaluate(async () => {
      const { FaceTracker } = (window as unknown as { arHarness: Harness }).arHarness;
      const tracker = await FaceTracker.create();
      const toImage = (frame: FaceFrame, name: string): TrackedImage => ({
        name,
        width: frame.width,
        height: frame.height,
        faces: frame.faces.map((f) => ({ ...f, landmarks: Array.from(f.landmarks) })),
        workerMs: [tracker.lastTrackMs ?? NaN],
      });
      // A webcam-sized frame (the photo at 640 px wide, as the compositor sends it): one detector run, then
      // the mesh alone follows the face, as in a live stream.
      const photo = await createImageBitmap(await (await fetch('/samples/sample1.jpg')).blob());
      const camera = new OffscreenCanvas(640, Math.round((640 * photo.height) / photo.width));
      camera.getContext('2d')!.drawImage(photo, 0, 0, camera.width, camera.height);
      const live: number[] = [];
      let last: FaceFrame | null = null;
      for (let i = 0; i < 6; i++) {
        last = await tracker.track(await createImageBitmap(camera), -1000 + i);
        live.push(tracker.lastTrackMs ?? NaN);
      }
      const out: TrackedImage[] = [];
      out.push(toImage(await tracker.track(await createImageBitmap(photo), 0), 'sample1.jpg'));
      // No face: a flat wall, then camera-like noise (seeded, so the test is repeatable).
      const canvas = new OffscreenCanvas(640, 480);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#8a9ba8';
      ctx.fillRect(0, 0, 640, 480);
      out.push(toImage(await tracker.track(await createImageBitmap(canvas), 80), 'flat'));
      const noise = ctx.createImageData(640, 480);
      let seed = 12345;
      for (let i = 0; i < noise.data.length; i += 4) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        noise.data[i] = seed & 255;
        noise.data[i + 1] = (seed >>> 8) & 255;
        noise.data[i + 2] = (seed >>> 16) & 255;
        noise.data[i + 3] = 255;
      }
      ctx.putImageData(noise, 0, 0);
      for (const t of [160, 240, 320, 400]) {
        out.push(toImage(await tracker.track(await createImageBitmap(canvas), t), 'noise'));
      }
      tracker.close();
      return {
        live: { ms: live, faces: last!.faces.length, width: camera.width, height: camera.height },
        images: out,
      };
    });
    const steady = live.ms.slice(1).reduce((a, b) => a + b, 0) / (live.ms.length - 1);
    console.log(
      `AR tracking, ${live.width}x${live.height} camera-sized frame, 1 face: ${live.ms[0]!.toFixed(0)} ms ` +
        `first frame (detector + mesh), ${steady.toFixed(0)} ms/frame after (mesh only; ` +
        `${live.ms.map((m) => m.toFixed(0)).join(', ')})`,
    );
    expect(live.faces).toBe(1);
    const [withFace, ...empty] = images;
    expect(withFace!.faces.length).toBeGreaterThanOrEqual(1);
    for (const image of empty) expect(image.faces, image.name).toEqual([]);

    const smoother = new FaceSmoother();
    smoother.push(toFrame(withFace!, 0));
    expect(smoother.at(40)).not.toBeNull();
    empty.forEach((image, i) => smoother.push(toFrame(image, 80 * (i + 1))));
    // Still drawn across a short miss (a blink, motion blur), gone once no face was seen for 300 ms.
    expect(smoother.at(250)).not.toBeNull();
    expect(smoother.at(320)).toBeNull();
    expect(smoother.at(480)).toBeNull();
    expect(consoleErrors).toEqual([]);
  });

  test('missing model files give a clear error, not a tracker that silently finds nothing', async ({
    page,
  }) => {
    await page.goto(site.url);
    await page.waitForFunction(() => 'arHarness' in window);
    const error = await page.evaluate(async () => {
      const { FaceTracker } = (window as unknown as { arHarness: Harness }).arHarness;
      try {
        await FaceTracker.create({ baseUrl: '/not-there/' });
        return null;
      } catch (e) {
        return { code: (e as { code?: string }).code, message: (e as Error).message };
      }
    });
    expect(error?.code).toBe('models-missing');
    expect(error?.message).toContain('/not-there/ar/models/blazeface.json (HTTP 404)');
  });

  test('a Content-Security-Policy that blocks WebAssembly is named in the error', async ({ page }) => {
    await page.goto(noWasmSite.url);
    await page.waitForFunction(() => 'arHarness' in window);
    const error = await page.evaluate(async () => {
      const { FaceTracker } = (window as unknown as { arHarness: Harness }).arHarness;
      return FaceTracker.create().then(
        () => null,
        (e: Error & { code?: string }) => ({ code: e.code, message: e.message }),
      );
    });
    expect(error?.code).toBe('init-failed');
    expect(error?.message).toContain("'wasm-unsafe-eval'");
  });

  test('one frame in flight: a waiting frame is replaced by a newer one; timeouts; close() is safe twice', async ({
    page,
    consoleErrors,
  }) => {
    await page.goto(site.url);
    await page.waitForFunction(() => 'arHarness' in window);
    const outcome = await page.evaluate(async () => {
      const { FaceTracker } = (window as unknown as { arHarness: Harness }).arHarness;
      const settle = async (p: Promise<FaceFrame>) =>
        p.then(
          (frame) => ({ ok: true, t: frame.t, code: null }),
          (e: { code?: string }) => ({ ok: false, t: null, code: e.code ?? null }),
        );
      const photo = await createImageBitmap(await (await fetch('/samples/sample2.jpg')).blob());
      const tracker = await FaceTracker.create();
      const bitmaps = await Promise.all([0, 1, 2].map(() => createImageBitmap(photo)));
      // Sent at once: the first is tracked, the second waits and is replaced by the third.
      const burst = await Promise.all(bitmaps.map((b, i) => settle(tracker.track(b, 100 + i))));
      const inFlight = settle(tracker.track(await createImageBitmap(photo), 200));
      tracker.close();
      tracker.close();
      const closedWhileTracking = await inFlight;
      const afterClose = await settle(tracker.track(await createImageBitmap(photo), 300));
      const impatient = await FaceTracker.create({ frameTimeoutMs: 1 });
      const timedOut = await settle(impatient.track(await createImageBitmap(photo), 400));
      impatient.close();
      return { burst, closedWhileTracking, afterClose, timedOut };
    });
    expect(outcome.burst).toEqual([
      { ok: true, t: 100, code: null },
      { ok: false, t: null, code: 'superseded' },
      { ok: true, t: 102, code: null },
    ]);
    expect(outcome.closedWhileTracking.code).toBe('closed');
    expect(outcome.afterClose.code).toBe('closed');
    expect(outcome.timedOut.code).toBe('timeout');
    expect(consoleErrors).toEqual([]);
  });
});
