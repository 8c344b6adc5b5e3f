// The operations dashboard (/dashboard) served by the studio's backend, opened with an ops token, in
// Chromium, against the real analytics and alerts modules: the board with a live room's tile (its online
// count from a real viewer page), keyboard navigation, one room's rollups (metric cards, funnel, uPlot
// charts, product table), an alert acknowledged, per-room thresholds saved and kept over a reload, and a
// note to the host dismissed from the host's studio over the real socket.
import type { Page } from '@playwright/test';
import { BUCKET_MS } from '../../core/protocol/analytics-events';
import { CLOSE_GRACE_MS } from '../../server/analytics/analytics-hub';
import { testToken } from '../support/room-clients';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { mediasoupUnavailableReason } from '../support/media';
import { addProduct, chooseLanguage, expect, test } from './fixtures';

test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required'],
  },
});

async function backendUrl(page: Page, studioUrl: string): Promise<string> {
  await page.goto(studioUrl);
  const info = await page.evaluate(() => window.studio!.app.getInfo());
  if (!info.ok) throw new Error(info.error.message);
  return info.value.serverUrl;
}

/** The board loaded (no error): its count of live rooms is written. */
async function boardReady(page: Page): Promise<void> {
  await expect(page.getByTestId('board-count')).toHaveText(/^Live rooms: \d+$/);
  await expect(page.getByTestId('board-error')).toHaveCount(0);
}

/** Whether a uPlot chart painted anything on its canvas (axes, grid or series). */
function chartPainted(page: Page, testId: string): Promise<boolean> {
  return page
    .getByTestId(testId)
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) return false;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) return true;
      return false;
    });
}

test('without an ops link, or with a bad one, the dashboard says what to do, in both languages', async ({
  page,
  studio,
  consoleErrors,
}) => {
  const server = await backendUrl(page, studio.url);
  await page.goto(`${server}/dashboard`);
  await expect(page.getByTestId('page-title')).toHaveText('Operations dashboard');
  await expect(page.getByTestId('token-problem')).toHaveAttribute('data-kind', 'missing');
  await expect(page.getByTestId('token-problem')).toContainText('This page needs an operations link');
  await chooseLanguage(page, 'zh-CN');
  await expect(page.getByTestId('token-problem')).toContainText('此页面需要运营链接');
  await chooseLanguage(page, 'en');

  await page.goto(`${server}/dashboard?token=not-a-token`);
  await expect(page.getByTestId('token-problem')).toHaveAttribute('data-kind', 'refused');
  await expect(page.getByTestId('token-problem')).toContainText('not valid for this backend');
  // the token left the address bar, and nothing raw (HTML, a stack) is on the page
  expect(new URL(page.url()).search).toBe('');
  await expect(page.locator('body')).not.toContainText('<');
  // The refused handshake is the only error the browser logs (its WebSocket); the page itself logs none.
  expect(consoleErrors.filter((e) => !/WebSocket|socket\.io|ERR_/.test(e))).toEqual([]);
});

test('with an ops token the board opens; a reload keeps the session; keys and help work', async ({
  page,
  studio,
  consoleErrors,
}) => {
  const server = await backendUrl(page, studio.url);
  await page.goto(`${server}/dashboard?token=${encodeURIComponent(testToken('ops'))}`);
  await expect(page.getByTestId('page-title')).toHaveText('Operations dashboard');
  // the token is kept for the tab and removed from the address bar
  expect(page.url()).not.toContain('token=');
  await expect(page.getByTestId('token-problem')).toHaveCount(0);
  await boardReady(page);
  // A reload keeps the session (sessionStorage), without the token in the address.
  await page.reload();
  await expect(page.getByTestId('token-problem')).toHaveCount(0);
  await boardReady(page);

  await page.locator('body').press('?');
  await expect(page.getByTestId('help-overlay')).toBeVisible();
  await expect(page.getByTestId('help-overlay')).toContainText('Open the focused room');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toHaveCount(0);
  await page.locator('body').press('a');
  await expect(page.getByTestId('board-alerts-only')).toBeChecked();
  expect(consoleErrors).toEqual([]);
});

