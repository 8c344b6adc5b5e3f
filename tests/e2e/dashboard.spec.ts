// The operations dashboard (/dashboard) served by the studio's backend, opened with an ops token, in
// Chromium. Until the `analytics` and `alerts` modules merge, the backend answers 'ops:board', 'ops:room',
// 'ops:thresholds' and 'alert:ack' with `unavailable`: the page must then say so in words. Assertions that
// need those modules are in the blocks marked AFTER-MERGE: they run when the backend serves the board and
// are skipped (with the reason) while it answers `unavailable`.
import type { Page } from '@playwright/test';
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

/** Whether the board loaded (the analytics module is there) or said it is not available yet. */
async function boardState(page: Page): Promise<'ready' | 'unavailable'> {
  const grid = page.getByTestId('board-count');
  const error = page.getByTestId('board-error');
  await expect
    .poll(async () => ((await error.count()) > 0 ? 'unavailable' : (await grid.textContent()) ? 'ready' : ''))
    .not.toBe('');
  if ((await error.count()) > 0) {
    await expect(error).toHaveAttribute('data-code', 'unavailable');
    return 'unavailable';
  }
  return 'ready';
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

test('with an ops token the board opens (or says the backend has no board yet); keys and help work', async ({
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
  const state = await boardState(page);
  if (state === 'unavailable') {
    await expect(page.getByTestId('board-error')).toContainText('This backend does not provide it yet.');
    await chooseLanguage(page, 'zh-CN');
    await expect(page.getByTestId('board-error')).toContainText('该后端尚未提供此功能。');
    await chooseLanguage(page, 'en');
  }
  // A reload keeps the session (sessionStorage), without the token in the address.
  await page.reload();
  await expect(page.getByTestId('token-problem')).toHaveCount(0);
  await boardState(page);

  await page.locator('body').press('?');
  await expect(page.getByTestId('help-overlay')).toBeVisible();
  await expect(page.getByTestId('help-overlay')).toContainText('Open the focused room');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toHaveCount(0);
  await page.locator('body').press('a');
  await expect(page.getByTestId('board-alerts-only')).toBeChecked();
  expect(consoleErrors).toEqual([]);
});

test('one room: comments with ops moderation, the product table, and what is not available yet', async ({
  page,
  browser,
  studio,
}) => {
  const server = await backendUrl(page, studio.url);
  await addProduct(page, 'Straw hat', '12.50', '7');
  await expect(page.getByTestId('viewer-url')).toBeVisible();
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

  // The product table lists the room's catalog with its stock.
  await expect(ops.getByTestId('product-row')).toHaveCount(1);
  await expect(ops.getByTestId('product-row')).toContainText('Straw hat');
  await expect(ops.getByTestId('product-stock')).toHaveText('7');

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

  // The room's rollups, alerts and thresholds come from the analytics and alerts modules.
  const roomError = ops.getByTestId('room-error');
  const cards = ops.getByTestId('card-online');
  await expect(roomError.or(cards).first()).toBeVisible();
  if ((await roomError.count()) > 0) {
    // BEFORE-MERGE: the backend answers `unavailable`, and the page says so in words.
    await expect(roomError).toHaveAttribute('data-code', 'unavailable');
    await expect(roomError).toContainText('This backend does not provide it yet.');
    await expect(ops.getByTestId('thresholds-error')).toHaveAttribute('data-code', 'unavailable');
  } else {
    // AFTER-MERGE: metric cards with signed deltas, the funnel, the charts.
    await expect(ops.getByTestId('card-online').getByTestId('card-delta')).toHaveText(/^[+−±]/);
    await expect(ops.getByTestId('funnel-viewers')).toBeVisible();
    await expect(ops.getByTestId('thresholds-form')).toBeVisible();
  }

  // A note to the host: sent, or refused in words until the alerts module is there.
  await ops.getByTestId('note-input').fill('Please show the hat in daylight');
  await ops.getByTestId('note-send').click();
  await expect(ops.getByTestId('note-item').or(ops.getByTestId('note-error')).first()).toBeVisible();
  if ((await ops.getByTestId('note-error').count()) > 0)
    await expect(ops.getByTestId('note-error')).toContainText('not built yet');
  else await expect(ops.getByTestId('note-item')).toHaveAttribute('data-dismissed', 'false');

  // Escape goes back to the board.
  await ops.locator('body').press('Escape');
  await expect(ops.getByTestId('room-view')).toHaveCount(0);
  await boardState(ops);
  expect(opsErrors).toEqual([]);
  await viewer.context().close();
  await ops.context().close();
});

test('a live room: ops watch its video; AFTER-MERGE: its tile is on the board, arrows and Enter open it', async ({
  page,
  browser,
  studio,
}) => {
  const noMedia = mediasoupUnavailableReason();
  test.skip(noMedia !== null, `live video needs the mediasoup worker: ${noMedia}`);
  const server = await backendUrl(page, studio.url);
  await page.getByTestId('start-preview').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'preview');
  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'live', { timeout: 20_000 });
  const roomId = new URL((await page.getByTestId('viewer-url').textContent())!).searchParams.get('room')!;

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

  test.skip(
    (await boardState(ops)) === 'unavailable',
    'AFTER-MERGE: the board needs the analytics module (ops:board answers unavailable until it is merged)',
  );
  const tile = ops.locator(`[data-testid="board-tile"][data-room-id="${roomId}"]`);
  await expect(tile).toHaveCount(1);
  await expect(tile.getByTestId('tile-title')).not.toBeEmpty();
  await tile.focus();
  // Arrow keys keep the focus on the board's tiles (which one depends on the other live rooms).
  await ops.keyboard.press('ArrowRight');
  await expect(ops.locator('[data-testid="board-tile"]:focus')).toHaveCount(1);
  await tile.focus();
  await ops.keyboard.press('Enter');
  await expect(ops.getByTestId('room-view')).toHaveAttribute('data-room-id', roomId);
  await ops.keyboard.press('Escape');
  await expect(tile).toBeVisible();
  // The bench's hook: the board says how many tiles it painted, and when.
  await expect.poll(() => ops.evaluate(() => window.__opsBoard?.tiles ?? 0)).toBeGreaterThan(0);
  // The room leaves the board when it ends.
  await page.getByTestId('end-live').click();
  await expect(tile).toHaveCount(0);
  await ops.context().close();
});
