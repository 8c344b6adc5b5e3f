// AR try-on end to end: the studio's fake camera plays a clip made at test time from a real face photo
// (sample1.jpg of @vladmandic/face-api's demo) that moves and turns, then shows an empty frame. The host wears
// the pinned product (aviator glasses), and we check, through the ?arDebug hook, that the drawn anchors sit on
// the tracked eye corners and vanish with the face; then that the glasses reach a viewer's decoded video
// through the real SFU (their vivid blue lenses are a colour the photo does not have) and that T takes them
// off the viewer's picture; last, a viewer's own "Try it on" stays local and Stop releases the camera.
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { FACE_PHOTO, FACE_REGION, loadPhoto, writeClip, type ClipFrame } from '../bench/ar-bench';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { mediasoupUnavailableReason } from '../support/media';
import { expect, test } from './fixtures';

const skipReason = mediasoupUnavailableReason();
if (skipReason) console.log(`[ar-tryon e2e] skipped: ${skipReason}`);

const FPS = 15;
const FACE_FRAMES = 60; // 4 s of the face moving and turning
const BLANK_FRAMES = 30; // then 2 s with nobody in view
const LOOP_MS = ((FACE_FRAMES + BLANK_FRAMES) / FPS) * 1000;
const WIDTH = 640;
const HEIGHT = 480;
const BASE_SCALE = 0.94; // photo px per frame px
/** The view pans ±70 photo px across the face: ±74 frame px. */
const PAN = 70;

/** The clip's frames: a loop of pan, bob, zoom and roll (±0.2 rad around a more upright head), then blank. */
function clipFrames(): ClipFrame[] {
  const frames: ClipFrame[] = [];
  for (let i = 0; i < FACE_FRAMES; i++) {
    const phase = (2 * Math.PI * i) / FACE_FRAMES;
    frames.push({
      cx: 1560 + PAN * Math.sin(phase),
      cy: 360 + 25 * Math.sin(2 * phase),
      scale: BASE_SCALE * (1 + 0.08 * Math.sin(phase)),
      roll: -0.45 + 0.2 * Math.cos(phase),
    });
  }
  for (let i = 0; i < BLANK_FRAMES; i++) frames.push({ cx: 0, cy: 0, scale: 1, roll: 0, blank: true });
  return frames;
}

interface V {
  x: number;
  y: number;
}
interface ArHistory {
  drawn: { t: number; assetId: string; points: Record<string, V> }[];
  tracked: { t: number; ms: number; faces: { eyeOuterA: V; eyeOuterB: V }[] }[];
}
interface ArWindow {
  __ar?: {
    stats(): { trackHz: number; faces: number; width: number; height: number; overlayDrawn: boolean }[];
    history(i?: number): ArHistory;
    clear(): void;
  };
}

const dist = (p: V, q: V) => Math.hypot(p.x - q.x, p.y - q.y);
const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

test.describe.configure({ mode: 'serial' });
// The studio page lives across the tests in our own browser (the clip must exist before it starts); the
// runner's per-test tracing cannot follow a context that outlives its test.
test.use({ trace: 'off' });

let browser: Browser;
let studioPage: Page;
let viewerUrl = '';
const dir = path.join(os.tmpdir(), `livebridge-ar-e2e-${process.pid}`);

test.beforeAll(async () => {
  test.setTimeout(120_000);
  mkdirSync(dir, { recursive: true });
  const clip = path.join(dir, 'face-moving.y4m');
  const maker = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const photo = await loadPhoto(maker, FACE_PHOTO, FACE_REGION);
  await maker.close();
  writeClip(clip, photo, { width: WIDTH, height: HEIGHT, fps: FPS, frames: clipFrames(), noise: 1.5 });
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      ...FAKE_MEDIA_ARGS,
      '--autoplay-policy=no-user-gesture-required',
      `--use-file-for-fake-video-capture=${clip}`,
    ],
  });
});