test('one room: rollups, charts, moderation, an alert acknowledged, thresholds and a note to the host', async ({
  page,
  browser,
  studio,
}) => {
  // Three pages (studio, viewer, ops) and a reload on a shared 2-core machine: more than the default minute.
  test.setTimeout(150_000);
  const server = await backendUrl(page, studio.url);
  await addProduct(page, 'Straw hat', '12.50', '7');
  await expect(page.getByTestId('shelf-product')).toHaveCount(1);
  await page.getByTestId('pin-product').click();
  await expect(page.getByTestId('unpin-product')).toBeVisible();
  const viewerUrl = (await page.getByTestId('viewer-url').textContent())!;
  const roomId = new URL(viewerUrl).searchParams.get('room')!;

  const viewer = await (await browser.newContext()).newPage();
  await viewer.goto(viewerUrl);
  await viewer.getByTestId('viewer-comment-input').fill('buy my followers at spam.example');
  await viewer.getByTestId('viewer-comment-send').click();
  await expect(viewer.getByTestId('viewer-comment')).toContainText(['buy my followers']);

  const ops = await (await browser.newContext()).newPage();
  const opsErrors: string[] = [];
  ops.on('pageerror', (e) => opsErrors.push(String(e)));
  ops.on('console', (m) => m.type() === 'error' && opsErrors.push(m.text()));
  await ops.goto(`${server}/dashboard?token=${encodeURIComponent(testToken('ops'))}#room=${roomId}`);
  await expect(ops.getByTestId('room-view')).toHaveAttribute('data-room-id', roomId);
  await expect(ops.getByTestId('room-error')).toHaveCount(0);

  // The product table lists the room's catalog with its stock and how long it has been presented (pinned).
  await expect(ops.getByTestId('product-row')).toHaveCount(1);
  await expect(ops.getByTestId('product-row')).toContainText('Straw hat');
  await expect(ops.getByTestId('product-stock')).toHaveText('7');
  await expect(ops.getByTestId('product-row').locator('td').first()).toHaveText(/^1× · \d+:\d\d$/);

  // Comments, live: a new one arrives while the room is open.
  await expect(ops.getByTestId('ops-comment')).toContainText(['buy my followers']);
  await viewer.getByTestId('viewer-comment-input').fill('second comment, live');
  await viewer.getByTestId('viewer-comment-send').click();
  await expect(ops.getByTestId('ops-comment').first()).toContainText('second comment, live');

  // Ops deletes the spam: it leaves the ops feed, the viewer's page and the studio.
  const spam = ops.getByTestId('ops-comment').filter({ hasText: 'buy my followers' });
  await spam.getByTestId('comment-delete').click();
  await expect(ops.getByTestId('ops-comment').filter({ hasText: 'buy my followers' })).toHaveCount(0);
  await expect(viewer.getByTestId('viewer-comment').filter({ hasText: 'buy my followers' })).toHaveCount(0);

  // The room's rollups: metric cards with signed deltas, the funnel, the per-minute charts drawn by uPlot.
  await expect(ops.getByTestId('card-online').getByTestId('card-delta')).toHaveText(/^[+−±]/);
  await expect(ops.getByTestId('card-views').getByTestId('card-delta')).toHaveText(/^[+−±]/);
  await expect(ops.getByTestId('funnel-viewers')).toBeVisible();
  await expect(ops.getByTestId('funnel-viewers')).not.toHaveAttribute('data-count', '0');
  for (const chart of ['chart-online', 'chart-comments', 'chart-sentiment', 'chart-gmv']) {
    await expect(ops.getByTestId(chart)).not.toHaveAttribute('data-points', '0');
    await expect.poll(() => chartPainted(ops, chart)).toBe(true);
  }

  // The charts' legends follow the language (uPlot writes them once per chart).
  await chooseLanguage(ops, 'zh-CN');
  await expect(ops.getByTestId('chart-online').locator('.u-legend')).toContainText('在线观众');
  await expect.poll(() => chartPainted(ops, 'chart-online')).toBe(true);
  await chooseLanguage(ops, 'en');
  await expect(ops.getByTestId('chart-online').locator('.u-legend')).toContainText('Online viewers');

  // Thresholds: this room's override (stock low at or under 10) is saved and kept over a reload.
  await expect(ops.getByTestId('thresholds-form')).toBeVisible();
  await expect(ops.getByTestId('thresholds-error')).toHaveCount(0);
  const stockLow = ops.getByTestId('thresholds-form').getByLabel('Stock low at or under');
  await expect(stockLow).toHaveValue('5');
  await stockLow.fill('10');
  await ops.getByTestId('thresholds-save').click();
  await expect(ops.getByTestId('thresholds-form')).toContainText('Saved.');
  await ops.reload();
  await expect(ops.getByTestId('room-view')).toHaveAttribute('data-room-id', roomId);
  await expect(ops.getByTestId('thresholds-form').getByLabel('Stock low at or under')).toHaveValue('10');

  // A sale takes the stock to 6, under the room's threshold: a stock alert, in words, that ops acknowledge.
  await viewer.getByTestId('buy').click();
  await viewer.getByTestId('pay').click();
  await expect(viewer.getByTestId('order-paid')).toBeVisible();
  await expect(ops.getByTestId('product-stock')).toHaveText('6');
  const alert = ops.locator('[data-testid="alert-item"][data-kind="stock_low"]');
  await expect(alert).toHaveCount(1);
  await expect(alert.getByTestId('alert-detail')).toHaveText('Straw hat: 6 left');
  await alert.getByTestId('alert-ack').click();
  await expect(alert.getByTestId('alert-acked')).toContainText('Acknowledged by');
  await expect(ops.getByTestId('ack-error')).toHaveCount(0);

  // Ops mutes the viewer: their next comment is refused.
  await ops
    .getByTestId('ops-comment')
    .filter({ hasText: 'second comment' })
    .getByTestId('comment-mute')
    .click();
  await expect(ops.getByTestId('moderation-error')).toHaveCount(0);
  await viewer.getByTestId('viewer-comment-input').fill('am I muted?');
  await viewer.getByTestId('viewer-comment-send').click();
  await expect(viewer.getByRole('alert').first()).toBeVisible();

  // A note to the host: shown in the studio until the host dismisses it, which ops see.
  await ops.getByTestId('note-input').fill('Please show the hat in daylight');
  await ops.getByTestId('note-send').click();
  const note = ops.getByTestId('note-item').filter({ hasText: 'Please show the hat in daylight' });
  await expect(note).toHaveAttribute('data-dismissed', 'false');
  await expect(ops.getByTestId('note-error')).toHaveCount(0);
  const hostNote = page
    .getByTestId('ops-notes')
    .locator('li', { hasText: 'Please show the hat in daylight' });
  await hostNote.getByRole('button', { name: 'Dismiss' }).click();
  await expect(hostNote).toHaveCount(0);
  await expect(note).toHaveAttribute('data-dismissed', 'true');

  // Escape goes back to the board.
  await ops.locator('body').press('Escape');
  await expect(ops.getByTestId('room-view')).toHaveCount(0);
  await boardReady(ops);
  expect(opsErrors).toEqual([]);
  await viewer.context().close();
  await ops.context().close();
});

