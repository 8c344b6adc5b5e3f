// The viewer page on a phone (390x844) while the studio is live: the video fills the screen (today's 16:9
// stream letterboxed inside it), danmaku fly in the upper part, captions sit above the product card, Buy
// and the comment box are on screen (also with the keyboard up), and every control is at least 44x44 px.
// Back at desktop size, the page is laid out as before. One go-live, one viewer page resized.
import type { Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { mediasoupUnavailableReason } from '../support/media';
import { expect, openStudioWithPinnedProduct, startPreviewAndGoLive, test } from './fixtures';

const skipReason = mediasoupUnavailableReason();
if (skipReason) console.log(`[viewer-phone e2e] skipped: ${skipReason}`);
test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required'],
  },
});

const PHONE = { width: 390, height: 844 };

const rectOf = async (page: Page, testId: string) => {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not on the page`);
  return { ...box, bottom: box.y + box.height, right: box.x + box.width };
};

const inViewport = (r: { x: number; y: number; right: number; bottom: number }, size: typeof PHONE) =>
  r.x >= 0 && r.y >= 0 && r.right <= size.width + 0.5 && r.bottom <= size.height + 0.5;

/** Visible controls smaller than 44x44 px (a control, its size and its text). */
const smallTargets = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, select, input, textarea, a[href]')]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 44 || r.height < 44)
      .map(({ el, r }) => `${el.tagName} "${el.textContent?.trim() ?? ''}" ${r.width}x${r.height}`),
  );

test('a phone viewer sees the stream full screen with Buy and the comment box in thumb reach', async ({
  page,
  browser,
  studio,
  consoleErrors,
}) => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(90_000);
  await openStudioWithPinnedProduct(page, studio.url, 'Silk scarf');
  const viewerUrl = await startPreviewAndGoLive(page);

  const viewer = await (await browser.newContext({ viewport: PHONE, hasTouch: true })).newPage();
  await viewer.goto(viewerUrl);
  await expect(viewer.getByTestId('viewer-status')).toHaveAttribute('data-status', 'live', {
    timeout: 20_000,
  });
  await expect(viewer.getByTestId('pinned-product')).toBeVisible();
  // The layout follows the decoded picture: today's studio streams landscape, so it is letterboxed.
  const stage = viewer.getByTestId('viewer-stage');
  await expect(stage).toHaveAttribute('data-layout', 'phone');
  await expect(stage).toHaveAttribute('data-orientation', 'landscape', { timeout: 20_000 });
  await expect(stage).toHaveAttribute('data-fit', 'contain');
  const video = await rectOf(viewer, 'viewer-video');
  expect(video).toMatchObject({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
  const picture = await viewer.getByTestId('viewer-video').evaluate((v: HTMLVideoElement) => ({
    w: v.videoWidth,
    h: v.videoHeight,
    fit: getComputedStyle(v).objectFit,
  }));
  expect(picture.fit).toBe('contain');
  expect(picture.w).toBeGreaterThan(picture.h);
  expect(await viewer.evaluate(() => document.documentElement.scrollHeight)).toBe(PHONE.height);

  // Buy, the product card and the comment box: on screen, in the bottom part (thumb reach).
  const buy = await rectOf(viewer, 'buy');
  const input = await rectOf(viewer, 'viewer-comment-input');
  const card = await rectOf(viewer, 'pinned-product');
  for (const r of [buy, input, card]) expect(inViewport(r, PHONE)).toBe(true);
  expect(buy.y).toBeGreaterThan(PHONE.height / 2);
  expect(input.bottom).toBeGreaterThan(PHONE.height - 80);
  expect(await smallTargets(viewer)).toEqual([]);

  // Danmaku fly in the upper part, below the header and controls.
  const danmaku = await rectOf(viewer, 'danmaku-canvas');
  expect(danmaku.y).toBeGreaterThan(0);
  expect(danmaku.bottom).toBeLessThanOrEqual(PHONE.height / 2 + 1);
  expect(danmaku.height).toBeGreaterThan(100);

  // Captions (turned on: the AI label is always shown) sit above the product card.
  await viewer.getByTestId('viewer-caption-lang').selectOption('en');
  const captions = await rectOf(viewer, 'viewer-captions');
  expect(captions.bottom).toBeLessThanOrEqual(card.y);

  // The keyboard up (interactive-widget=resizes-content shrinks the viewport): the box stays on top of it.
  await viewer.getByTestId('viewer-comment-input').focus();
  const withKeyboard = { width: PHONE.width, height: 500 };
  await viewer.setViewportSize(withKeyboard);
  await expect
    .poll(async () => (await rectOf(viewer, 'viewer-comment-input')).bottom)
    .toBeLessThanOrEqual(500);
  expect(inViewport(await rectOf(viewer, 'viewer-comment-input'), withKeyboard)).toBe(true);
  expect((await rectOf(viewer, 'viewer-comment-input')).bottom).toBeGreaterThan(500 - 80);
  await viewer.getByTestId('viewer-comment-input').fill('Does it come in blue?');
  await viewer.getByTestId('viewer-comment-send').click();
  await expect(viewer.getByTestId('viewer-comment').first()).toContainText('Does it come in blue?');

  // A desktop window: today's layout (the video in the page's column, the card and comments below it).
  await viewer.setViewportSize({ width: 1280, height: 800 });
  await expect(stage).toHaveAttribute('data-layout', 'desktop');
  const desk = await rectOf(viewer, 'viewer-video');
  expect(desk.x).toBeGreaterThan(0);
  expect(desk.height).toBeLessThanOrEqual(420);
  expect((await rectOf(viewer, 'pinned-product')).y).toBeGreaterThan(desk.bottom);
  await viewer.context().close();
  expect(consoleErrors).toEqual([]);
});
