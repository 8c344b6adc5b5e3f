// The /replay page in Chromium against a stand-in backend that speaks the replay contract over a real
// socket.io connection, with real two-segment WebM recordings whose frames carry the timestamp code
// (tests/support/replay-fake-backend.ts). It proves the page: the list, opening a stream by its link,
// seeking (the frame shown is the one asked for, across the gap), click-to-seek from the transcript, the
// comments and search, a replayed danmaku at its time, clips and exports, the finishing banner turning
// ready on a pushed state, a stream without recording, and that user text is never markup.
import { expect, test } from './fixtures';
import {
  REPLAY_TOKEN,
  STAMP_BASE,
  startFakeReplayBackend,
  type FakeReplayBackend,
} from '../support/replay-fake-backend';
import type { Page } from '@playwright/test';

let backend: FakeReplayBackend;

// A desktop workspace (the page also works smaller, scrolling its body).
test.use({ viewport: { width: 1600, height: 1000 } });

test.beforeAll(async () => {
  backend = await startFakeReplayBackend();
});
test.afterAll(async () => {
  await backend?.close();
});

const replayState = (page: Page) => page.evaluate(() => window.__replay!.state());

async function openStream(page: Page, roomId: string) {
  await page.goto(`${backend.url}/replay?token=${REPLAY_TOKEN}&room=${roomId}`);
  await expect.poll(() => page.evaluate(() => window.__replay?.ready ?? false)).toBe(true);
}