test('a live room: ops watch its video; its tile, with its online count, is on the board; keys open it', async ({
  page,
  browser,
  studio,
}) => {
  const noMedia = mediasoupUnavailableReason();
  if (noMedia) console.log(`[dashboard e2e] live video skipped: ${noMedia}`);
  test.skip(noMedia !== null, `live video needs the mediasoup worker: ${noMedia}`);
  const server = await backendUrl(page, studio.url);
  await page.getByTestId('start-preview').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'preview');
  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'live', { timeout: 20_000 });
  const viewerUrl = (await page.getByTestId('viewer-url').textContent())!;
  const roomId = new URL(viewerUrl).searchParams.get('room')!;

  const ops = await (await browser.newContext()).newPage();
  await ops.goto(`${server}/dashboard?token=${encodeURIComponent(testToken('ops'))}#room=${roomId}`);
  // The host's video, consumed like a viewer's: frames are decoded.
  await expect(ops.getByTestId('video-note')).toHaveCount(0, { timeout: 20_000 });
  await expect
    .poll(() => ops.getByTestId('ops-video').evaluate((v: HTMLVideoElement) => v.videoWidth), {
      timeout: 20_000,
    })
    .toBeGreaterThan(0);
  await ops.keyboard.press('Escape');
  await expect(ops.getByTestId('room-view')).toHaveCount(0);
  await boardReady(ops);

  // The live room's tile: nobody watching yet (the ops video is not a viewer), then one viewer page.
  const tile = ops.locator(`[data-testid="board-tile"][data-room-id="${roomId}"]`);
  await expect(tile).toHaveCount(1);
  await expect(tile.getByTestId('tile-title')).not.toBeEmpty();
  await expect(tile.getByTestId('tile-online')).toHaveText('0');
  // The mood is over the last 10 s of comments (the studio's gauge), and the tile says so when there are none.
  await expect(tile).toContainText('No comments in the last 10 s');
  const viewer = await (await browser.newContext()).newPage();
  await viewer.goto(viewerUrl);
  await expect(tile).toHaveAttribute('data-online', '1', { timeout: 15_000 });
  await expect(tile.getByTestId('tile-online')).toHaveText('1');

  await tile.focus();
  // Arrow keys keep the focus on the board's tiles (which one depends on the other live rooms).
  await ops.keyboard.press('ArrowRight');
  await expect(ops.locator('[data-testid="board-tile"]:focus')).toHaveCount(1);
  await tile.focus();
  await ops.keyboard.press('Enter');
  await expect(ops.getByTestId('room-view')).toHaveAttribute('data-room-id', roomId);
  // The cards are as of the last closed 10 s bucket (closed CLOSE_GRACE_MS after its end): a viewer who came
  // in at a bucket's start shows there up to BUCKET_MS + CLOSE_GRACE_MS later, whatever the tile says now.
  await expect(ops.getByTestId('card-online').locator('.metric-value')).toHaveText('1', {
    timeout: BUCKET_MS + CLOSE_GRACE_MS + 5_000,
  });
  await ops.keyboard.press('Escape');
  await expect(tile).toBeVisible();
  // The bench's hook: the board says how many tiles it painted, and when.
  await expect.poll(() => ops.evaluate(() => window.__opsBoard?.tiles ?? 0)).toBeGreaterThan(0);
  // The room leaves the board when it ends.
  await page.getByTestId('end-live').click();
  await expect(tile).toHaveCount(0);
  await viewer.context().close();
  await ops.context().close();
});
