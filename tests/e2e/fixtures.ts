import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { startStudio, type Launched } from '../support/processes';

interface Fixtures {
  /** Console errors and uncaught page errors seen by `page`. */
  consoleErrors: string[];
}
interface WorkerFixtures {
  /** One `npm start -- --browser --no-open` per worker, with its own data folder. */
  studio: Launched;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  studio: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const studio = await startStudio();
      await use(studio);
      await studio.stop();
    },
    { scope: 'worker' },
  ],
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(String(err)));
    await use(errors);
  },
});

export { expect };

export async function chooseLanguage(page: Page, language: 'en' | 'zh-CN'): Promise<void> {
  await page.getByTestId('language-switcher').selectOption(language);
}

/** Fills the studio's add-product form and clicks Add (it does not wait for the shelf). */
export async function addProduct(page: Page, title: string, price: string, stock: string): Promise<void> {
  await page.getByTestId('product-title-en').fill(title);
  await page.getByTestId('product-price').fill(price);
  await page.getByTestId('product-stock').fill(stock);
  await page.getByTestId('add-product').click();
}

/** Opens the studio, adds a product and pins it (waits until the shelf shows it pinned). */
export async function openStudioWithPinnedProduct(page: Page, url: string, title: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('backend-state')).toHaveAttribute('data-state', 'connected');
  await addProduct(page, title, '19.90', '5');
  await page.getByTestId('pin-product').click();
  await expect(page.getByTestId('unpin-product')).toBeVisible();
}

/** Starts the camera, goes live and returns the viewer link. */
export async function startPreviewAndGoLive(page: Page): Promise<string> {
  await page.getByTestId('start-preview').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'preview');
  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'live', { timeout: 20_000 });
  return (await page.getByTestId('viewer-url').textContent())!;
}

/** Shows a panel that sits in the studio workspace's bottom tabs (health, captions, mood, orders). */
export async function showTab(page: Page, panel: 'health' | 'captions' | 'mood' | 'orders'): Promise<void> {
  const tab = page.getByTestId(`ws-tab-${panel}`);
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

/**
 * The studio with the danmaku test hook (`?danmakuDebug`) and a room (a product creates it); returns a
 * function that opens a viewer page of that room with the hook, in a browser context of its own.
 */
export async function openDanmakuRoom(
  page: Page,
  browser: Browser,
  url: string,
): Promise<() => Promise<Page>> {
  const [origin, fragment] = url.split('#');
  await page.goto(`${origin}?danmakuDebug#${fragment}`);
  await addProduct(page, 'Hat', '5', '5');
  const viewerUrl = (await page.getByTestId('viewer-url').textContent())!;
  return async () => {
    const viewer = await (await browser.newContext()).newPage();
    await viewer.goto(`${viewerUrl}&danmakuDebug`);
    await viewer.waitForFunction(() => window.__danmaku !== undefined);
    return viewer;
  };
}
