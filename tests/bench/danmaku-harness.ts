// Runs in the bench's Chromium page (bundled by danmaku-bench.ts): offers comments at a fixed rate to one
// engine over a 1280x720 stage and measures frame times (rAF deltas), what was shown, and overlaps.
// Engines: ours (DanmakuEngine, fed through its replay entry point) and the `danmaku` package's DOM and
// canvas engines in live mode (`emit` at the same rate), loaded as a global from its dist file.
import { DanmakuEngine, DEFAULT_DANMAKU_SETTINGS } from '../../renderer/danmaku/danmaku-engine';
import type { DanmakuLogEntry } from '../../core/danmaku/replay-log';

export type BenchEngine = 'livebridge' | 'danmaku-dom' | 'danmaku-canvas';

export interface BenchRun {
  engine: BenchEngine;
  rate: number;
  warmupMs: number;
  windowMs: number;
  fontSize: number;
  scrollMs: number;
  entries: Omit<DanmakuLogEntry, 't'>[];
}

export interface BenchResult {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  droppedShare: number;
  fps: number;
  offeredPerS: number;
  shownPerS: number;
  placedPerS: number;
  shedPerS: number;
  onStageMean: number;
  onStageMax: number;
  /** Overlapping pairs of visible comments, summed over the samples; and samples with any. */
  overlapPairs: number;
  overlapSamples: number;
  /** Share of the comments on stage that overlap no other (mean over the samples): readable ones. */
  clearShare: number;
  samples: number;
  /** Our engine's own time per frame (ms), where known. */
  workMsPerFrame: number | null;
}

/** The `danmaku` package's live-mode surface that the bench uses (it has no types of its own here). */
interface BaselineComment {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface BaselineDanmaku {
  emit(comment: { text: string; mode: string; style: Record<string, string | number> }): void;
  resize(): void;
  destroy(): void;
  _: { runningList: BaselineComment[]; position: number };
}
type BaselineCtor = new (options: {
  container: HTMLElement;
  engine: 'dom' | 'canvas';
  speed: number;
}) => BaselineDanmaku;

declare global {
  interface Window {
    Danmaku?: BaselineCtor;
    __bench?: { run(config: BenchRun): Promise<BenchResult> };
  }
}

const WIDTH = 1280;
const HEIGHT = 720;
const SAMPLE_MS = 250;
const FRAME_MS = 1000 / 60;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Overlapping pairs among boxes, and how many boxes overlap another, by a sweep over y (boxes share lanes,
 * so this is near linear).
 */
function overlaps(boxes: Box[]): { pairs: number; involved: number } {
  boxes.sort((a, b) => a.y - b.y);
  const hit = new Uint8Array(boxes.length);
  let pairs = 0;
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i]!;
    for (let j = i + 1; j < boxes.length && boxes[j]!.y < a.y + a.h; j++) {
      const b = boxes[j]!;
      if (a.x < b.x + b.w && b.x < a.x + a.w) {
        pairs++;
        hit[i] = 1;
        hit[j] = 1;
      }
    }
  }
  let involved = 0;
  for (const h of hit) involved += h;
  return { pairs, involved };
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const css = (color: number | undefined) =>
  `#${((color ?? 0xffffff) & 0xffffff).toString(16).padStart(6, '0')}`;
const baselineMode = (mode: DanmakuLogEntry['mode']) => (mode === 'top' || mode === 'bottom' ? mode : 'rtl');

