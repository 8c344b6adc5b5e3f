// The viewer page in each of its 13 languages, on a phone and on a desktop: no key is missing (the page opened
// with ?i18nDebug reads no English fallback and lists every key it could not find), no text overflows or is
// clipped by its box (tests/support/text-overflow.ts measures each text's rectangles against its box and each
// clipping or scrolling box's width), and Arabic is right to left with the page mirrored while the video and
// the danmaku canvas stay left to right. The browser's language picks the first one; the choice is kept over
// a reload. A pseudo-locale (en made 40% longer with accents) shows where longer text would clip. A
// screenshot per language is attached. One studio, one room with a pinned product (not live: the page shows
// its waiting state), one viewer page with its stream info open.
import type { Page, TestInfo } from '@playwright/test';
import { VIEWER_LANGUAGES } from '../../core/protocol/languages';
import { overflowingText, pseudoLocalize, settled } from '../support/text-overflow';
import { expect, openStudioWithPinnedProduct, test } from './fixtures';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** Keys asked for and not found in this language, and any en key that shows as text. */
async function missingKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const i18n = window.__i18n!;
    const keys = new Set<string>();
    const add = (tree: object, prefix: string) => {
      for (const [k, v] of Object.entries(tree))
        if (typeof v === 'string') keys.add(`${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`);
        else add(v as object, `${prefix}${k}.`);
    };
    for (const ns of ['common', 'viewer']) add(i18n.getResourceBundle('en', ns) as object, '');
    // A missing nested key shows as its path ("comments.heading"); one-word keys ("live") are real words too.
    const shown = document.body.innerText
      .split(/\s+/)
      .filter((w) => /[.:]/.test(w) && keys.has(w.replace(/^\w+:/, '')));
    return [...(window.__i18nMissing ?? []), ...shown.map((w) => `shown as text: ${w}`)];
  });
}

async function measure(page: Page, lng: string, testInfo: TestInfo): Promise<string[]> {
  const problems: string[] = [];
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    const layout = size === PHONE ? 'phone' : 'desktop';
    await expect(page.locator('html')).toHaveAttribute('data-viewer-layout', layout);
    await settled(page);
    problems.push(...(await overflowingText(page)).map((p) => `${lng} ${layout}: ${p}`));
  }
  // Kept as a file in the test's output folder (test-results/playwright-artifacts/...), and in the report.
  const file = testInfo.outputPath(`viewer-${lng}-phone.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(`viewer-${lng}-phone.png`, { path: file, contentType: 'image/png' });
  return problems;
}

test('the viewer page reads right in all 13 languages, Arabic mirrored', async ({
  page,
  browser,
  studio,
  consoleErrors,
}, testInfo) => {
  test.setTimeout(90_000);
  await openStudioWithPinnedProduct(page, studio.url, 'Silk scarf');
  const viewerUrl = (await page.getByTestId('viewer-url').textContent())!;

  // The browser asks for Brazilian Portuguese first: the page opens in it.
  const context = await browser.newContext({ viewport: DESKTOP, hasTouch: true, locale: 'pt-BR' });
  const viewer = await context.newPage();
  const viewerErrors: string[] = [];
  viewer.on('pageerror', (e) => viewerErrors.push(String(e)));
  await viewer.goto(`${viewerUrl}&i18nDebug&stats`);
  await expect(viewer.getByTestId('pinned-product')).toBeVisible();
  await expect(viewer.getByTestId('stats-panel')).toBeVisible();
  await expect(viewer.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await expect(viewer.getByTestId('buy')).toHaveText('Comprar');
  const offered = await viewer
    .getByTestId('language-switcher')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(offered).toEqual([...VIEWER_LANGUAGES]);

  const problems: string[] = [];
  const boxes: Record<string, { switcher: number[]; rail: number[] }> = {};
  for (const lng of VIEWER_LANGUAGES) {
    await viewer.getByTestId('language-switcher').selectOption(lng);
    await expect(viewer.locator('html')).toHaveAttribute('lang', lng);
    await expect(viewer.locator('html')).toHaveAttribute('dir', lng === 'ar' ? 'rtl' : 'ltr');
    problems.push(...(await measure(viewer, lng, testInfo)));
    problems.push(...(await missingKeys(viewer)).map((k) => `${lng}: missing ${k}`));
    // On the phone: how far the header's language switcher and the danmaku switches are from either edge.
    boxes[lng] = await viewer.evaluate(() => {
      const gaps = (s: string) => {
        const r = document.querySelector(s)!.getBoundingClientRect();
        return [Math.round(r.left), Math.round(window.innerWidth - r.right)];
      };
      return { switcher: gaps('.language-switcher'), rail: gaps('.danmaku-toolbar') };
    });
    if (lng === 'ar') {
      const directions = await viewer.evaluate(() =>
        ['video', '.danmaku-canvas'].map((s) => getComputedStyle(document.querySelector(s)!).direction),
      );
      expect(directions).toEqual(['ltr', 'ltr']);
    }
  }
  expect.soft(problems).toEqual([]);
  // Mirrored: in English the switcher and the danmaku rail hug the right edge, in Arabic the left one, as
  // far from it.
  expect(boxes.en!.switcher[1]).toBeLessThan(24);
  expect(boxes.en!.rail[1]).toBeLessThan(24);
  expect(boxes.ar!.switcher[0]).toBe(boxes.en!.switcher[1]);
  expect(boxes.ar!.rail[0]).toBe(boxes.en!.rail[1]);

  // The last choice (German) is kept over a reload, whatever the browser asks for.
  await viewer.reload();
  await expect(viewer.locator('html')).toHaveAttribute('lang', 'de');
  await expect(viewer.getByTestId('pinned-product')).toBeVisible();

  await pseudoLocalize(viewer);
  await expect(viewer.getByTestId('buy')).toHaveText(/^\[Büý ñôw( ~~~~)+\]$/);
  expect(await measure(viewer, 'pseudo', testInfo)).toEqual([]);

  expect(viewerErrors).toEqual([]);
  expect(consoleErrors).toEqual([]);
  await context.close();
});
