// The studio is one screen: while live (in preview where the SFU is missing), at 1280x720, 1440x900, 1920x1080 and 3840x2160, the preview, the comments
// (list and box), the product shelf and the go-live controls are all on screen, none over another, and
// the window does not scroll. A separator moved from the keyboard and a collapsed area stay so after a
// reload (the host's settings keep them); F switches to the live arrangement and F6 walks the areas.
import type { Locator, Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { mediasoupUnavailableReason } from '../support/media';
import { expect, test } from './fixtures';

// Without the SFU the studio cannot go live: the layout is then checked with the camera's preview on.
const noSfu = mediasoupUnavailableReason();
if (noSfu) console.log(`[workspace e2e] checked in preview, not live: ${noSfu}`);

test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required'],
  },
});

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  expect(box, 'drawn').not.toBeNull();
  return box!;
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.y < b.y + b.height - 0.5 &&
  b.y < a.y + a.height - 0.5;

const widthOf = async (page: Page, area: string) => (await boxOf(page.getByTestId(`ws-area-${area}`))).width;

/** What the host's settings hold for the workspace (saved a moment after a change). */
const savedWorkspace = (page: Page) =>
  page.evaluate(async () => {
    const r = await window.studio!.settings.get();
    return r.ok ? r.value.workspace : null;
  });

test('one screen while live at four window sizes; resized, collapsed and live arrangements stick', async ({
  page,
  studio,
  consoleErrors,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize(SIZES[0]!);
  await page.goto(studio.url);
  await page.getByTestId('start-preview').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'preview');
  const live = noSfu === null;
  if (live) {
    await page.getByTestId('go-live').click();
    await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'live', { timeout: 20_000 });
  }

  const parts = {
    preview: page.locator('video.preview'),
    comments: page.getByTestId('studio-comments'),
    commentBox: page.getByTestId('studio-comment-input'),
    shelf: page.getByTestId('product-shelf'),
    goLive: page.getByTestId(live ? 'end-live' : 'go-live'),
  };
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expect(page.getByTestId('workspace')).toBeVisible();
    // Kept as artifacts: what the host sees at this size.
    const shotName = `studio-${live ? 'live' : 'preview'}-${size.width}x${size.height}`;
    const shot = testInfo.outputPath(`${shotName}.png`);
    await page.screenshot({ path: shot });
    await testInfo.attach(shotName, { path: shot, contentType: 'image/png' });
    const boxes: [string, Box][] = [];
    for (const [name, locator] of Object.entries(parts)) {
      await expect(locator, `${name} at ${size.width}x${size.height}`).toBeVisible();
      const box = await boxOf(locator);
      expect(box.width, `${name} has width`).toBeGreaterThan(20);
      expect(box.x, `${name} left edge`).toBeGreaterThanOrEqual(0);
      expect(box.y, `${name} top edge`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${name} right edge`).toBeLessThanOrEqual(size.width);
      expect(box.y + box.height, `${name} bottom edge`).toBeLessThanOrEqual(size.height);
      // Not cut off by its own area either (each area scrolls inside itself).
      const area = await boxOf(locator.locator('xpath=ancestor::*[@data-ws-area][1]'));
      expect(box.y, `${name} inside its area`).toBeGreaterThanOrEqual(area.y);
      expect(box.y + box.height, `${name} inside its area`).toBeLessThanOrEqual(area.y + area.height);
      boxes.push([name, box]);
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        expect(overlaps(boxes[i]![1], boxes[j]![1]), `${boxes[i]![0]} over ${boxes[j]![0]}`).toBe(false);
    const scroll = await page.evaluate(() => ({
      height: document.scrollingElement!.scrollHeight,
      width: document.scrollingElement!.scrollWidth,
      inner: window.innerHeight,
      innerWidth: window.innerWidth,
    }));
    expect(scroll.height).toBe(scroll.inner);
    expect(scroll.width).toBe(scroll.innerWidth);
  }

  // F: the live arrangement (the comments column grows), and back; not while typing in a field.
  await page.setViewportSize(SIZES[0]!);
  const standardLeft = await widthOf(page, 'left');
  await page.getByTestId('ws-area-center').focus();
  await page.keyboard.press('f');
  await expect(page.getByTestId('workspace')).toHaveAttribute('data-arrangement', 'live');
  await expect(page.getByTestId('ws-arrangement')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => widthOf(page, 'left')).toBeGreaterThan(standardLeft + 40);
  await page.getByTestId('studio-comment-input').focus();
  await page.keyboard.press('f');
  await expect(page.getByTestId('workspace')).toHaveAttribute('data-arrangement', 'live');
  await page.getByTestId('ws-arrangement').click();
  await expect(page.getByTestId('workspace')).toHaveAttribute('data-arrangement', 'standard');
  await expect.poll(() => widthOf(page, 'left')).toBeLessThan(standardLeft + 2);

  // F6 / Shift+F6: focus moves from area to area (from inside a field too).
  await page.getByTestId('studio-comment-input').focus();
  await page.keyboard.press('F6');
  await expect(page.getByTestId('ws-area-center')).toBeFocused();
  await page.keyboard.press('F6');
  await expect(page.getByTestId('ws-area-controls')).toBeFocused();
  await page.keyboard.press('Shift+F6');
  await expect(page.getByTestId('ws-area-center')).toBeFocused();

  // The right separator from the keyboard: the shop grows; the bottom tabs collapse.
  const separator = page.locator('[id="ws-sep-column-right"]');
  await expect(separator).toHaveAttribute('role', 'separator');
  const rightBefore = await widthOf(page, 'right');
  await separator.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  await expect.poll(() => widthOf(page, 'right')).toBeGreaterThan(rightBefore + 30);
  const rightAfter = await widthOf(page, 'right');
  await page.getByTestId('ws-collapse-bottom').click();
  await expect(page.getByTestId('ws-collapse-bottom')).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('ws-tab-captions')).toHaveCount(0);
  await expect.poll(async () => (await boxOf(page.getByTestId('ws-area-bottom'))).height).toBeLessThan(50);
  await expect
    .poll(async () => {
      const saved = await savedWorkspace(page);
      return saved && saved.collapsed.includes('bottom') && Object.keys(saved.sizes).length > 0;
    })
    .toBe(true);

  if (live) {
    await page.getByTestId('end-live').click();
    await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'ended', { timeout: 20_000 });
  }
  await page.reload();
  await expect(page.getByTestId('ws-collapse-bottom')).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('ws-tab-captions')).toHaveCount(0);
  await expect.poll(async () => (await boxOf(page.getByTestId('ws-area-bottom'))).height).toBeLessThan(50);
  expect(Math.abs((await widthOf(page, 'right')) - rightAfter)).toBeLessThan(3);
  await page.getByTestId('ws-collapse-bottom').click();
  await page.getByTestId('ws-tab-captions').click();
  await expect(page.getByTestId('captions-card')).toBeVisible();

  // Leave this worker's studio as the next spec expects it: the default layout.
  await page.evaluate(() =>
    window.studio!.settings.set({ workspace: { arrangement: 'standard', sizes: {}, collapsed: [] } }),
  );
  expect(consoleErrors).toEqual([]);
});
