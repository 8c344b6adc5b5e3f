// `npm run bench -- ar`: AR try-on in headless Chromium on this machine (CPU only, the repo's Chromium flags).
// The camera is Chromium's fake device playing a y4m clip made here from a real face photo (sample1.jpg of
// @vladmandic/face-api's demo) with sensor-like noise on every frame, so the face is still but the pixels are
// not. The page is the built viewer with ?arDebug, whose lab (renderer/ar/ar-lab.ts) opens the camera into the
// compositor; the numbers are read in the page. Measures, at 1280x720 and 640x480: tracking ms per frame
// (p50, p95, the worker round trip), tracking Hz, the frame rate the compositor's output track delivers to a
// playing <video> with the glasses on and as a plain pass-through, main-thread ms per drawn frame, and the
// jitter of the drawn glasses anchors on the still face (RMS distance from their mean, and p95 frame to frame),
// and the compositor frame time during scene cross-fades (camera <-> product PiP every 400 ms, glasses on),
// with the renderer and GPU processes' CPU per output frame. Full runs measure 720p a second time with
// ?upload=draw: camera frames drawn with drawImage(video), the compositor's path before video-upload.ts.
// Also exports the clip maker the end-to-end test uses.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { seededRandom } from '../../core/random/prng';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { ROOT, startServer, tempDataDir } from '../support/processes';

export const FACE_PHOTO = path.join(ROOT, 'node_modules/@vladmandic/face-api/demo/sample1.jpg');

/** A part of the photo, in its pixels. */
export interface PhotoRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Photo {
  region: PhotoRegion;
  rgba: Uint8Array;
}

/** Decodes the JPEG in Chromium (no image library here) and returns `region` as RGBA. */
export async function loadPhoto(browser: Browser, file: string, region: PhotoRegion): Promise<Photo> {
  const page = await browser.newPage();
  try {
    const dataUrl = `data:image/jpeg;base64,${readFileSync(file).toString('base64')}`;
    const b64 = await page.evaluate(
      async ({ dataUrl, region }) => {
        const img = new Image();
        img.src = dataUrl;
        await img.decode();
        const canvas = new OffscreenCanvas(region.width, region.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, -region.x, -region.y);
        const data = ctx.getImageData(0, 0, region.width, region.height).data;
        let s = '';
        for (let i = 0; i < data.length; i += 0x8000)
          s += String.fromCharCode(...data.subarray(i, Math.min(i + 0x8000, data.length)));
        return btoa(s);
      },
      { dataUrl, region },
    );
    return { region, rgba: new Uint8Array(Buffer.from(b64, 'base64')) };
  } finally {
    await page.close();
  }
}

/** One frame of a clip: the camera looks at photo point (cx, cy), `scale` photo px per frame px, turned by roll. */
export interface ClipFrame {
  cx: number;
  cy: number;
  scale: number;
  /** Radians, the picture turned clockwise on screen. */
  roll: number;
  /** No photo: a flat grey frame (nobody in view). */
  blank?: boolean;
}

/** The frame as RGB (3 bytes per pixel): the photo through the frame's view, bilinear. */
function renderFrame(photo: Photo, width: number, height: number, f: ClipFrame): Float32Array {
  const out = new Float32Array(width * height * 3);
  if (f.blank) return out.fill(118);
  const { rgba, region } = photo;
  const cos = Math.cos(f.roll) * f.scale;
  const sin = Math.sin(f.roll) * f.scale;
  // The picture turns clockwise on screen when the view turns the other way.
  for (let v = 0; v < height; v++)
    for (let u = 0; u < width; u++) {
      const du = u + 0.5 - width / 2;
      const dv = v + 0.5 - height / 2;
      const sx = f.cx + cos * du + sin * dv - region.x - 0.5;
      const sy = f.cy - sin * du + cos * dv - region.y - 0.5;
      const o = (v * width + u) * 3;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= region.width || y0 + 1 >= region.height) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const i00 = (y0 * region.width + x0) * 4;
      const i10 = i00 + 4;
      const i01 = i00 + region.width * 4;
      const i11 = i01 + 4;
      for (let c = 0; c < 3; c++) {
        const top = rgba[i00 + c]! * (1 - fx) + rgba[i10 + c]! * fx;
        const bottom = rgba[i01 + c]! * (1 - fx) + rgba[i11 + c]! * fx;
        out[o + c] = top * (1 - fy) + bottom * fy;
      }
    }
  return out;
}

