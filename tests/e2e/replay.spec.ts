// Replay end to end: the studio (browser mode) streams the test pattern with fake-microphone speech and
// random-weight caption models; viewers comment and buy; the host pins two products, marks a moment, the
// media worker is killed mid-stream (a second recording segment), then the host ends. The backend records
// through the real mediasoup PlainTransport -> FFmpeg path. The /replay page, opened from the studio's
// link, lists the stream within 60 s; seeking to the mark shows that moment's frame (the test pattern's
// clock read off the replayed video); a transcript line and a search hit seek; a comment comes back as
// danmaku at its time; the product segments' GMV is the database's; the exports parse (CSV columns, and
// Chromium's own WebVTT parser for the captions).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from '@playwright/test';
import { MINUTES_CSV_COLUMNS, SEGMENTS_CSV_COLUMNS } from '../../core/protocol/replay';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { mediasoupUnavailableReason } from '../support/media';
import { ffmpegUnavailableReason } from '../support/rtp-source';
import { startStudio, tempDataDir, type Launched } from '../support/processes';
import { prepareCaptionStudio } from '../support/caption-studio';
import { addProduct, expect, test, showTab } from './fixtures';

const skipReason = mediasoupUnavailableReason() ?? ffmpegUnavailableReason();
if (skipReason) console.log(`[replay e2e] skipped: ${skipReason}`);

const hookState = (page: Page) => page.evaluate(() => window.__replay!.state());
/** Seeks the replay and reads the test pattern's clock (epoch ms) off the frame shown then. */
async function frameAt(page: Page, ms: number): Promise<number | null> {
  return page.evaluate(async (at) => {
    await window.__replay!.seek(at);
    return window.__replay!.frameStamp();
  }, ms);
}
const money = (text: string | null) => Math.round(Number((text ?? '').replace(/[^0-9.]/g, '')) * 100);

