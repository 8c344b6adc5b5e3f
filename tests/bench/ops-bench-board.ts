// The ops board in Chromium for the ops bench: /dashboard opened with the ops token, and a small probe in the
// page that, on every animation frame, records the frame interval (while recording) and checks the rooms
// being watched, so "the tile shows it" is measured where ops would see it.
//
// What the bench reads of the dashboard (renderer/dashboard): each room's tile on screen is an element
// `[data-testid="board-tile"][data-room-id=<room>]` with its online count in `data-online`, and
// `window.__opsBoard` is set once the board has painted (`tiles`: how many). A board with neither fails the
// bench with a message saying so.
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';

/** Runs in the page: window.__bench with tileCount, online, watch, and frame recording. */
function installProbe(): void {
  type Watch = {
    roomId: string;
    expected: number;
    t0: number;
    until: number;
    done: (ms: number | null) => void;
  };
  const w = window as unknown as {
    __opsBoard?: unknown;
    __bench?: unknown;
  };
  const TILE = '[data-testid="board-tile"]';
  const online = (roomId: string): number | null => {
    const tile = document.querySelector<HTMLElement>(`${TILE}[data-room-id="${CSS.escape(roomId)}"]`);
    const value = tile?.dataset.online;
    return value === undefined || value === '' ? null : Number(value);
  };
  const watches: Watch[] = [];
  const frames: number[] = [];
  let recording = false;
  let last = performance.now();
  const loop = (now: number) => {
    if (recording) frames.push(now - last);
    last = now;
    const wall = Date.now();
    for (let i = watches.length - 1; i >= 0; i--) {
      const watch = watches[i]!;
      if (online(watch.roomId) === watch.expected) {
        watches.splice(i, 1);
        watch.done(Math.max(0, wall - watch.t0));
      } else if (wall > watch.until) {
        watches.splice(i, 1);
        watch.done(null);
      }
    }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  w.__bench = {
    exposed: () => w.__opsBoard !== undefined,
    tileCount: () => document.querySelectorAll(TILE).length,
    online,
    watch: (roomId: string, expected: number, t0: number, timeoutMs: number) =>
      new Promise<number | null>((done) =>
        watches.push({ roomId, expected, t0, until: t0 + timeoutMs, done }),
      ),
    record: (on: boolean) => {
      recording = on;
      if (on) frames.length = 0;
      return frames.slice();
    },
  };
}

interface BenchProbe {
  exposed(): boolean;
  tileCount(): number;
  online(roomId: string): number | null;
  watch(roomId: string, expected: number, t0: number, timeoutMs: number): Promise<number | null>;
  record(on: boolean): number[];
}

export class BoardPage {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  /** Opens the board and waits until it shows `rooms` tiles (or fails saying what it saw). */
  static async open(url: string, opsToken: string, rooms: number, timeoutMs: number): Promise<BoardPage> {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${url}/dashboard?token=${encodeURIComponent(opsToken)}`);
      // tsx compiles with esbuild's keepNames: the probe's inner functions call a global __name.
      await page.evaluate('globalThis.__name ??= (fn) => fn');
      await page.evaluate(installProbe);
      const board = new BoardPage(browser, page);
      const deadline = Date.now() + timeoutMs;
      let seen = { exposed: false, tiles: 0 };
      while (Date.now() < deadline) {
        seen = await page.evaluate(() => {
          const b = (window as unknown as { __bench: BenchProbe }).__bench;
          return { exposed: b.exposed(), tiles: b.tileCount() };
        });
        if (seen.tiles >= rooms) return board;
        await new Promise((r) => setTimeout(r, 250));
      }
      const why =
        seen.tiles === 0 && !seen.exposed
          ? 'no board tiles ([data-testid="board-tile"]) and no window.__opsBoard (is the dashboard merged?)'
          : `it shows ${seen.tiles} of the ${rooms} live rooms`;
      throw new Error(
        `the board at /dashboard did not come up within ${timeoutMs / 1000} s: ${why}` +
          (errors.length ? `; page errors: ${errors.slice(0, 3).join(' | ')}` : ''),
      );
    } catch (error) {
      await browser.close().catch(() => undefined);
      throw error;
    }
  }

  online(roomId: string): Promise<number | null> {
    return this.page.evaluate(
      (id) => (window as unknown as { __bench: BenchProbe }).__bench.online(id),
      roomId,
    );
  }

  /** ms from `t0` until the room's tile shows `expected` online; null when it did not within timeoutMs. */
  watch(roomId: string, expected: number, t0: number, timeoutMs: number): Promise<number | null> {
    return this.page.evaluate(
      ([id, n, t, ms]) => (window as unknown as { __bench: BenchProbe }).__bench.watch(id, n, t, ms),
      [roomId, expected, t0, timeoutMs] as const,
    );
  }

  /** Starts recording frame intervals (on) or stops and returns them (off). */
  record(on: boolean): Promise<number[]> {
    return this.page.evaluate((v) => (window as unknown as { __bench: BenchProbe }).__bench.record(v), on);
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }
}
