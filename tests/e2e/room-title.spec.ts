// The stream title the host types in the Go live form is the room's, whichever action created the room:
// captions started first, or a product added first and the title typed after. Viewers see it once the
// host goes live (a page already open included), through the real studio, backend and SFU.
import type { Browser, Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { mediasoupUnavailableReason } from '../support/media';
import { expect, test, addProduct, showTab } from './fixtures';

const skipReason = mediasoupUnavailableReason();
if (skipReason) console.log(`[room title e2e] skipped: ${skipReason}`);

test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required'],
  },
});
test.describe.configure({ mode: 'serial' });

async function goLive(page: Page): Promise<void> {
  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'live', { timeout: 20_000 });
}

async function openViewer(browser: Browser, page: Page): Promise<Page> {
  const viewerUrl = (await page.getByTestId('viewer-url').textContent())!;
  const viewer = await (await browser.newContext()).newPage();
  await viewer.goto(viewerUrl);
  return viewer;
}

test('a title typed before captions create the room is the room’s title when the host goes live', async ({
  page,
  browser,
  studio,
}) => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(90_000);
  await page.goto(studio.url);
  await page.getByTestId('room-title').fill('Summer sale 夏季特卖');
  // Starting captions needs the room: it creates it (whether captions then run does not matter here).
  await showTab(page, 'captions');
  await page.getByTestId('captions-start').click();
  await expect(page.getByTestId('viewer-url')).toBeVisible({ timeout: 20_000 });
  await goLive(page);

  const viewer = await openViewer(browser, page);
  await expect(viewer.getByTestId('viewer-status')).toHaveAttribute('data-status', 'live', {
    timeout: 20_000,
  });
  await expect(viewer.getByTestId('viewer-room-title')).toHaveText('Summer sale 夏季特卖');
  await viewer.context().close();
});

test('a title typed after a product created the room is the room’s title when the host goes live', async ({
  page,
  browser,
  studio,
}) => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(90_000);
  await page.goto(studio.url);
  // The product comes first: the room is created with the default title, nothing being typed yet.
  await addProduct(page, 'Cat-eye sunglasses', '19.99', '5');
  await expect(page.getByTestId('shelf-product')).toHaveCount(1);
  const early = await openViewer(browser, page);
  await expect(early.getByTestId('viewer-status')).toHaveAttribute('data-status', 'waiting');
  await expect(early.getByTestId('viewer-room-title')).toHaveText('Live sale');

  await page.getByTestId('room-title').fill('Autumn drop 秋季上新');
  await page.getByTestId('start-preview').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'preview');
  await goLive(page);

  // The viewer who waited sees the title the host typed as the stream starts; so does one who comes later.
  await expect(early.getByTestId('viewer-status')).toHaveAttribute('data-status', 'live', {
    timeout: 20_000,
  });
  await expect(early.getByTestId('viewer-room-title')).toHaveText('Autumn drop 秋季上新');
  const late = await openViewer(browser, page);
  await expect(late.getByTestId('viewer-room-title')).toHaveText('Autumn drop 秋季上新');
  await expect(page.getByTestId('room-title')).toHaveValue('Autumn drop 秋季上新');
  await early.context().close();
  await late.context().close();
});
