// The studio's keys do not depend on its panels: with every panel but the preview hidden, Ctrl+Enter goes
// live (a viewer sees and hears the stream through the real SFU) and ends it again, and a key that cannot
// act now says why instead of doing nothing. Which panels are hidden outlives a reload.
import type { Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { mediasoupUnavailableReason } from '../support/media';
import { expect, test } from './fixtures';

const skipReason = mediasoupUnavailableReason();
if (skipReason) console.log(`[panels e2e] skipped: ${skipReason}`);

test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required'],
  },
});

const valueOf = async (page: Page, id: string) =>
  Number(await page.getByTestId(id).getAttribute('data-value'));

async function hideEveryPanel(page: Page): Promise<void> {
  const toggles = page.getByTestId('panel-toggles').getByRole('button');
  const count = await toggles.count();
  expect(count).toBeGreaterThan(5);
  for (let i = 0; i < count; i++) {
    const toggle = toggles.nth(i);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  }
}

test('Ctrl+Enter goes live with every panel but the preview hidden', async ({
  page,
  browser,
  studio,
  consoleErrors,
}) => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(120_000);
  await page.goto(studio.url);
  await expect(page.getByTestId('page-title')).toHaveText('Studio');
  // The host has answered (its pushes and first answers come in order on one socket).
  expect(await page.evaluate(() => window.studio!.app.getInfo())).toMatchObject({ ok: true });

  await hideEveryPanel(page);
  for (const id of ['go-live', 'start-preview', 'room-title', 'captions-card', 'backend-state', 'app-mode']) {
    await expect(page.getByTestId(id)).toHaveCount(0);
  }
  await expect(page.getByTestId('preview-panel')).toBeVisible();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'idle');

  // A key that cannot act yet says why, with the panel that has its button hidden.
  await page.keyboard.press('k');
  await expect(page.getByTestId('command-refused')).toContainText('go live or add a product first');
  await expect(page.getByTestId('command-refused')).toHaveAttribute('data-command', 'live.mark');

  // Ctrl+Enter: camera on, room created, live, from the keyboard alone.
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'live', { timeout: 30_000 });
  await expect(page.getByTestId('go-live')).toHaveCount(0);

  // Showing the Go live panel again finds it live, with the viewer link; a viewer watches with sound.
  await page.getByTestId('panel-toggle-go-live').click();
  await expect(page.getByTestId('end-live')).toBeVisible();
  const viewerUrl = (await page.getByTestId('viewer-url').textContent())!;
  const viewer = await (await browser.newContext()).newPage();
  await viewer.goto(`${viewerUrl}&stats`);
  await expect(viewer.getByTestId('viewer-status')).toHaveAttribute('data-status', 'live', {
    timeout: 20_000,
  });
  await expect.poll(() => valueOf(viewer, 'stat-frames'), { timeout: 20_000 }).toBeGreaterThan(10);
  const frames = await valueOf(viewer, 'stat-frames');
  const audio = await valueOf(viewer, 'stat-audio');
  await expect.poll(() => valueOf(viewer, 'stat-frames'), { timeout: 10_000 }).toBeGreaterThan(frames + 10);
  await expect.poll(() => valueOf(viewer, 'stat-audio'), { timeout: 10_000 }).toBeGreaterThan(audio);

  // Hidden again, Ctrl+Enter ends the stream for the viewer too.
  await page.getByTestId('panel-toggle-go-live').click();
  await expect(page.getByTestId('end-live')).toHaveCount(0);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'ended', { timeout: 20_000 });
  await expect(viewer.getByTestId('viewer-status')).toHaveAttribute('data-status', 'ended');
  await viewer.context().close();

  // The host keeps which panels are hidden: the studio opens again the way it was left, and shows them all
  // once they are shown (which also leaves this worker's studio as the next spec expects it).
  await page.reload();
  await expect(page.getByTestId('preview-panel')).toBeVisible();
  await expect(page.getByTestId('panel-toggle-go-live')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('go-live')).toHaveCount(0);
  await showEveryPanel(page);
  await page.reload();
  await expect(page.getByTestId('go-live')).toBeVisible();
  await expect(page.getByTestId('backend-state')).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

async function showEveryPanel(page: Page): Promise<void> {
  const toggles = page.getByTestId('panel-toggles').getByRole('button');
  const count = await toggles.count();
  for (let i = 0; i < count; i++) {
    const toggle = toggles.nth(i);
    if ((await toggle.getAttribute('aria-pressed')) === 'false') await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  }
}
