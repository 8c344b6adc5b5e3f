// The viewer page in each of its 13 languages, on a phone and on a desktop: no key is missing (the page opened
// with ?i18nDebug reads no English fallback and lists every key it could not find), no text overflows or is
// clipped by its box (measured: each text's rectangles against its box, each clipping box's scroll width),
// and Arabic is right to left with the page mirrored while the video and the danmaku canvas stay left to
// right. The browser's language picks the first one; the choice is kept over a reload. A pseudo-locale (en
// made 40% longer with accents) shows where longer text would clip. A screenshot per language is attached.
// One studio, one room with a pinned product (not live: the page shows its waiting state), one viewer page
// with its stream info open.
import type { Page, TestInfo } from '@playwright/test';
import { VIEWER_LANGUAGES } from '../../core/protocol/languages';
import { expect, openStudioWithPinnedProduct, test } from './fixtures';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** Texts that overflow or are clipped: where, which text, by how much. */
function overflowingText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`;
    const visible = (el: Element) => {
      const s = getComputedStyle(el);
      return s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0;
    };
    // Visually hidden on purpose (a heading only screen readers read): a 1 px clipped box.
    const srOnly = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        const r = e.getBoundingClientRect();
        if (getComputedStyle(e).clipPath.startsWith('inset(50%') || (r.width <= 1 && r.height <= 1))
          return true;
      }
      return false;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('script, style, select, option, [hidden]')) continue;
      if (!visible(parent) || srOnly(parent)) continue;
      // The box the text must fit: the nearest ancestor that is not inline.
      let box: Element = parent;
      while (getComputedStyle(box).display === 'inline' && box.parentElement) box = box.parentElement;
      const b = box.getBoundingClientRect();
      const ellipsis = getComputedStyle(box).textOverflow === 'ellipsis';
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        // Sideways 1 px; up and down half a line, since a glyph box can be taller than a tight line height
        // (Thai and Arabic fonts): an overflowing line is a whole line out.
        const slack = parseFloat(getComputedStyle(parent).fontSize) / 2;
        const out = Math.max(
          b.left - r.left,
          r.right - b.right,
          b.top - r.top - slack,
          r.bottom - b.bottom - slack,
        );
        if (r.width > 0 && out > 1 && !ellipsis) {
          found.push(`${describe(box)} "${text.slice(0, 40)}" sticks out ${Math.round(out)}px`);
          break;
        }
      }
      // A box that clips its overflow must be wide enough for its text (an ellipsis is a choice, not a clip).
      for (let e: Element | null = parent; e && e !== document.body; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (!['hidden', 'clip'].includes(s.overflowX) || s.textOverflow === 'ellipsis') continue;
        if (e.scrollWidth > e.clientWidth + 1 && !srOnly(e)) {
          found.push(`${describe(e)} clips "${text.slice(0, 40)}" (${e.scrollWidth} > ${e.clientWidth})`);
          break;
        }
      }
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      found.push(
        `the page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`,
      );
    return [...new Set(found)];
  });
}

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
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    problems.push(...(await overflowingText(page)).map((p) => `${lng} ${layout}: ${p}`));
  }
  // Kept as a file in the test's output folder (test-results/playwright-artifacts/...), and in the report.
  const file = testInfo.outputPath(`viewer-${lng}-phone.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(`viewer-${lng}-phone.png`, { path: file, contentType: 'image/png' });
  return problems;
}

/** en's strings made about 40% longer and accented, placeholders kept: where would longer text clip? */
function pseudoLocalize(page: Page): Promise<void> {
  return page.evaluate(async () => {
    const i18n = window.__i18n!;
    const ACCENTS: Record<string, string> = {
      a: 'á',
      e: 'ë',
      i: 'ï',
      o: 'ô',
      u: 'ü',
      c: 'ç',
      n: 'ñ',
      y: 'ý',
    };
    const pseudo = (s: string) => {
      const parts = s.split(/({{[^}]+}})/);
      const body = parts.map((p) => (p.startsWith('{{') ? p : p.replace(/[aeioucny]/g, (c) => ACCENTS[c]!)));
      // Padding in short words, as a longer sentence would wrap.
      const pad = ' ~~~~'.repeat(Math.ceil((s.length * 0.4) / 5));
      return `[${body.join('')}${pad}]`;
    };
    const map = (tree: object): object =>
      Object.fromEntries(
        Object.entries(tree).map(([k, v]) => [k, typeof v === 'string' ? pseudo(v) : map(v as object)]),
      );
    for (const ns of ['common', 'viewer'])
      i18n.addResourceBundle('en', ns, map(i18n.getResourceBundle('en', ns) as object), true, true);
    await i18n.changeLanguage('de');
    await i18n.changeLanguage('en');
  });
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
