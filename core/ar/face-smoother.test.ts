import { describe, expect, it } from 'vitest';
import { landmarkPoint } from './anchors';
import { FaceSmoother, type FaceSmootherOptions, type SmoothedFace } from './face-smoother';
import type { FaceFrame, TrackedFace } from './face-types';
import { seededRandom, syntheticFace } from './synthetic-face.test-helper';

const TRACK_MS = 80; // 12.5 Hz tracking
const LATENCY_MS = 80; // a result arrives this long after its frame was captured
const DISPLAY_MS = 1000 / 60;
const WIDTH = 200;

type Path = (t: number) => { cx: number; cy: number };

/** ±amplitude px of uniform noise: half of it moves the whole face, half each landmark on its own. */
function noisy(face: TrackedFace, rnd: () => number, amplitude: number): TrackedFace {
  const l = Float32Array.from(face.landmarks);
  const sx = (rnd() * 2 - 1) * amplitude * 0.5;
  const sy = (rnd() * 2 - 1) * amplitude * 0.5;
  for (let i = 0; i < l.length / 3; i++) {
    l[i * 3] = l[i * 3]! + sx + (rnd() * 2 - 1) * amplitude * 0.5;
    l[i * 3 + 1] = l[i * 3 + 1]! + sy + (rnd() * 2 - 1) * amplitude * 0.5;
  }
  return { ...face, landmarks: l };
}

function frame(t: number, faces: TrackedFace[]): FaceFrame {
  return { t, width: 640, height: 480, faces };
}

interface Sample {
  t: number;
  face: SmoothedFace | null;
  truth: TrackedFace;
}

/** Drives a smoother the way the compositor does: detections arrive late, `at(now)` is asked every frame. */
function simulate(path: Path, options: { noise: number; until: number; smoother?: FaceSmootherOptions }) {
  const rnd = seededRandom(42);
  const smoother = new FaceSmoother(options.smoother);
  const samples: Sample[] = [];
  let nextCapture = 0;
  for (let now = 0; now <= options.until; now += DISPLAY_MS) {
    while (nextCapture + LATENCY_MS <= now) {
      const truth = syntheticFace({ ...path(nextCapture), width: WIDTH });
      smoother.push(frame(nextCapture, [noisy(truth, rnd, options.noise)]));
      nextCapture += TRACK_MS;
    }
    samples.push({ t: now, face: smoother.at(now), truth: syntheticFace({ ...path(now), width: WIDTH }) });
  }
  return { smoother, samples };
}

function std(values: number[]): number {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length);
}

/** Per-axis error (px) of the nose bridge, the eye centres and the chin, display frame by display frame. */
function errors(samples: Sample[], from: number) {
  const out: { dx: number; dy: number }[] = [];
  for (const s of samples) {
    if (s.t < from || !s.face) continue;
    const a = s.face.anchors;
    const pairs = [
      [a.noseBridge, landmarkPoint(s.truth.landmarks, 168)],
      [a.chin, landmarkPoint(s.truth.landmarks, 152)],
      [a.leftEyeOuter, landmarkPoint(s.truth.landmarks, 263)],
      [a.rightEyeOuter, landmarkPoint(s.truth.landmarks, 33)],
    ] as const;
    for (const [got, want] of pairs) out.push({ dx: got.x - want.x, dy: got.y - want.y });
  }
  return out;
}