test.afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the glasses follow the moving face and are gone when no face is in view', async ({ studio }) => {
  test.setTimeout(150_000);
  studioPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  studioPage.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.log(`[studio ${m.type()}] ${m.text()}`);
  });
  studioPage.on('pageerror', (e) => console.log(`[studio page error] ${e.message}`));
  await studioPage.goto(studio.url.replace('/studio', '/studio?arDebug'));
  await studioPage.getByTestId('start-preview').click();
  await expect(studioPage.getByTestId('live-phase')).toHaveAttribute('data-phase', 'preview');

  await studioPage.getByTestId('product-title-en').fill('Aviator sunglasses');
  await studioPage.getByTestId('product-price').fill('59');
  await studioPage.getByTestId('product-stock').fill('10');
  await studioPage.getByTestId('product-ar-asset').selectOption('glasses/aviator');
  await studioPage.getByTestId('add-product').click();
  await studioPage.getByTestId('pin-product').click();
  await expect(studioPage.getByTestId('unpin-product')).toBeVisible();
  await studioPage.getByTestId('try-on-toggle').click();
  await expect(studioPage.getByTestId('try-on-bar')).toHaveAttribute('data-status', 'on');

  // The models load and compile on first use.
  await expect
    .poll(() => studioPage.evaluate(() => (window as ArWindow).__ar?.stats()[0]?.trackHz ?? 0), {
      timeout: 90_000,
    })
    .toBeGreaterThan(0);
  await studioPage.evaluate(() => (window as ArWindow).__ar!.clear());
  await studioPage.waitForTimeout(LOOP_MS * 1.5);
  const { drawn, tracked } = await studioPage.evaluate(() => (window as ArWindow).__ar!.history());

  // (1) On every tracked frame with a face, the glasses' anchor points as drawn on that frame sit on the
  // tracked eye corners (the smoother's output against the raw detection of the same frame).
  const withFace = tracked.filter((r) => r.faces.length > 0);
  expect(withFace.length).toBeGreaterThan(15);
  const errors: number[] = [];
  for (const r of withFace) {
    const d = drawn.find((x) => Math.abs(x.t - r.t) < 1);
    if (!d) continue;
    const { eyeOuterA, eyeOuterB } = r.faces[0]!;
    const [imageLeft, imageRight] =
      eyeOuterA.x <= eyeOuterB.x ? [eyeOuterA, eyeOuterB] : [eyeOuterB, eyeOuterA];
    const eyes = dist(imageLeft, imageRight);
    errors.push(
      Math.max(dist(d.points.leftEyeOuter!, imageLeft), dist(d.points.rightEyeOuter!, imageRight)) / eyes,
    );
  }
  expect(errors.length).toBeGreaterThan(10);
  const median = percentile(errors, 50);
  const p90 = percentile(errors, 90);
  // How far ahead of its last detection the smoother had to predict on each tracked frame: it grows with the
  // tracker's round trip, so on a starved CPU (a loaded machine, not this code) the error grows with it.
  const horizons = tracked.slice(1).map((r, i) => r.t - tracked[i]!.t);
  console.log(
    `[ar e2e] ${withFace.length} tracked frames with a face, ${drawn.length} drawn; anchor error / eye-corner ` +
      `distance: median ${median.toFixed(3)}, p90 ${p90.toFixed(3)}; prediction horizon median ` +
      `${percentile(horizons, 50).toFixed(0)} ms`,
  );
  // Tolerance: the anchors are smoothed and predicted to the frame, the raw detection is noisy on its own.
  expect(median).toBeLessThan(0.1);
  expect(p90).toBeLessThan(0.25);

  // They follow the face across the frame: the view pans ±74 px, so the glasses move most of that.
  const xs = drawn.map((d) => (d.points.leftEyeOuter!.x + d.points.rightEyeOuter!.x) / 2);
  expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(80);

  // (2) While the frame is empty nothing is drawn: from the answer of a tracked frame without a face to the
  // next answer, no glasses on any drawn frame (40 ms of slack: a frame's time is when its callback was due).
  const empty = tracked.filter((r) => r.faces.length === 0);
  expect(empty.length).toBeGreaterThan(5);
  for (let i = 0; i < tracked.length - 1; i++) {
    const r = tracked[i]!;
    if (r.faces.length > 0) continue;
    const from = r.t + r.ms;
    const next = tracked[i + 1]!;
    const until = next.t + next.ms - 40;
    const strays = drawn.filter((d) => d.t > from + 1 && d.t < until);
    expect(
      strays.map((d) => d.t),
      `glasses drawn while no face (answered at ${from})`,
    ).toEqual([]);
  }
  // (3) They are drawn whenever a face is tracked, so also again once the face is back. Each tracking request
  // is made from a drawn frame (same timestamp), after the previous answer arrived: when that answer had a
  // face captured less than the smoother's 700 ms ago, that frame carries glasses. (Checking "some frame after
  // the face came back" instead raced the end of the history: the face's first answer can be the last event.)
  const fresh = tracked.filter((r, i) => {
    const prev = tracked[i - 1];
    return prev !== undefined && prev.faces.length > 0 && r.t - prev.t < 650;
  });
  expect(fresh.length).toBeGreaterThan(10);
  const bare = fresh.filter((r) => !drawn.some((d) => Math.abs(d.t - r.t) < 1)).map((r) => r.t);
  expect(bare, 'frames with a freshly tracked face but no glasses').toEqual([]);
  const lastEmpty = empty.at(-1)!;
  const backAt = tracked.find((r) => r.t > lastEmpty.t && r.faces.length > 0);
  const redrawn = fresh.some((r) => r.t > lastEmpty.t);
  console.log(
    `[ar e2e] face back after the last empty frame: ${backAt ? 'yes' : 'not yet'}; redrawn: ${redrawn}`,
  );
});

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Share of vivid-blue pixels (the lenses) in the viewer's decoded video, in `box` of the studio's frame. */
async function blueShare(viewer: Page, box: Box): Promise<number> {
  return viewer.evaluate(
    ({ box, width }) => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid=viewer-video]')!;
      if (!video.videoWidth) return -1;
      const k = video.videoWidth / width;
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(video, 0, 0);
      const x = Math.max(0, Math.round(box.x * k));
      const y = Math.max(0, Math.round(box.y * k));
      const w = Math.min(canvas.width - x, Math.round(box.w * k));
      const h = Math.min(canvas.height - y, Math.round(box.h * k));
      const data = ctx.getImageData(x, y, w, h).data;
      let blue = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (b > 140 && b > r + 70 && b > g + 25) blue++;
      }
      return blue / (w * h);
    },
    { box, width: WIDTH },
  );
}