test('lists past streams newest first, keeps the token out of the address, and opens one by its link', async ({
  page,
  consoleErrors,
}) => {
  await page.goto(`${backend.url}/replay?token=${REPLAY_TOKEN}`);
  await expect(page.getByTestId('replay-list')).toBeVisible();
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  const rows = page.getByTestId('replay-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toHaveAttribute('data-room', 'r-finishing');
  await expect(rows.nth(1)).toContainText('Spring hats');
  await expect(rows.nth(1)).toContainText('$123.45');
  await expect(rows.nth(2)).toContainText('Not recorded');
  await expect(rows.nth(0).getByTestId('state-badge')).toHaveAttribute('data-state', 'finishing');

  await rows.nth(1).click();
  await expect(page).toHaveURL(/\?room=r-ready$/);
  await expect(page.getByTestId('stream-view')).toHaveAttribute('data-room', 'r-ready');
  await expect.poll(() => page.evaluate(() => window.__replay!.ready)).toBe(true);
  // The link alone opens it again in this tab (the token is kept for the tab).
  await page.reload();
  await expect(page.getByTestId('stream-view')).toHaveAttribute('data-room', 'r-ready');
  await page.goBack();
  await expect(page.getByTestId('replay-list')).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('seeking shows the frame of that stream time, in either segment, and skips the gap', async ({
  page,
  consoleErrors,
}) => {
  await openStream(page, 'r-ready');
  for (const ms of [2000, 4533, 10_000, 13_000, 1000]) {
    await page.evaluate((t) => window.__replay!.seek(t), ms);
    const stamp = await page.evaluate(() => window.__replay!.frameStamp());
    expect(stamp, `frame at ${ms}`).not.toBeNull();
    // One frame is 67 ms at 15 fps.
    expect(Math.abs(stamp! - STAMP_BASE - ms), `frame at ${ms}`).toBeLessThanOrEqual(70);
    const s = await replayState(page);
    expect(s.segmentSeq).toBe(ms >= 8000 ? 2 : 1);
  }
  // Inside the gap (6-8 s): the next segment's start.
  await page.evaluate(() => window.__replay!.seek(7000));
  expect((await replayState(page)).currentMs).toBeGreaterThanOrEqual(8000);
  expect((await page.evaluate(() => window.__replay!.frameStamp()))! - STAMP_BASE).toBeLessThan(8100);
  await expect(page.getByTestId('marker').filter({ hasText: 'Gap' }).first()).toBeVisible();

  // Playing across the end of segment 1 goes on in segment 2.
  await page.evaluate(() => window.__replay!.seek(5200));
  await page.keyboard.press('Space');
  await expect.poll(async () => (await replayState(page)).segmentSeq, { timeout: 8000 }).toBe(2);
  const after = await replayState(page);
  expect(after.playing).toBe(true);
  expect(after.currentMs).toBeGreaterThanOrEqual(8000);
  await page.keyboard.press('Space');
  await expect.poll(async () => (await replayState(page)).playing).toBe(false);
  // A click on the timeline seeks there (the plot spans the stream's 14 s).
  const plot = page.getByTestId('chart-sales').locator('.u-over');
  const box = (await plot.boundingBox())!;
  await plot.click({ position: { x: (box.width * 11) / 14, y: box.height / 2 } });
  await expect.poll(async () => (await replayState(page)).currentMs).toBeGreaterThan(10_500);
  expect((await replayState(page)).currentMs).toBeLessThan(11_500);
  await page.evaluate(() => window.__replay!.seek(12_000));
  // J goes back 10 s.
  const before = (await replayState(page)).currentMs;
  await page.keyboard.press('j');
  await expect.poll(async () => (await replayState(page)).currentMs).toBeLessThan(before - 2000);
  expect(consoleErrors).toEqual([]);
});

test('a transcript line, a segment row and a search hit seek; text from users and captions stays text', async ({
  page,
  consoleErrors,
}) => {
  await openStream(page, 'r-ready');
  await expect(page.getByTestId('ai-label')).toBeVisible();
  const lines = page.getByTestId('transcript-line');
  await expect(lines).toHaveCount(3);
  await lines.nth(1).click();
  await expect.poll(async () => (await replayState(page)).currentMs).toBe(4200);
  await expect(lines.nth(1)).toHaveAttribute('aria-current', 'true');
  // The interface's language first; markup in a caption is shown as its characters.
  await expect(page.getByTestId('transcript-lang')).toHaveValue('en');
  await expect(lines.nth(2)).toContainText('<b>not markup</b>');
  await page.getByTestId('transcript-lang').selectOption('zh-CN');
  await expect(lines.nth(0)).toContainText('大家好');
  await expect(lines.nth(2)).toContainText('<b>不是标记</b>');
  await expect(page.locator('b')).toHaveCount(0);

  await page.getByTestId('segment-row').first().click();
  await expect.poll(async () => (await replayState(page)).currentMs).toBe(4000);

  // Search (Chinese) from the keyboard: / focuses the box.
  await page.keyboard.press('/');
  await expect(page.getByTestId('search-input')).toBeFocused();
  await page.keyboard.type('弹幕');
  const hits = page.getByTestId('search-hit');
  await expect(hits).toHaveCount(1);
  await expect(hits.first()).toHaveAttribute('data-kind', 'comment');
  await hits.first().click();
  await expect.poll(async () => (await replayState(page)).currentMs).toBe(3500);
  const current = page.locator('[data-testid="comment-row"][aria-current="true"]');
  await expect(current).toContainText('好看的弹幕');
  await expect(current).toHaveAttribute('data-sentiment', 'pos');

  // A comment that looks like markup is listed as text and runs nothing.
  await page.getByTestId('search-input').fill('onerror');
  await expect(hits).toHaveCount(1);
  await expect(hits.first()).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('a comment flies over the video at its time, and the layer can be hidden', async ({
  page,
  consoleErrors,
}) => {
  await openStream(page, 'r-ready');
  const onStage = () => page.evaluate(() => window.__replay!.danmakuOnStage());
  // Paused just before the comment's time (3.5 s): not there; 200 ms later: there.
  await page.evaluate(() => window.__replay!.seek(3400));
  await page.waitForTimeout(400);
  expect(await onStage()).not.toContain('好看的弹幕');
  await page.evaluate(() => window.__replay!.seek(3600));
  await expect.poll(onStage).toContain('好看的弹幕');
  // Playing into the next one (10.5 s, after the gap): it shows once the playhead has passed its time.
  await page.evaluate(() => window.__replay!.seek(9800));
  await page.getByTestId('play-toggle').click();
  await expect.poll(onStage, { timeout: 5000 }).toContain('太贵了');
  expect((await replayState(page)).currentMs).toBeGreaterThanOrEqual(10_500);
  await page.getByTestId('danmaku-toggle').click();
  await expect.poll(() => page.evaluate(() => window.__replay!.danmakuOnStage())).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('a clip shows that it is cut, then its link; a clip the backend refuses says why; exports list their links', async ({
  page,
}) => {
  await openStream(page, 'r-ready');
  const rows = page.getByTestId('highlight-row');
  await expect(rows).toHaveCount(2);
  const first = rows.nth(0).getByTestId('clip-button');
  await first.click();
  await expect(first).toBeDisabled();
  await expect(first).toHaveAttribute('aria-busy', 'true');
  await expect(rows.nth(0).getByTestId('clip-link')).toHaveAttribute('href', '/media/s1.webm');
  await expect(first).toBeEnabled();
  await rows.nth(1).getByTestId('clip-button').click();
  await expect(rows.nth(1).getByTestId('clip-error')).toContainText('FFmpeg not found');

  await page.getByTestId('exports-menu').locator('summary').click();
  const links = page.getByTestId('export-link');
  await expect(links).toHaveCount(7);
  await expect(links.first()).toHaveAttribute('href', '/media/r-ready-minutes.csv');
  await expect(page.locator('[data-testid="export-link"][data-kind="vtt:zh-CN"]')).toHaveAttribute(
    'href',
    '/media/zh.vtt',
  );
});

test('a finishing stream says so and turns ready when the backend pushes its state', async ({
  page,
  consoleErrors,
}) => {
  await openStream(page, 'r-finishing');
  const banner = page.getByTestId('finishing-banner');
  await expect(banner).toContainText(/Still finishing — ready in about \d+ s/);
  backend.setState('r-finishing', 'ready');
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('stream-view').getByTestId('state-badge')).toHaveAttribute(
    'data-state',
    'ready',
  );
  expect(consoleErrors).toEqual([]);
});

test('a stream without recording says why, and the transcript still seeks; the page speaks Chinese', async ({
  page,
  consoleErrors,
}) => {
  await openStream(page, 'r-norec');
  await expect(page.getByTestId('no-recording')).toContainText('FFmpeg not found: install ffmpeg');
  await expect(page.getByTestId('replay-video')).toHaveCount(0);
  await page.getByTestId('transcript-line').nth(2).click();
  await expect.poll(async () => (await replayState(page)).currentMs).toBe(9500);
  await expect(page.getByTestId('clip-button').first()).toBeDisabled();
  await page.getByTestId('language-switcher').selectOption('zh-CN');
  await expect(page.getByTestId('page-title')).toHaveText('回放分析');
  await expect(page.getByTestId('no-recording')).toContainText('这场直播没有录像');
  await expect(page.getByTestId('ai-label')).toHaveText('AI 生成');
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toContainText('播放或暂停');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('without a token, or with one the backend refuses, the page says it needs a replay link', async ({
  page,
}) => {
  await page.goto(`${backend.url}/replay`);
  await expect(page.getByTestId('token-problem')).toHaveAttribute('data-kind', 'missing');
  await page.goto(`${backend.url}/replay?token=wrong`);
  await expect(page.getByTestId('token-problem')).toHaveAttribute('data-kind', 'refused');
});