describe('face smoother', () => {
  it('holds a still face steady: ±3 px of tracking noise becomes under 1 px of jitter', () => {
    const still: Path = () => ({ cx: 320, cy: 240 });
    const { samples } = simulate(still, { noise: 3, until: 8000 });
    const settled = samples.filter((s) => s.t >= 1500);
    expect(settled.every((s) => s.face)).toBe(true);
    for (const pick of [
      (f: SmoothedFace) => f.anchors.noseBridge,
      (f: SmoothedFace) => f.anchors.leftEyeCenter,
      (f: SmoothedFace) => f.anchors.chin,
    ]) {
      const xs = settled.map((s) => pick(s.face!).x);
      const ys = settled.map((s) => pick(s.face!).y);
      expect(std(xs)).toBeLessThan(1);
      expect(std(ys)).toBeLessThan(1);
      // Frame to frame the overlay barely moves.
      const steps = xs.slice(1).map((x, i) => Math.abs(x - xs[i]!));
      expect(Math.max(...steps)).toBeLessThan(1.5);
    }
  });

  it('follows a face moving at 1.5 face widths per second with bounded lag, thanks to the prediction', () => {
    const sweep: Path = (t) => ({ cx: 100 + 0.3 * t, cy: 240 }); // 300 px/s
    const withPrediction = errors(simulate(sweep, { noise: 3, until: 3000 }).samples, 1000);
    const without = errors(
      simulate(sweep, { noise: 3, until: 3000, smoother: { maxPredictMs: 0 } }).samples,
      1000,
    );
    const meanAbs = (e: { dx: number }[]) => e.reduce((a, b) => a + Math.abs(b.dx), 0) / e.length;
    // Without it the overlay trails by the tracking latency and more (over 40 px at this speed).
    expect(meanAbs(without)).toBeGreaterThan(30);
    expect(meanAbs(withPrediction)).toBeLessThan(0.05 * WIDTH);
    expect(Math.max(...withPrediction.map((e) => Math.abs(e.dx)))).toBeLessThan(0.12 * WIDTH);
    expect(Math.max(...withPrediction.map((e) => Math.abs(e.dy)))).toBeLessThan(0.05 * WIDTH);
  });

  it('stays on a head swaying side to side (±60 px at 0.5 Hz) within a small part of the face width', () => {
    const sway: Path = (t) => ({ cx: 320 + 60 * Math.sin(Math.PI * (t / 1000)), cy: 240 });
    const e = errors(simulate(sway, { noise: 3, until: 6000 }).samples, 1000);
    const meanAbs = e.reduce((a, b) => a + Math.hypot(b.dx, b.dy), 0) / e.length;
    expect(meanAbs).toBeLessThan(0.06 * WIDTH);
    expect(Math.max(...e.map((d) => Math.hypot(d.dx, d.dy)))).toBeLessThan(0.15 * WIDTH);
  });

  it('predicts between detections along the current velocity, at most maxPredictMs ahead', () => {
    const smoother = new FaceSmoother();
    const x = (t: number) => 100 + 0.2 * t; // 200 px/s, no noise
    let t = 0;
    for (; t <= 2000; t += TRACK_MS) smoother.push(frame(t, [syntheticFace({ cx: x(t), width: WIDTH })]));
    const last = t - TRACK_MS;
    const bridgeX = (dt: number) => smoother.at(last + dt)!.anchors.noseBridge.x;
    const truthX = (dt: number) => x(last + dt);
    expect(Math.abs(bridgeX(0) - truthX(0))).toBeLessThan(1);
    expect(Math.abs(bridgeX(40) - truthX(40))).toBeLessThan(1);
    expect(Math.abs(bridgeX(120) - truthX(120))).toBeLessThan(1);
    expect(bridgeX(40)).toBeGreaterThan(bridgeX(0) + 6);
    // Clamped: 250 ms after the last detection the face is where it would be 150 ms after it.
    expect(smoother.at(last + 250)!.predictedMs).toBe(150);
    expect(bridgeX(250)).toBeCloseTo(bridgeX(150), 3);
  });

  it('returns null once no face was seen for 300 ms, and starts fresh when one comes back', () => {
    const smoother = new FaceSmoother();
    for (let t = 0; t <= 1000; t += TRACK_MS) smoother.push(frame(t, [syntheticFace({ cx: 200 })]));
    const lastFace = 960;
    for (let t = 1040; t <= 1600; t += TRACK_MS) smoother.push(frame(t, []));
    expect(smoother.at(lastFace + 290)).not.toBeNull();
    expect(smoother.at(lastFace + 310)).toBeNull();
    smoother.push(frame(1700, [syntheticFace({ cx: 450 })]));
    const back = smoother.at(1700)!;
    expect(back.anchors.noseBridge.x).toBeCloseTo(450, 3);
    expect(back.predictedMs).toBe(0);
  });

  it('tracks the largest face and ignores frames older than the last one', () => {
    const smoother = new FaceSmoother();
    const small = syntheticFace({ cx: 100, width: 80 });
    const host = syntheticFace({ cx: 400, width: 220 });
    smoother.push(frame(0, [small, host]));
    expect(smoother.at(0)!.anchors.noseBridge.x).toBeCloseTo(400, 3);
    smoother.push(frame(-50, [syntheticFace({ cx: 10 })]));
    expect(smoother.at(0)!.anchors.noseBridge.x).toBeCloseTo(400, 3);
    expect(smoother.at(0)!.box.width).toBeGreaterThan(0);
  });

  it('treats a detection far from the tracked face as a new face, not as a fast move', () => {
    const smoother = new FaceSmoother();
    for (let t = 0; t <= 400; t += TRACK_MS) smoother.push(frame(t, [syntheticFace({ cx: 150 })]));
    smoother.push(frame(480, [syntheticFace({ cx: 500 })]));
    const f = smoother.at(500)!;
    expect(f.anchors.noseBridge.x).toBeCloseTo(500, 3);
  });
});
