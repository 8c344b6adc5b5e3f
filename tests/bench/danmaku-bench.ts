// `npm run bench -- danmaku`: replays real bilibili danmaku over a 1280x720 stage in headless Chromium
// (software raster, the repo's Chromium flags) at offered rates of 11, 34, 112 and 500 comments/s, and
// measures frame times (rAF deltas), dropped frames, comments shown per second, comments on stage and
// overlapping comments, for our layer and, in the same run, for the `danmaku` npm package's DOM and canvas
// engines (live mode, `emit` at the same rates). The page is cross-origin isolated so that rAF timestamps
// are not coarsened to 0.1 ms (which alone would put an idle page's p95 at 16.8 ms).
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { parseBilibiliLine, type DanmakuLogEntry } from '../../core/danmaku/replay-log';
import { ROOT } from '../../scripts/lib/paths';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import type { BenchEngine, BenchResult, BenchRun } from './danmaku-harness';

const RATES = (process.env.BENCH_RATES ?? '11,34,112,500').split(',').map(Number);
const ENGINES = (process.env.BENCH_ENGINES ?? 'livebridge,danmaku-dom,danmaku-canvas').split(
  ',',
) as BenchEngine[];
const FONT_SIZE = 24;
const SCROLL_MS = 6000;
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 6000);
// One whole flight first, so that the stage is as full as it gets before the window starts.
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? SCROLL_MS);
const FRAME_BUDGET_MS = 16.7;
const SHARED_DATA = path.resolve(ROOT, '../shared/data/danmaku/bilibili_vod.jsonl');
const REPO_SLICE = path.join(ROOT, 'tests/fixtures/danmaku/bilibili-slice.jsonl');

const NAMES: Record<BenchEngine, string> = {
  livebridge: 'LiveBridge (canvas)',
  'danmaku-dom': 'danmaku 2.0.10 DOM',
  'danmaku-canvas': 'danmaku 2.0.10 canvas',
};

/**
 * The log, in file order. Mode 7 (positioned effects: mostly one lyric line repeated many times to draw an
 * effect, 10,000 of the 24,700 rows) is left out unless BENCH_MODE7=1: as chat it would be thousands of
 * exact duplicates, and merging those would flatter our comments/s.
 */
function loadLog(): { entries: Omit<DanmakuLogEntry, 't'>[]; source: string } {
  const file = process.env.DANMAKU_DATA ?? (existsSync(SHARED_DATA) ? SHARED_DATA : REPO_SLICE);
  const withMode7 = process.env.BENCH_MODE7 === '1';
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => withMode7 || !/"mode":\s*7\b/.test(line))
    .map(parseBilibiliLine)
    .filter((e): e is DanmakuLogEntry => e !== null)
    .map(({ text, mode, color }) => ({ text, mode, color }));
  const modes = withMode7 ? 'modes 1-7, mode 7 as plain text' : 'modes 1-6; BENCH_MODE7=1 adds mode 7';
  return { entries, source: `${path.basename(file)}, ${entries.length} comments in file order (${modes})` };
}

