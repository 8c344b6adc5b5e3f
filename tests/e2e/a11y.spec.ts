// axe-core (WCAG 2 A and AA) on every page while a stream is live: the studio, the viewer page at desktop
// and phone size, the ops dashboard with the live room open, and the replay page with a stream open.
// One go-live, every page visited in it.
import type { Page } from '@playwright/test';
import { axeViolations } from '../support/axe';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { mediasoupUnavailableReason } from '../support/media';
import { REPLAY_TOKEN, startFakeReplayBackend } from '../support/replay-fake-backend';
import { testToken } from '../support/room-clients';
import { expect, openStudioWithPinnedProduct, startPreviewAndGoLive, test } from './fixtures';

const skipReason = mediasoupUnavailableReason();
if (skipReason) console.log(`[a11y e2e] skipped: ${skipReason}`);
test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required'],
  },
});

async function expectNoViolations(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

test('no WCAG 2 A/AA violation on the studio, viewer, dashboard and replay pages while live', async ({
  page,
  browser,
  studio,
}) => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(120_000);
  const replay = startFakeReplayBackend();
  await openStudioWithPinnedProduct(page, studio.url, 'Silk scarf');
  const info = await page.evaluate(() => window.studio!.app.getInfo());
  if (!info.ok) throw new Error(info.error.message);
  const viewerUrl = await startPreviewAndGoLive(page);
  const roomId = new URL(viewerUrl).searchParams.get('room')!;

  const viewer = await (await browser.newContext()).newPage();
  await viewer.goto(viewerUrl);
  await expect(viewer.getByTestId('viewer-status')).toHaveAttribute('data-status', 'live', {
    timeout: 20_000,
  });
  await expect(viewer.getByTestId('pinned-product')).toBeVisible();
  await viewer.getByTestId('viewer-comment-input').fill('Is it silk?');
  await viewer.getByTestId('viewer-comment-send').click();
  await expect(page.getByTestId('studio-comment').first()).toBeVisible();

  await expectNoViolations(page, 'studio');
  await expectNoViolations(viewer, 'viewer (desktop)');
  await viewer.setViewportSize({ width: 390, height: 844 });
  await expectNoViolations(viewer, 'viewer (390x844)');
  await viewer.context().close();

  const ops = await (await browser.newContext()).newPage();
  const token = encodeURIComponent(testToken('ops'));
  await ops.goto(`${info.value.serverUrl}/dashboard?token=${token}#room=${roomId}`);
  await expect(ops.getByTestId('room-view')).toBeVisible();
  await expectNoViolations(ops, 'ops dashboard');

  const backend = await replay;
  try {
    await ops.goto(`${backend.url}/replay?token=${REPLAY_TOKEN}&room=r-ready`);
    await expect.poll(() => ops.evaluate(() => window.__replay?.ready ?? false)).toBe(true);
    await expectNoViolations(ops, 'replay');
  } finally {
    await backend.close();
    await ops.context().close();
  }
});