test.describe('replay', () => {
  test.describe.configure({ mode: 'serial' });
  let dir: string;
  let home: string;
  let studio: Launched;
  let hostBrowser: Browser;

  test.beforeAll(async () => {
    if (skipReason) return;
    dir = mkdtempSync(path.join(os.tmpdir(), 'lb-e2e-replay-'));
    const { models, micWav: wav } = await prepareCaptionStudio(dir);
    home = tempDataDir('lb-e2e-replay-home-');
    studio = await startStudio(['--data-dir', home], {
      LIVEBRIDGE_MODELS: models,
      LIVEBRIDGE_MODEL_HUB: 'http://127.0.0.1:9',
    });
    hostBrowser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        ...CHROMIUM_ARGS,
        ...FAKE_MEDIA_ARGS,
        `--use-file-for-fake-audio-capture=${wav}`,
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
  });

  test.afterAll(async () => {
    await hostBrowser?.close();
    await studio?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a recorded stream replays on one timeline: video, transcript, danmaku, sales, exports', async ({
    browser,
  }) => {
    test.skip(skipReason !== null, skipReason ?? '');
    test.setTimeout(360_000);
    const db = () => new Database(path.join(home, 'livebridge.sqlite'), { readonly: true });
    const page = await (await hostBrowser.newContext({ locale: 'en-US' })).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(studio.url);

    await addProduct(page, 'Sunglow', '19.99', '50');
    await expect(page.getByTestId('shelf-product')).toHaveCount(1);
    await addProduct(page, 'Moon hat', '5.50', '50');
    await expect(page.getByTestId('shelf-product')).toHaveCount(2);

    await showTab(page, 'captions');
    const card = page.getByTestId('captions-card');
    await expect(card.getByTestId('model-row-whisper-base')).toHaveAttribute('data-state', 'ready');
    await card.getByTestId('captions-source-lang').selectOption('en');
    await card.getByTestId('caption-target-es').check();

    await page.getByTestId('start-preview').click();
    await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'preview');
    await page.getByTestId('camera-select').selectOption('test-pattern');
    await page.getByTestId('go-live').click();
    await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'live', { timeout: 30_000 });
    await expect(page.getByTestId('recording-status')).toHaveAttribute('data-state', 'recording', {
      timeout: 20_000,
    });
    await card.getByTestId('captions-start').click();
    const viewerUrl = (await page.getByTestId('viewer-url').textContent())!;
    const roomId = new URL(viewerUrl).searchParams.get('room')!;
    const paidOrders = () =>
      db().prepare("SELECT COUNT(*) AS n FROM orders WHERE room_id = ? AND status = 'paid'").get(roomId) as {
        n: number;
      };

    // The first product pinned; a viewer asks and buys.
    await page.getByTestId('pin-product').first().click();
    const viewer = await (await browser.newContext({ locale: 'es-ES' })).newPage();
    await viewer.goto(viewerUrl);
    await expect(viewer.getByTestId('pinned-title')).toHaveText('Sunglow', { timeout: 30_000 });
    await viewer.getByTestId('viewer-comment-input').fill('Is the Sunglow waterproof?');
    await viewer.getByTestId('viewer-comment-send').click();
    await viewer.getByTestId('buy').click();
    await viewer.getByTestId('pay').click();
    await expect.poll(() => paidOrders().n, { timeout: 20_000 }).toBe(1);

    // Speech in the captions (both languages), then captions off: the mark below is read off the replayed
    // picture, and the random-weight models share these two cores with the host's encoder (frames it drops
    // are frames the recording does not have).
    await expect(card.getByTestId('caption-lane-es')).toBeVisible({ timeout: 60_000 });
    await page.waitForTimeout(4_000);
    await card.getByTestId('captions-stop').click();
    await expect(card.getByTestId('captions-start')).toBeVisible();
    await page.waitForTimeout(2_000);
    await page.getByTestId('mark-moment').click();
    await expect(page.getByTestId('mark-moment')).toContainText('1');
    await page.waitForTimeout(3_000);

    // The media worker dies: the stream comes back on a new worker, the recording in a second segment.
    const workers = execFileSync('pgrep', ['-P', String(studio.child.pid), '-f', 'mediasoup-worker'])
      .toString()
      .trim()
      .split('\n')
      .map(Number);
    for (const pid of workers) process.kill(pid, 'SIGKILL');
    await expect(page.getByTestId('media-reset')).toBeVisible();
    await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'live');
    // The recorder's second segment has begun (what happens before it is the gap).
    await expect
      .poll(
        () =>
          (
            db().prepare('SELECT COUNT(*) AS n FROM recording_segments WHERE room_id = ?').get(roomId) as {
              n: number;
            }
          ).n,
        { timeout: 30_000 },
      )
      .toBe(2);
    // The comment below must come at least 2 s into that segment (the replay seeks to 1.5 s before it): the
    // viewer sees moving video again (the host's video reaches the new worker, so the recorder too: a video
    // that comes late moves the segment's start), then the segment is 2 s old.
    const frames = () =>
      viewer.evaluate(() => document.querySelector('video')?.getVideoPlaybackQuality().totalVideoFrames ?? 0);
    const framesBefore = await frames();
    await expect.poll(frames, { timeout: 30_000 }).toBeGreaterThan(framesBefore + 10);
    const liveAt = (
      db().prepare('SELECT live_started_at AS t FROM rooms WHERE id = ?').get(roomId) as { t: number }
    ).t;
    const segmentAge = () => {
      const row = db()
        .prepare('SELECT start_ms AS s FROM recording_segments WHERE room_id = ? ORDER BY seq DESC LIMIT 1')
        .get(roomId) as { s: number };
      return Date.now() - (liveAt + row.s);
    };
    await expect.poll(segmentAge, { timeout: 20_000 }).toBeGreaterThanOrEqual(2_000);

    // The second product pinned, a Chinese comment that comes back as danmaku, a second order.
    await page.getByTestId('pin-product').last().click();
    await expect(viewer.getByTestId('pinned-title')).toHaveText('Moon hat', { timeout: 20_000 });
    const danmaku = '月亮帽子真好看';
    await viewer.getByTestId('viewer-comment-input').fill(danmaku);
    await viewer.getByTestId('viewer-comment-send').click();
    await viewer.getByTestId('buy').click();
    await viewer.getByTestId('pay').click();
    await expect.poll(() => paidOrders().n, { timeout: 20_000 }).toBe(2);
    await page.waitForTimeout(6_000);

    await page.getByTestId('end-live').click();
    await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'ended');
    const endedAt = Date.now();
    await viewer.context().close();

    // The replay, from the studio's link (the host's own streams): listed and ready within 60 s.
    const replayUrl = await page.evaluate(async () => {
      const r = await window.studio!.replay.link();
      if (!r.ok || !r.value.url) throw new Error(r.ok ? 'no replay link' : r.error.message);
      return r.value.url;
    });
    const replay = await (
      await hostBrowser.newContext({ locale: 'en-US', viewport: { width: 1600, height: 1000 } })
    ).newPage();
    replay.on('pageerror', (e) => pageErrors.push(String(e)));
    await replay.goto(replayUrl);
    const badge = replay.locator(
      `[data-testid="replay-row"][data-room="${roomId}"] [data-testid="state-badge"]`,
    );
    await expect(badge).toBeVisible({ timeout: 20_000 });
    await expect
      .poll(
        async () => {
          if ((await badge.getAttribute('data-state')) !== 'ready') await replay.reload();
          return badge.getAttribute('data-state');
        },
        { timeout: 60_000 - (Date.now() - endedAt), intervals: [2_000] },
      )
      .toBe('ready');
    console.log(`[replay e2e] listed ready ${((Date.now() - endedAt) / 1000).toFixed(1)} s after the end`);
    await replay.locator(`[data-testid="replay-row"][data-room="${roomId}"]`).click();
    await replay.waitForFunction(() => window.__replay?.ready === true, null, { timeout: 20_000 });

    // Two recording segments with a gap between them (the worker restart), shown on the timeline.
    const room = db().prepare('SELECT live_started_at AS liveAt FROM rooms WHERE id = ?').get(roomId) as {
      liveAt: number;
    };
    const segments = db()
      .prepare(
        'SELECT seq, start_ms AS startMs, end_ms AS endMs FROM recording_segments WHERE room_id = ? ORDER BY seq',
      )
      .all(roomId) as { seq: number; startMs: number; endMs: number }[];
    expect(segments.length).toBeGreaterThanOrEqual(2);
    await expect(replay.locator('[data-testid="marker"][data-kind="gap"]').first()).toBeVisible();
    await expect(replay.locator('[data-testid="marker"][data-kind="pin"]')).toHaveCount(2);

    // Seeking to the mark shows the frame of that moment: the test pattern's clock within 0.5 s of it.
    const mark = db()
      .prepare("SELECT payload FROM host_events WHERE room_id = ? AND type = 'analytics.mark'")
      .get(roomId) as { payload: string };
    const markAt = (JSON.parse(mark.payload) as { at: number }).at;
    await replay.locator('[data-testid="marker"][data-kind="mark"]').click();
    await expect
      .poll(async () => {
        const stamp = await replay.evaluate(() => window.__replay!.frameStamp());
        return stamp === null ? Infinity : Math.abs(stamp - markAt);
      })
      .toBeLessThanOrEqual(500);
    // ...and both segments play with their own clock (the replay crosses the gap).
    // (Five frames each, across the segment's middle half, the closest counts: frames the host's encoder
    // dropped under load are not there; a clean-clone CI run once saw 3 s of one frame in the middle.)
    for (const s of [segments[0]!, segments.at(-1)!]) {
      const len = s.endMs - s.startMs;
      const offsets: number[] = [];
      for (const at of [0.25, 0.375, 0.5, 0.625, 0.75].map((f) => s.startMs + Math.round(len * f))) {
        const stamp = await frameAt(replay, at);
        if (stamp !== null) offsets.push(Math.abs(stamp - (room.liveAt + at)));
      }
      expect(Math.min(...offsets), `segment ${s.seq}: ${offsets.join(', ')} ms off`).toBeLessThanOrEqual(500);
    }

    // A transcript line click seeks to it.
    const line = replay.getByTestId('transcript-line').first();
    await expect(line).toBeVisible();
    const lineStart = Number(await line.getAttribute('data-start'));
    await frameAt(replay, lineStart > 5_000 ? 0 : lineStart + 5_000);
    await line.click();
    await expect
      .poll(async () => Math.abs((await hookState(replay)).currentMs - lineStart))
      .toBeLessThan(1000);

    // A search in Chinese finds the comment; its hit seeks there; played on, it comes back as danmaku.
    await replay.getByTestId('search-input').fill('帽子');
    const hit = replay.getByTestId('search-hit').filter({ hasText: danmaku });
    await expect(hit).toBeVisible();
    const commentAt = Number(await hit.getAttribute('data-t'));
    await replay.evaluate((at) => window.__replay!.seek(at), Math.max(0, commentAt - 3_000));
    await hit.click();
    await expect
      .poll(async () => Math.abs((await hookState(replay)).currentMs - commentAt))
      .toBeLessThan(1000);
    const before = commentAt - 1_500;
    console.log(
      `[replay e2e] the comment came ${commentAt - segments.at(-1)!.startMs} ms into the last segment`,
    );
    expect(before, 'the comment came 1.5 s or more into the last segment').toBeGreaterThanOrEqual(
      segments.at(-1)!.startMs,
    );
    await replay.evaluate((at) => window.__replay!.seek(at), before);
    expect(await replay.evaluate(() => window.__replay!.danmakuOnStage())).not.toContain(danmaku);
    await replay.getByTestId('play-toggle').click();
    await expect
      .poll(() => replay.evaluate(() => window.__replay!.danmakuOnStage()), { timeout: 10_000 })
      .toContain(danmaku);
    const shownAt = (await hookState(replay)).currentMs;
    expect(shownAt).toBeGreaterThanOrEqual(commentAt - 200);
    expect(shownAt).toBeLessThan(commentAt + 2_000);
    await replay.getByTestId('play-toggle').click();

    // The product segments' GMV is the database's.
    const dbGmv = (
      db().prepare('SELECT SUM(amount_minor) AS gmv FROM orders WHERE room_id = ?').get(roomId) as {
        gmv: number;
      }
    ).gmv;
    expect(dbGmv).toBe(1999 + 550);
    await expect(replay.getByTestId('segment-row')).toHaveCount(2);
    const cells = await replay.getByTestId('segment-gmv').allTextContents();
    expect(cells.map(money).reduce((a, b) => a + b, 0)).toBe(dbGmv);

    // The exports parse: CSV columns, and Chromium's WebVTT parser reads the captions file.
    const menu = replay.getByTestId('exports-menu');
    if (!(await menu.getByTestId('export-link').first().isVisible())) await menu.click();
    const hrefOf = (kind: string) =>
      menu.locator(`[data-testid="export-link"][data-kind="${kind}"]`).getAttribute('href');
    const fetchText = (href: string | null) => replay.evaluate((h) => fetch(h!).then((r) => r.text()), href);
    const minutesCsv = await fetchText(await hrefOf('minutes.csv'));
    expect(minutesCsv.split(/\r?\n/)[0]).toBe(MINUTES_CSV_COLUMNS.join(','));
    expect(minutesCsv.trim().split(/\r?\n/).length).toBeGreaterThan(1);
    const segmentsCsv = await fetchText(await hrefOf('segments.csv'));
    expect(segmentsCsv.split(/\r?\n/)[0]).toBe(SEGMENTS_CSV_COLUMNS.join(','));
    expect(segmentsCsv.trim().split(/\r?\n/)).toHaveLength(3);
    const events = JSON.parse(await fetchText(await hrefOf('events.json'))) as unknown;
    expect(events).toBeTruthy();
    const cues = await replay.evaluate(
      async (href) => {
        const video = document.createElement('video');
        const track = document.createElement('track');
        track.src = href!;
        track.kind = 'subtitles';
        track.default = true;
        video.append(track);
        document.body.append(video);
        track.track.mode = 'hidden';
        await new Promise<void>((resolve, reject) => {
          track.addEventListener('load', () => resolve());
          track.addEventListener('error', () => reject(new Error('WebVTT did not parse')));
        });
        const list = [...track.track.cues!].map((c) => (c as VTTCue).text);
        video.remove();
        return list;
      },
      await hrefOf('vtt:es'),
    );
    expect(cues.length).toBeGreaterThan(0);

    expect(pageErrors).toEqual([]);
  });
});