/** Polls until the blue share reaches `min` (or the timeout); returns the share reached. */
async function waitForBlue(viewer: Page, box: Box, min: number, timeoutMs: number): Promise<number> {
  let share = 0;
  await expect
    .poll(async () => (share = await blueShare(viewer, box)), { timeout: timeoutMs, intervals: [100] })
    .toBeGreaterThan(min);
  return share;
}

/** The largest blue share seen over one loop of the clip (the face is out of view for a third of it). */
async function maxBlueOverLoop(viewer: Page, box: Box) {
  let max = 0;
  const end = Date.now() + LOOP_MS + 500;
  while (Date.now() < end) {
    max = Math.max(max, await blueShare(viewer, box));
    await viewer.waitForTimeout(100);
  }
  return max;
}

test('the glasses reach the viewer through the SFU, and T takes them off the stream at once', async () => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(150_000);
  const page = studioPage;
  // Where the glasses go in the studio's frame over a loop: the eye corners' box, widened to the lenses.
  const { tracked } = await page.evaluate(() => (window as ArWindow).__ar!.history());
  const corners = tracked.flatMap((r) => r.faces.flatMap((f) => [f.eyeOuterA, f.eyeOuterB]));
  const eyeSpan = percentile(
    tracked.filter((r) => r.faces.length).map((r) => dist(r.faces[0]!.eyeOuterA, r.faces[0]!.eyeOuterB)),
    50,
  );
  const minX = Math.min(...corners.map((p) => p.x)) - eyeSpan * 0.3;
  const maxX = Math.max(...corners.map((p) => p.x)) + eyeSpan * 0.3;
  const minY = Math.min(...corners.map((p) => p.y)) - eyeSpan * 0.3;
  const maxY = Math.max(...corners.map((p) => p.y)) + eyeSpan * 0.5;
  const box = { x: minX, y: minY, w: maxX - minX, h: maxY - minY };

  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'live', { timeout: 30_000 });
  viewerUrl = (await page.getByTestId('viewer-url').textContent())!;
  const viewer = await (await browser.newContext()).newPage();
  await viewer.goto(`${viewerUrl}&arDebug`);
  await expect(viewer.getByTestId('viewer-status')).toHaveAttribute('data-status', 'live', {
    timeout: 30_000,
  });
  await expect
    .poll(() => viewer.evaluate(() => document.querySelector('video')?.videoWidth ?? 0), { timeout: 30_000 })
    .toBeGreaterThan(0);

  // Try-on on: the viewer's picture has the blue lenses where the host's eyes are.
  const shown = await waitForBlue(viewer, box, 0.02, 30_000);
  // T: hidden from the next frame on; over a whole loop of the clip, not one blue lens on the viewer's side.
  await page.locator('body').press('t');
  await expect(page.getByTestId('try-on-bar')).toHaveAttribute('data-hidden', 'true');
  await viewer.waitForTimeout(1000); // what was already in flight (encoder, SFU, jitter buffer)
  const hidden = await maxBlueOverLoop(viewer, box);
  console.log(
    `[ar e2e] viewer: blue share around the eyes ${shown.toFixed(3)} with the glasses on, ` +
      `max ${hidden.toFixed(4)} over a loop with them hidden`,
  );
  expect(hidden).toBeLessThan(0.002);
  // And T again brings them back, on the same stream (no renegotiation: the viewer keeps its consumer).
  const framesBefore = await viewer.evaluate(
    () => document.querySelector('video')!.getVideoPlaybackQuality().totalVideoFrames,
  );
  await page.locator('body').press('t');
  await expect(page.getByTestId('try-on-bar')).toHaveAttribute('data-hidden', 'false');
  await waitForBlue(viewer, box, 0.02, 20_000);
  const framesAfter = await viewer.evaluate(
    () => document.querySelector('video')!.getVideoPlaybackQuality().totalVideoFrames,
  );
  expect(framesAfter).toBeGreaterThan(framesBefore);

  await page.getByTestId('try-on-toggle').click();
  await page.getByTestId('end-live').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'ended');
  await viewer.context().close();
});

