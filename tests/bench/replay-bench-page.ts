// The replay bench's browser side (replay-bench.ts): the real /replay page in Chromium (the flags of
// tests/support/chromium.ts), timed from navigation to interactive (its test hook window.__replay says
// ready), and seek latency through the same hook (`seek(ms)` resolves once the video shows that time).
import type { Browser, Page } from 'playwright-core';
import { BenchFailure } from './ops-bench-parts';
import { Rng } from './replay-bench-data';

/** The page's test hook (renderer/replay). */
interface ReplayHook {
  ready: boolean;
  state(): { currentMs: number; segmentSeq: number | null };
  seek(ms: number): Promise<unknown>;
  frameStamp(): number | null;
  danmakuOnStage(): string[];
}
// Not declared on Window here: the page declares its hook itself; page code below casts.

export const MISSING_PAGE = 'the /replay page (renderer/replay, branch rp) is not in this checkout';

export const replayUrl = (url: string, token: string, roomId: string) =>
  `${url}/replay?token=${encodeURIComponent(token)}&room=${encodeURIComponent(roomId)}`;

/** Opens the page in a fresh context; ms from navigation start to window.__replay.ready. */
export async function openReplay(
  browser: Browser,
  url: string,
  timeoutMs: number,
): Promise<{ page: Page; ms: number; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const t0 = Date.now();
  const response = await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
  if (!response || response.status() >= 400) {
    await context.close();
    throw new BenchFailure(`/replay answered ${response?.status() ?? 'nothing'}: ${MISSING_PAGE}`);
  }
  try {
    await page.waitForFunction(
      () => (window as unknown as { __replay?: ReplayHook }).__replay?.ready === true,
      undefined,
      {
        timeout: timeoutMs,
        polling: 'raf',
      },
    );
  } catch {
    const present = await page
      .evaluate(() => typeof (window as unknown as { __replay?: unknown }).__replay)
      .catch(() => 'unknown');
    await context.close();
    throw new BenchFailure(
      present === 'undefined'
        ? `/replay never set window.__replay in ${timeoutMs / 1000} s: ${MISSING_PAGE}` +
            (errors.length ? ` (page errors: ${errors.slice(0, 3).join('; ')})` : '')
        : `window.__replay.ready never became true in ${timeoutMs / 1000} s (${errors.slice(0, 3).join('; ')})`,
    );
  }
  return { page, ms: Date.now() - t0, close: () => context.close() };
}

/**
 * Seeks to random times within `spans` (stream ms), one at a time; each seek's round trip in ms (the hook's
 * seek resolves once the frame is presented), and how many landed more than 1 s away from their target
 * (the player gives up waiting for a frame after a while: those are counted, not hidden).
 */
export async function timeSeeks(
  page: Page,
  spans: readonly { fromMs: number; toMs: number }[],
  count: number,
  timeoutMs: number,
): Promise<{ samples: number[]; offTarget: number; segmentsVisited: number }> {
  if (spans.length === 0) throw new BenchFailure('the replay has no recorded span to seek in');
  const rng = new Rng(9);
  const samples: number[] = [];
  const segments = new Set<number | null>();
  let offTarget = 0;
  for (let i = 0; i < count; i++) {
    const span = rng.pick(spans);
    const target = Math.round(span.fromMs + rng.next() * Math.max(0, span.toMs - span.fromMs - 500));
    const t0 = performance.now();
    const done = page.evaluate(
      (ms) => (window as unknown as { __replay: ReplayHook }).__replay.seek(ms).then(() => true),
      target,
    );
    const timer = new Promise<false>((r) => setTimeout(() => r(false), timeoutMs));
    if (!(await Promise.race([done, timer])))
      throw new BenchFailure(`__replay.seek(${target}) did not finish in ${timeoutMs / 1000} s`);
    samples.push(performance.now() - t0);
    const state = await page.evaluate(() => (window as unknown as { __replay: ReplayHook }).__replay.state());
    if (Math.abs(state.currentMs - target) > 1000) offTarget++;
    segments.add(state.segmentSeq);
  }
  return { samples, offTarget, segmentsVisited: segments.size };
}