async function run(config: BenchRun): Promise<BenchResult> {
  const stage = document.getElementById('stage')!;
  stage.replaceChildren();
  const { engine, rate, warmupMs, windowMs, entries } = config;
  const total = Math.ceil((rate * (warmupMs + windowMs + 1000)) / 1000);

  // What each engine reports, read at the window's start and end.
  let counters: () => { shown: number; placed: number; shed: number; offered: number };
  let boxes: () => Box[];
  let stop: () => void;
  let workMs: (() => number) | null = null;
  let offered = 0;

  if (engine === 'livebridge') {
    const canvas = document.createElement('canvas');
    canvas.style.cssText = 'position:absolute;left:0;top:0';
    stage.append(canvas);
    const ours = new DanmakuEngine(canvas, {
      settings: { ...DEFAULT_DANMAKU_SETTINGS, fontSize: config.fontSize },
    });
    ours.setStageSize(WIDTH, HEIGHT);
    const log: DanmakuLogEntry[] = [];
    for (let i = 0; i < total; i++)
      log.push({ ...entries[i % entries.length]!, t: (i * 1000) / rate, id: `c${i}` });
    ours.replay(log);
    counters = () => {
      const s = ours.snapshot();
      return { shown: s.shown, placed: s.placed, shed: s.shed, offered: s.received };
    };
    boxes = () => ours.snapshot().items;
    workMs = () => ours.snapshot().workMs;
    stop = () => ours.close();
  } else {
    const Danmaku = window.Danmaku!;
    const baseline = new Danmaku({
      container: stage,
      engine: engine === 'danmaku-dom' ? 'dom' : 'canvas',
      // Same flight time as ours: its speed is stage width per `duration`.
      speed: WIDTH / (config.scrollMs / 1000),
    });
    baseline.resize();
    const started = performance.now();
    const outline = '-1px -1px 0 #000, 1px -1px 0 #000, -1px 1px 0 #000, 1px 1px 0 #000';
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
      for (; offered < due; offered++) {
        const e = entries[offered % entries.length]!;
        const style: Record<string, string | number> =
          engine === 'danmaku-dom'
            ? {
                fontSize: `${config.fontSize}px`,
                fontWeight: '600',
                color: css(e.color),
                textShadow: outline,
              }
            : {
                font: `600 ${config.fontSize}px sans-serif`,
                fillStyle: css(e.color),
                strokeStyle: '#000',
                lineWidth: 3,
              };
        baseline.emit({ text: e.text, mode: baselineMode(e.mode), style });
      }
    }, 4);
    // It shows everything it is given: shown = comments that entered its running list.
    counters = () => ({ shown: baseline._.position, placed: baseline._.position, shed: 0, offered });
    boxes = () => baseline._.runningList.map((c) => ({ x: c.x, y: c.y, w: c.width, h: c.height }));
    stop = () => {
      clearInterval(timer);
      baseline.destroy();
    };
  }

  const deltas = new Float64Array(Math.ceil((windowMs / FRAME_MS) * 2) + 100);
  let frames = 0;
  let measuring = false;
  let last = 0;
  let running = true;
  const onFrame = (t: number) => {
    if (!running) return;
    if (measuring && last !== 0 && frames < deltas.length) deltas[frames++] = t - last;
    last = t;
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);

  await new Promise((r) => setTimeout(r, warmupMs));
  const start = counters();
  const startWork = workMs?.() ?? 0;
  const startedAt = performance.now();
  measuring = true;
  let samples = 0;
  let onStageSum = 0;
  let onStageMax = 0;
  let overlapPairs = 0;
  let overlapSamples = 0;
  let clearSum = 0;
  const sampler = setInterval(() => {
    const visible = boxes().filter((b) => b.x < WIDTH && b.x + b.w > 0);
    const { pairs, involved } = overlaps(visible);
    samples++;
    onStageSum += visible.length;
    onStageMax = Math.max(onStageMax, visible.length);
    overlapPairs += pairs;
    if (pairs > 0) overlapSamples++;
    clearSum += visible.length ? (visible.length - involved) / visible.length : 1;
  }, SAMPLE_MS);
  await new Promise((r) => setTimeout(r, windowMs));
  measuring = false;
  clearInterval(sampler);
  const seconds = (performance.now() - startedAt) / 1000;
  const end = counters();
  const endWork = workMs?.() ?? 0;
  const measuredFrames = frames;
  running = false;
  stop();

  const sorted = deltas.slice(0, measuredFrames).sort();
  let dropped = 0;
  for (const d of sorted) if (d > 1.5 * FRAME_MS) dropped++;
  return {
    frames: measuredFrames,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    droppedShare: measuredFrames ? dropped / measuredFrames : 1,
    fps: measuredFrames / seconds,
    offeredPerS: (end.offered - start.offered) / seconds,
    shownPerS: (end.shown - start.shown) / seconds,
    placedPerS: (end.placed - start.placed) / seconds,
    shedPerS: (end.shed - start.shed) / seconds,
    onStageMean: samples ? onStageSum / samples : 0,
    onStageMax,
    overlapPairs,
    overlapSamples,
    clearShare: samples ? clearSum / samples : 1,
    samples,
    workMsPerFrame: workMs && measuredFrames ? (endWork - startWork) / measuredFrames : null,
  };
}

window.__bench = { run };