/** RGB -> I420 (BT.601, limited range: what Chromium's fake camera assumes), with gaussian-ish noise. */
export function toI420(
  rgb: Float32Array,
  width: number,
  height: number,
  noise: number,
  rnd: () => number,
): Buffer {
  const ySize = width * height;
  const cw = width >> 1;
  const ch = height >> 1;
  const out = Buffer.alloc(ySize + 2 * cw * ch);
  const n = () => (noise ? (rnd() + rnd() + rnd() - 1.5) * 2 * noise : 0);
  const clamp = (x: number) => (x < 0 ? 0 : x > 255 ? 255 : Math.round(x));
  for (let i = 0; i < ySize; i++) {
    const r = rgb[i * 3]!;
    const g = rgb[i * 3 + 1]!;
    const b = rgb[i * 3 + 2]!;
    out[i] = clamp(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255 + n());
  }
  for (let y = 0; y < ch; y++)
    for (let x = 0; x < cw; x++) {
      let r = 0,
        g = 0,
        b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const i = ((y * 2 + dy) * width + x * 2 + dx) * 3;
        r += rgb[i]! / 4;
        g += rgb[i + 1]! / 4;
        b += rgb[i + 2]! / 4;
      }
      out[ySize + y * cw + x] = clamp(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      out[ySize + cw * ch + y * cw + x] = clamp(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  return out;
}

/**
 * Writes a y4m clip (Chromium's --use-file-for-fake-video-capture plays it in a loop). Frames that repeat the
 * previous frame's view are rendered once; `noise` (8-bit levels) is added to every frame's luma.
 */
export function writeClip(
  file: string,
  photo: Photo,
  options: { width: number; height: number; fps: number; frames: ClipFrame[]; noise?: number },
): void {
  const { width, height, fps, frames, noise = 0 } = options;
  const fd = openSync(file, 'w');
  const rnd = seededRandom(42); // the same noise on every run
  try {
    writeSync(fd, `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
    let last: { key: string; rgb: Float32Array } | null = null;
    for (const f of frames) {
      const key = JSON.stringify(f);
      const rgb: Float32Array = last?.key === key ? last.rgb : renderFrame(photo, width, height, f);
      last = { key, rgb };
      writeSync(fd, 'FRAME\n');
      writeSync(fd, toI420(rgb, width, height, noise, rnd));
    }
  } finally {
    closeSync(fd);
  }
}

/** The face in sample1.jpg that the clips show (the woman on the right; the other two stay out of view). */
export const FACE_CENTRE = { x: 1585, y: 345 };
/** Photo pixels the clips may look at around it. */
export const FACE_REGION: PhotoRegion = { x: 1040, y: 0, width: 880, height: 900 };

// ---- the bench ----

interface SizeResult {
  width: number;
  height: number;
  passFps: number;
  passDrawMs: number | null;
  outFps: number;
  presentedFps: number;
  drawnFps: number;
  drawMs: number | null;
  trackHz: number;
  trackP50: number;
  trackP95: number;
  trackSamples: number;
  jitterRms: number;
  jitterStepP95: number;
  anchorFrames: number;
  rawJitterRms: number;
  /** Compositor frame time during scene cross-fades (glasses on), p50/p95 ms, and the frames measured. */
  fadeP50: number;
  fadeP95: number;
  fadeFrames: number;
  fadeSwitches: number;
  fadePresentedFps: number;
  /** Renderer + GPU process CPU ms per output frame, glasses on and while switching scenes. */
  cpuMsPerFrame: number;
  fadeCpuMsPerFrame: number;
  /** How camera frames reached the canvas ('copy': VideoFrame.copyTo RGBA; 'draw': drawImage(video)). */
  upload: string;
}

interface Stats {
  upload?: string;
  drawnFps: number;
  trackHz: number;
  drawMs: number | null;
  faces: number;
}
interface Measurement {
  outputFps: number;
  presentedFps: number;
  stats: Stats;
  trackMs: number[];
  drawn: { t: number; points: Record<string, { x: number; y: number }> }[];
  tracked: { t: number; faces: Record<string, { x: number; y: number }>[] }[];
}
interface LabWindow {
  __ar?: {
    open?(o: { assetId: string | null; width: number; height: number }): Promise<Stats>;
    measure?(ms: number): Promise<Measurement>;
    measureFade?(
      ms: number,
      everyMs: number,
    ): Promise<{ fadeDrawMs: number[]; switches: number; outputFps: number }>;
    stats(): Stats[];
  };
}

const percentile = (values: number[], p: number) => {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

type Pt = { x: number; y: number };

/** RMS distance of each named point from its mean, and the p95 of its steps from one frame to the next. */
function jitter(series: Record<string, Pt | undefined>[]): { rms: number; stepP95: number; frames: number } {
  const names = [...new Set(series.flatMap((s) => Object.keys(s)))];
  let sum = 0;
  let count = 0;
  const steps: number[] = [];
  for (const name of names) {
    const pts = series.map((d) => d[name]).filter((p): p is Pt => !!p);
    if (pts.length < 2) continue;
    const mx = pts.reduce((a, p) => a + p.x, 0) / pts.length;
    const my = pts.reduce((a, p) => a + p.y, 0) / pts.length;
    for (const p of pts) {
      sum += (p.x - mx) ** 2 + (p.y - my) ** 2;
      count++;
    }
    for (let i = 1; i < pts.length; i++)
      steps.push(Math.hypot(pts[i]!.x - pts[i - 1]!.x, pts[i]!.y - pts[i - 1]!.y));
  }
  return { rms: count ? Math.sqrt(sum / count) : NaN, stepP95: percentile(steps, 95), frames: series.length };
}

const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 8000);
/** The pass-through measurement, and the settling before each measurement (at most 1.5 s and 2 s). */
const PASS_MS = Number(process.env.BENCH_PASS_MS ?? 4000);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 2000);
/** The scene-switch window: camera <-> product PiP every FADE_EVERY_MS (each switch a 300 ms cross-fade). */
const FADE_MS = Number(process.env.BENCH_FADE_MS ?? 5000);
const FADE_EVERY_MS = 400;

/** CPU seconds the browser's renderer and GPU processes have used so far (DevTools SystemInfo). */
async function renderCpuSeconds(cdp: CDPSession): Promise<number> {
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; cpuTime: number }[];
  };
  return processInfo
    .filter((p) => p.type === 'renderer' || p.type === 'GPU')
    .reduce((sum, p) => sum + p.cpuTime, 0);
}

/**
 * One size. `upload` forces how camera frames reach the canvas (?upload=, renderer/ar/video-upload.ts): the
 * 'draw' run is the drawImage(video) path the compositor took before, measured in the same run for comparison.
 */
async function benchSize(
  serverUrl: string,
  width: number,
  height: number,
  clipDir: string,
  upload?: 'draw',
): Promise<SizeResult> {
  const maker = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const clip = path.join(clipDir, `still-${width}x${height}.y4m`);
  try {
    // The face upright, a quarter to a third of the frame wide, as a host in front of a webcam.
    const frame: ClipFrame =
      width > 1000
        ? { cx: 1560, cy: 380, scale: 0.68, roll: -0.6 }
        : { cx: 1580, cy: 360, scale: 0.94, roll: -0.65 };
    const photo = await loadPhoto(maker, FACE_PHOTO, FACE_REGION);
    writeClip(clip, photo, { width, height, fps: 30, frames: Array(30).fill(frame), noise: 2 });
  } finally {
    await maker.close();
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, `--use-file-for-fake-video-capture=${clip}`],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
    const cdp = await browser.newBrowserCDPSession();
    await page.goto(`${serverUrl}/viewer?arDebug${upload ? `&upload=${upload}` : ''}`);
    await page.waitForFunction(() => !!(window as LabWindow).__ar?.open);
    const open = (assetId: string | null) =>
      page.evaluate((o) => (window as LabWindow).__ar!.open!(o), { assetId, width, height });
    const measure = (ms: number) => page.evaluate((ms) => (window as LabWindow).__ar!.measure!(ms), ms);

    // Plain pass-through: what always drawing the camera through the compositor costs.
    await open(null);
    await page.waitForTimeout(Math.min(1500, SETTLE_MS));
    const pass = await measure(PASS_MS);

    await open('glasses/aviator');
    // The first tracking waits for the models to load and compile.
    await page.waitForFunction(
      () => {
        const s = (window as LabWindow).__ar!.stats().at(-1);
        return !!s && s.trackHz > 0 && s.faces > 0;
      },
      undefined,
      { timeout: 120_000, polling: 250 },
    );
    await page.waitForTimeout(SETTLE_MS);
    const cpu0 = await renderCpuSeconds(cdp);
    const on = await measure(WINDOW_MS);
    const cpu1 = await renderCpuSeconds(cdp);
    // The glasses' eye-corner anchors as drawn, and the same two landmarks as the tracker reported them.
    const j = jitter(on.drawn.map((d) => ({ a: d.points.leftEyeOuter, b: d.points.rightEyeOuter })));
    // Scene switches with the glasses on: the compositor's frame time while the old scene fades out.
    const fade = await page.evaluate(({ ms, every }) => (window as LabWindow).__ar!.measureFade!(ms, every), {
      ms: FADE_MS,
      every: FADE_EVERY_MS,
    });
    const cpu2 = await renderCpuSeconds(cdp);
    const raw = jitter(
      on.tracked
        .filter((r) => r.faces[0])
        .map((r) => ({ a: r.faces[0]!.eyeOuterA, b: r.faces[0]!.eyeOuterB })),
    );
    return {
      width,
      height,
      passFps: pass.outputFps,
      passDrawMs: pass.stats.drawMs,
      outFps: on.outputFps,
      presentedFps: on.presentedFps,
      drawnFps: on.stats.drawnFps,
      drawMs: on.stats.drawMs,
      trackHz: (on.trackMs.length * 1000) / WINDOW_MS,
      trackP50: percentile(on.trackMs, 50),
      trackP95: percentile(on.trackMs, 95),
      trackSamples: on.trackMs.length,
      jitterRms: j.rms,
      jitterStepP95: j.stepP95,
      anchorFrames: j.frames,
      rawJitterRms: raw.rms,
      fadeP50: percentile(fade.fadeDrawMs, 50),
      fadeP95: percentile(fade.fadeDrawMs, 95),
      fadeFrames: fade.fadeDrawMs.length,
      fadeSwitches: fade.switches,
      fadePresentedFps: fade.outputFps,
      cpuMsPerFrame: ((cpu1 - cpu0) * 1000) / ((on.outputFps * WINDOW_MS) / 1000),
      fadeCpuMsPerFrame: ((cpu2 - cpu1) * 1000) / ((fade.outputFps * FADE_MS) / 1000),
      upload: on.stats.upload ?? '?',
    };
  } finally {
    await browser.close();
  }
}

const r1 = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(1));

export async function main(): Promise<void> {
  const server = await startServer();
  const clipDir = tempDataDir('livebridge-ar-bench-');
  try {
    const serverUrl = new URL(server.url).origin;
    const results: SizeResult[] = [];
    results.push(await benchSize(serverUrl, 1280, 720, clipDir));
    // The path before (drawImage of the <video>), at 720p in the same run: full runs only.
    if (!process.env.BENCH_SMOKE) results.push(await benchSize(serverUrl, 1280, 720, clipDir, 'draw'));
    results.push(await benchSize(serverUrl, 640, 480, clipDir));
    const cpu = os.cpus();
    console.log(
      `\nAR try-on bench on ${cpu.length} cores (${cpu[0]?.model ?? 'cpu'}), headless Chromium, no GPU; ` +
        `still face from sample1.jpg with noise (σ≈2), glasses/aviator, ${WINDOW_MS / 1000} s window` +
        `${process.env.BENCH_SMOKE ? ' (smoke sizes)' : ''}\n`,
    );
    const rows = [
      ['', ...results.map((r) => `${r.width}x${r.height}`)],
      ['camera frames into the canvas', ...results.map((r) => r.upload)],
      ['tracking ms p50', ...results.map((r) => r1(r.trackP50))],
      ['tracking ms p95', ...results.map((r) => r1(r.trackP95))],
      ['tracking Hz', ...results.map((r) => r1(r.trackHz))],
      ['output fps (glasses on)', ...results.map((r) => r1(r.outFps))],
      ['drawn fps (glasses on)', ...results.map((r) => r1(r.drawnFps))],
      ['<video> presented fps (glasses on)', ...results.map((r) => r1(r.presentedFps))],
      ['draw ms/frame (glasses on)', ...results.map((r) => r1(r.drawMs))],
      ['output fps (pass-through)', ...results.map((r) => r1(r.passFps))],
      ['draw ms/frame (pass-through)', ...results.map((r) => r1(r.passDrawMs))],
      ['jitter px (RMS from mean)', ...results.map((r) => r1(r.jitterRms))],
      ['jitter px (p95 frame to frame)', ...results.map((r) => r1(r.jitterStepP95))],
      ['frames with anchors', ...results.map((r) => String(r.anchorFrames))],
      ['raw landmark jitter px (RMS)', ...results.map((r) => r1(r.rawJitterRms))],
      ['scene cross-fade: frame ms p50', ...results.map((r) => r1(r.fadeP50))],
      ['scene cross-fade: frame ms p95', ...results.map((r) => r1(r.fadeP95))],
      ['scene cross-fade: frames (switches)', ...results.map((r) => `${r.fadeFrames} (${r.fadeSwitches})`)],
      ['<video> presented fps (switching)', ...results.map((r) => r1(r.fadePresentedFps))],
      ['renderer+GPU CPU ms/frame (glasses on)', ...results.map((r) => r1(r.cpuMsPerFrame))],
      ['renderer+GPU CPU ms/frame (switching)', ...results.map((r) => r1(r.fadeCpuMsPerFrame))],
    ];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const row of rows) console.log(row.map((cell, c) => cell.padStart(widths[c]!)).join('  '));
    console.log(
      '\ntargets (CPU only): 30 fps output at 720p with tracking >= 12 Hz; jitter <= 2 px; ' +
        'cross-fade frame p95 <= 33 ms at 720p\n',
    );
    const hd = results[0]!;
    const sd = results.at(-1)!;
    const before = results.length > 2 ? results[1]! : null;
    const round = (x: number) => Math.round(x * 10) / 10;
    console.log(
      JSON.stringify({
        track_p50_ms: round(hd.trackP50),
        track_p95_ms: round(hd.trackP95),
        out_fps_720p: round(hd.outFps),
        out_fps_480p: round(sd.outFps),
        jitter_px: round(hd.jitterRms),
        track_hz_720p: round(hd.trackHz),
        track_hz_480p: round(sd.trackHz),
        passthrough_fps_720p: round(hd.passFps),
        fade_frame_p95_ms_720p: round(hd.fadeP95),
        fade_frame_p95_ms_480p: round(sd.fadeP95),
        fade_cpu_ms_per_frame_720p: round(hd.fadeCpuMsPerFrame),
        upload_720p: hd.upload,
        ...(before && {
          draw_path_fade_frame_p95_ms_720p: round(before.fadeP95),
          draw_path_fade_cpu_ms_per_frame_720p: round(before.fadeCpuMsPerFrame),
          draw_path_out_fps_720p: round(before.outFps),
          draw_path_track_hz_720p: round(before.trackHz),
        }),
        cores: cpu.length,
      }),
    );
  } finally {
    await server.stop();
    rmSync(clipDir, { recursive: true, force: true });
  }
}