async function harnessScript(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(ROOT, 'tests/bench/danmaku-harness.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

/** Serves the harness page with COOP/COEP (cross-origin isolated: fine-grained timers). */
function serve(files: Record<string, { type: string; body: string }>): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://bench').pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': file.type,
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(file.body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);
const meetsBudget = (r: BenchResult) => Math.round(r.p95 * 10) / 10 <= FRAME_BUDGET_MS;

async function main(): Promise<void> {
  const { entries, source } = loadLog();
  const baselineFile = createRequire(import.meta.url).resolve('danmaku/dist/danmaku.min.js');
  const server = await serve({
    '/': {
      type: 'text/html; charset=utf-8',
      body:
        '<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#111}' +
        '#stage{position:relative;width:1280px;height:720px;background:#000;overflow:hidden}</style></head>' +
        '<body><div id="stage"></div><script src="/danmaku.min.js"></script><script src="/harness.js"></script></body></html>',
    },
    '/harness.js': { type: 'text/javascript', body: await harnessScript() },
    '/danmaku.min.js': { type: 'text/javascript', body: readFileSync(baselineFile, 'utf8') },
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const results: { engine: BenchEngine; rate: number; r: BenchResult }[] = [];
  try {
    for (const engine of ENGINES) {
      for (const rate of RATES) {
        // A fresh page per run: nothing left over from the previous engine or rate.
        const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
        await page.goto(url);
        if (!(await page.evaluate(() => crossOriginIsolated)))
          process.stderr.write('  (page not cross-origin isolated: frame times are coarsened to 0.1 ms)\n');
        const config: BenchRun = {
          engine,
          rate,
          warmupMs: WARMUP_MS,
          windowMs: WINDOW_MS,
          fontSize: FONT_SIZE,
          scrollMs: SCROLL_MS,
          entries,
        };
        const r = await page.evaluate((c) => window.__bench!.run(c), config);
        await page.close();
        results.push({ engine, rate, r });
        process.stderr.write(
          `  ${NAMES[engine]} at ${rate}/s: p95 ${fixed(r.p95)} ms, ${fixed(r.fps)} fps, ` +
            `${fixed(r.shownPerS)} shown/s, ${r.overlapPairs} overlaps\n`,
        );
      }
    }
  } finally {
    await browser.close();
    server.close();
  }

  const line = (cells: (string | number)[]) =>
    cells.map((c, i) => String(c).padStart(i === 0 ? 22 : i === 1 ? 8 : 9)).join(' ');
  console.log(
    `\ndanmaku bench on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), headless Chromium ` +
      `(${CHROMIUM_ARGS.includes('--disable-gpu') ? 'software raster' : 'gpu'}), 1280x720 stage, ${FONT_SIZE}px text, ` +
      `${SCROLL_MS / 1000} s flight, ${WINDOW_MS / 1000} s windows after ${WARMUP_MS / 1000} s warm-up` +
      `${process.env.BENCH_SMOKE ? ' (smoke sizes)' : ''}\nlog: ${source}`,
  );
  console.log(
    line([
      'engine',
      'offered',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'dropped',
      'fps',
      'shown/s',
      'placed/s',
      'shed/s',
      'on stage',
      'overlaps',
      'clear',
      'work ms',
    ]),
  );
  for (const { engine, rate, r } of results)
    console.log(
      line([
        NAMES[engine],
        `${rate}/s`,
        fixed(r.p50),
        fixed(r.p95),
        fixed(r.p99),
        `${fixed(r.droppedShare * 100)}%`,
        fixed(r.fps),
        fixed(r.shownPerS),
        fixed(r.placedPerS),
        fixed(r.shedPerS),
        `${Math.round(r.onStageMean)}/${r.onStageMax}`,
        `${r.overlapPairs}/${r.overlapSamples}`,
        `${fixed(r.clearShare * 100, 0)}%`,
        r.workMsPerFrame === null ? '-' : fixed(r.workMsPerFrame, 2),
      ]),
    );
  console.log(
    'shown/s: comments that reached the screen (ours: as their own item, or as +1 on a merged "×N" item ' +
      'while on stage; the baseline shows all it is given); placed/s: items that entered the stage; ' +
      'on stage: mean/max; overlaps: overlapping pairs summed over 4 samples/s / samples with any; ' +
      'clear: share of comments on stage overlapping none; work ms: our frame callback per frame',
  );

  /**
   * Per engine: the most comments/s it showed at an offered rate where its p95 frame time held 16.7 ms
   * (`readable`: counting only the share that overlapped nothing). Where no rate held it (a loaded machine),
   * what it showed at its calmest rate (lowest p95), marked over budget, so that every figure is defined.
   */
  interface Best {
    rate: number;
    shown: number;
    withinBudget: boolean;
  }
  const bestAtBudget = (engine: BenchEngine, readable = false): Best | null => {
    const mine = results.filter((x) => x.engine === engine);
    const shown = (r: BenchResult) => (readable ? r.shownPerS * r.clearShare : r.shownPerS);
    const ok = mine.filter((x) => meetsBudget(x.r));
    if (ok.length > 0)
      return ok.reduce<Best | null>(
        (best, x) =>
          !best || shown(x.r) > best.shown ? { rate: x.rate, shown: shown(x.r), withinBudget: true } : best,
        null,
      );
    const calmest = mine.reduce<(typeof mine)[number] | null>(
      (c, x) => (!c || x.r.p95 < c.r.p95 ? x : c),
      null,
    );
    return calmest ? { rate: calmest.rate, shown: shown(calmest.r), withinBudget: false } : null;
  };
  /** Within budget beats over budget; then more comments shown. */
  const better = (a: Best | null, b: Best | null) =>
    !b || (a && (a.withinBudget !== b.withinBudget ? a.withinBudget : a.shown > b.shown)) ? a : b;
  const pickBest = (readable: boolean) =>
    ENGINES.filter((e) => e !== 'livebridge')
      .map((engine) => ({ engine, best: bestAtBudget(engine, readable) }))
      .reduce<{ engine: BenchEngine; best: Best | null } | null>(
        (best, b) => (!best || better(b.best, best.best) === b.best ? b : best),
        null,
      );
  const ours = ENGINES.includes('livebridge') ? bestAtBudget('livebridge') : null;
  const baselines = ENGINES.filter((e) => e !== 'livebridge').map((engine) => ({
    engine,
    best: bestAtBudget(engine),
  }));
  const bestBaseline = pickBest(false);
  const bestReadableBaseline = pickBest(true);
  const describe = (b: Best | null) =>
    !b
      ? 'none'
      : `${fixed(b.shown)} comments/s (offered ${b.rate}/s)` +
        (b.withinBudget ? '' : ' [p95 > 16.7 ms at every rate: at its lowest p95]');
  for (const b of baselines) console.log(`${NAMES[b.engine]} at p95 <= 16.7 ms: ${describe(b.best)}`);
  if ([ours, ...baselines.map((b) => b.best)].some((b) => b && !b.withinBudget))
    console.log(
      'warning: an engine held p95 <= 16.7 ms at no rate (a loaded machine?); its figures are at its lowest p95',
    );
  const ratio = ours && bestBaseline?.best ? ours.shown / bestBaseline.best.shown : null;
  const readableRatio =
    ours && bestReadableBaseline?.best ? ours.shown / bestReadableBaseline.best.shown : null;
  const at500 = results.find((x) => x.engine === 'livebridge' && x.rate === 500)?.r ?? null;
  const ourOverlaps = results
    .filter((x) => x.engine === 'livebridge')
    .reduce((n, x) => n + x.r.overlapPairs, 0);
  const ourWorst = results.filter((x) => x.engine === 'livebridge').reduce((n, x) => Math.max(n, x.r.p95), 0);
  console.log(
    `summary: best baseline (${bestBaseline?.best ? NAMES[bestBaseline.engine] : '-'}) ${describe(bestBaseline?.best ?? null)} ` +
      `at p95 <= 16.7 ms vs ours ${describe(ours)}: ${ratio === null ? '-' : `${fixed(ratio, 2)}x`} (target >= 1.5x); ` +
      `our worst p95 ${fixed(ourWorst)} ms (target <= 16.7 at every rate), overlaps ${ourOverlaps} (target 0)\n` +
      `counting only comments that overlap nothing: best baseline ${describe(bestReadableBaseline?.best ?? null)}, ` +
      `ours ${readableRatio === null ? '-' : `${fixed(readableRatio, 2)}x`} that`,
  );
  console.log(
    JSON.stringify({
      p95_ms_at_500ps: at500 ? Number(at500.p95.toFixed(2)) : null,
      shown_per_s_ratio_vs_best_baseline: ratio === null ? null : Number(ratio.toFixed(2)),
      overlaps: ourOverlaps,
      readable_per_s_ratio_vs_best_baseline: readableRatio === null ? null : Number(readableRatio.toFixed(2)),
      shown_per_s_at_500ps: at500 ? Number(at500.shownPerS.toFixed(1)) : null,
      placed_per_s_at_500ps: at500 ? Number(at500.placedPerS.toFixed(1)) : null,
      best_baseline: bestBaseline?.best ? bestBaseline.engine : null,
      best_baseline_shown_per_s: bestBaseline?.best ? Number(bestBaseline.best.shown.toFixed(1)) : null,
      cores: os.cpus().length,
    }),
  );
}

await main();
