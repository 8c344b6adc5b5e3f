// Scenes and portrait streams end to end, going live once: the host picks portrait before going live, the
// viewer learns 720x1280 from the decoded video; then scene switches while live (click, hotkeys) keep the same
// video producer (no renegotiation) and the viewer's decoded picture changes in the picture-in-picture
// corner (the fake camera is green; the product card drawn there is purple). A phone viewer (390x844) sees the
// portrait stream at full height with Buy on screen.
import type { Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { mediasoupUnavailableReason } from '../support/media';
import { addProduct, expect, test } from './fixtures';

const skipReason = mediasoupUnavailableReason();
if (skipReason) console.log(`[scenes e2e] skipped: ${skipReason}`);

test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      ...FAKE_MEDIA_ARGS,
      '--autoplay-policy=no-user-gesture-required',
      '--auto-select-desktop-capture-source=Entire screen',
    ],
  },
});

interface ScenesWindow {
  __scenes?: {
    scene(): string | null;
    producerId(): string | null;
    size(): { width: number; height: number } | null;
  };
}

/** The product PiP's box on the 720x1280 canvas (scene-geometry: 40% of the short side, 3% margin). */
const PIP = { x: 720 - 288 - 22, y: 1280 - 288 - 22, w: 288, h: 288 };

/** Mean colour of the viewer's decoded video inside `box` (canvas pixels of the host's 720x1280 output). */
async function meanColour(viewer: Page, box: typeof PIP): Promise<{ r: number; g: number; b: number }> {
  return viewer.evaluate((box) => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid=viewer-video]')!;
    const k = video.videoWidth / 720;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(video, 0, 0);
    // The inner part of the box: the PiP's white frame and the codec's edge blur stay out of it.
    const inset = box.w * 0.15;
    const data = ctx.getImageData(
      Math.round((box.x + inset) * k),
      Math.round((box.y + inset) * k),
      Math.round((box.w - 2 * inset) * k),
      Math.round((box.h - 2 * inset) * k),
    ).data;
    let r = 0;
    let g = 0;
    let b = 0;
    for (let i = 0; i < data.length; i += 4) {
      r += data[i]!;
      g += data[i + 1]!;
      b += data[i + 2]!;
    }
    const n = data.length / 4;
    return { r: r / n, g: g / n, b: b / n };
  }, box);
}

const producerId = (page: Page) =>
  page.evaluate(() => (window as ScenesWindow).__scenes?.producerId() ?? null);
const scene = (page: Page) => page.evaluate(() => (window as ScenesWindow).__scenes?.scene() ?? null);