test("a viewer's Try it on stays on the device and Stop releases the camera", async () => {
  if (!viewerUrl)
    console.log('[ar-tryon e2e] viewer try-on skipped: it needs the live room of the previous test');
  test.skip(!viewerUrl, 'needs the live room of the previous test');
  test.setTimeout(120_000);
  // The room still has the pinned product; the viewer page shows it after the stream ended.
  const context = await browser.newContext();
  // Keep the camera streams the page opens, to see that Stop ends them.
  await context.addInitScript(() => {
    const streams: MediaStream[] = [];
    (window as unknown as { __cameraStreams: MediaStream[] }).__cameraStreams = streams;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      const s = await original(c);
      streams.push(s);
      return s;
    };
  });
  const viewer = await context.newPage();
  await viewer.goto(`${viewerUrl}&arDebug`);
  await viewer.getByTestId('try-it-on-start').click();
  await expect(viewer.getByTestId('try-it-on')).toHaveAttribute('data-phase', 'on', { timeout: 20_000 });
  await expect(viewer.getByTestId('try-it-on-preview')).toBeVisible();
  await expect
    .poll(() => viewer.evaluate(() => (window as ArWindow).__ar?.stats()[0]?.overlayDrawn ?? false), {
      timeout: 90_000,
    })
    .toBe(true);
  const live = () =>
    viewer.evaluate(() =>
      (window as unknown as { __cameraStreams: MediaStream[] }).__cameraStreams
        .flatMap((s) => s.getTracks())
        .map((t) => t.readyState),
    );
  expect(await live()).toEqual(['live']);
  await viewer.getByTestId('try-it-on-stop').click();
  await expect(viewer.getByTestId('try-it-on')).toHaveAttribute('data-phase', 'off');
  expect(await live()).toEqual(['ended']);
  expect(await viewer.evaluate(() => (window as ArWindow).__ar!.stats().length)).toBe(0);
  await context.close();
});