test('a portrait stream reaches the viewer as 720x1280, and scene switches keep the producer', async ({
  page,
  browser,
  studio,
}) => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(studio.url.replace('/studio', '/studio?arDebug'));
  await page.getByTestId('start-preview').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'preview');
  await page.getByTestId('orientation-select').selectOption('portrait');
  await expect
    .poll(() => page.evaluate(() => (window as ScenesWindow).__scenes?.size()))
    .toEqual({
      width: 720,
      height: 1280,
    });
  await addProduct(page, 'Silk scarf', '25', '10');
  await page.getByTestId('pin-product').click();
  await expect(page.getByTestId('unpin-product')).toBeVisible();

  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'live', { timeout: 20_000 });
  // Chosen before going live, fixed while live (and the select says why).
  await expect(page.getByTestId('orientation-select')).toBeDisabled();
  const viewerUrl = (await page.getByTestId('viewer-url').textContent())!;
  const producer = await producerId(page);
  expect(producer).toBeTruthy();

  const viewer = await (await browser.newContext()).newPage();
  await viewer.goto(`${viewerUrl}&stats`);
  await expect(viewer.getByTestId('viewer-status')).toHaveAttribute('data-status', 'live', {
    timeout: 20_000,
  });
  // The viewer knows the stream is portrait from the frames it decodes (the top simulcast layer).
  const info = viewer.getByTestId('stream-info');
  await expect(info).toHaveAttribute('data-width', '720', { timeout: 30_000 });
  await expect(info).toHaveAttribute('data-height', '1280');

  // On a phone (390x844) the portrait stream fills the screen at full height, Buy on screen in thumb reach.
  const phone = { width: 390, height: 844 };
  const phoneViewer = await (await browser.newContext({ viewport: phone, hasTouch: true })).newPage();
  await phoneViewer.goto(viewerUrl);
  const stage = phoneViewer.getByTestId('viewer-stage');
  await expect(stage).toHaveAttribute('data-layout', 'phone', { timeout: 20_000 });
  await expect(stage).toHaveAttribute('data-orientation', 'portrait', { timeout: 30_000 });
  await expect(stage).toHaveAttribute('data-fit', 'cover');
  const video = (await phoneViewer.getByTestId('viewer-video').boundingBox())!;
  expect(video).toMatchObject({ x: 0, y: 0, width: phone.width, height: phone.height });
  const buy = (await phoneViewer.getByTestId('buy').boundingBox())!;
  expect(buy.y).toBeGreaterThan(phone.height / 2);
  expect(buy.y + buy.height).toBeLessThanOrEqual(phone.height);
  expect(buy.x >= 0 && buy.x + buy.width <= phone.width).toBe(true);
  await phoneViewer.context().close();

  // Camera scene: the corner is the fake camera's green. Headless Chromium has no GPU, so the compositor takes
  // the camera's frames through VideoFrame.copyTo RGBA (renderer/ar/video-upload.ts; portrait: cropped through
  // its staging canvas): YUV bytes shown as if they were RGBA would read grey, not green.
  expect(
    await page.evaluate(
      () => (window as { __ar?: { stats(): { upload: string }[] } }).__ar?.stats()[0]?.upload,
    ),
  ).toBe('copy');
  const before = await meanColour(viewer, PIP);
  expect(before.g).toBeGreaterThan(before.r + 40);
  expect(before.g).toBeGreaterThan(before.b + 40);

  // Click: the product PiP. The corner turns to the product card's purple on the viewer's side.
  await page.getByTestId('scene-product-pip').click();
  await expect(page.getByTestId('scenes-panel')).toHaveAttribute('data-scene', 'product-pip');
  let after = before;
  await expect
    .poll(
      async () => {
        after = await meanColour(viewer, PIP);
        return after.r - after.g;
      },
      { timeout: 10_000 },
    )
    .toBeGreaterThan(40);
  expect(after.b).toBeGreaterThan(after.g + 40);
  console.log(
    `[scenes e2e] PiP corner mean RGB: camera ${[before.r, before.g, before.b].map(Math.round).join(',')}, ` +
      `product ${[after.r, after.g, after.b].map(Math.round).join(',')}`,
  );
  expect(await producerId(page)).toBe(producer);

  // A digit typed into a field is text, not a scene switch.
  await page.getByTestId('product-title-en').press('1');
  expect(await scene(page)).toBe('product-pip');

  // Hotkey 2: the camera PiP (this machine's one fake camera, opened a second time, and the panel says so).
  // (Focus leaves the field first: a key pressed "on the body" would still go to the focused field.)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('2');
  await expect(page.getByTestId('scenes-panel')).toHaveAttribute('data-scene', 'camera-pip');
  await expect(page.getByTestId('scene-same-camera')).toBeVisible();
  expect(await producerId(page)).toBe(producer);

  // Hotkey 4: screen share (the fake media UI accepts the picker; a refusal's typed error is unit-tested in
  // studio-scenes.test.ts). Any error code here would name why sharing failed.
  await page.keyboard.press('4');
  const screenOutcome = () =>
    page.evaluate(() => {
      const panel = document.querySelector<HTMLElement>('[data-testid=scenes-panel]');
      if (panel?.dataset.scene === 'screen') return 'screen';
      return document.querySelector<HTMLElement>('[data-testid=scene-error]')?.dataset.code ?? null;
    });
  await expect.poll(screenOutcome, { timeout: 15_000 }).toBe('screen');
  console.log(`[scenes e2e] screen scene: ${await scene(page)}`);
  expect(await producerId(page)).toBe(producer);
  await expect(viewer.getByTestId('viewer-status')).toHaveAttribute('data-status', 'live');

  // The latency test pattern still works in the screen scene of a portrait stream: its timestamp strip is
  // kept across the top of the output, so the viewer reads glass-to-glass latency off the picture.
  await page.getByTestId('camera-select').selectOption('test-pattern');
  await expect
    .poll(async () => Number((await viewer.getByTestId('stat-latency').getAttribute('data-value')) || 0), {
      timeout: 20_000,
    })
    .toBeGreaterThan(0);
  expect(await producerId(page)).toBe(producer);

  await page.getByTestId('end-live').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'ended');
  await viewer.context().close();
});
