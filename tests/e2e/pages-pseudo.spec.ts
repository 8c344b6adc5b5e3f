// Issue 21: the studio, the ops dashboard's board and the replay list in a pseudo-locale (en made about 40%
// longer with accents, tests/support/text-overflow.ts), at 1280x720 (the studio's smallest supported size)
// and 1440x900: no text sticks out of its box, is clipped by a box that hides its overflow or needs a box
// scrolled sideways to be seen, and the page is no wider than the window. The studio is measured with each tab of its bottom area open. No key is
// missing (the pages are opened with ?i18nDebug: no English fallback). A screenshot per page and size is
// attached. The viewer page has its own pass (viewer-locales.spec.ts). One page; the board shows a room live
// without a stream (a host socket), the replay list is empty (no recordings).
import { randomUUID } from 'node:crypto';
import type { Page, TestInfo } from '@playwright/test';
import { connectAs, testToken, value, type RoomSocket } from '../support/room-clients';
import { overflowingText, pseudoLocalize, settled } from '../support/text-overflow';
import { addProduct, expect, test } from './fixtures';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
];

/** Pseudo-localizes the page and waits until it shows the new strings. */
async function goPseudo(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__i18n !== undefined);
  await pseudoLocalize(page);
  await page.waitForFunction(() => document.body.innerText.includes('~~~~'));
  await settled(page);
}

/** Measures at each size (and with each of `tabs` open, when given); one screenshot per size. */
async function measurePage(
  page: Page,
  name: string,
  testInfo: TestInfo,
  tabs: string[] = [],
): Promise<string[]> {
  const problems: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await settled(page);
    const where = `${name} ${size.width}x${size.height}`;
    problems.push(...(await overflowingText(page)).map((p) => `${where}: ${p}`));
    const file = testInfo.outputPath(`${name}-pseudo-${size.width}x${size.height}.png`);
    await page.screenshot({ path: file });
    await testInfo.attach(`${name}-pseudo-${size.width}x${size.height}.png`, {
      path: file,
      contentType: 'image/png',
    });
    for (const tab of tabs) {
      await page.getByTestId(tab).click();
      await expect(page.getByTestId(tab)).toHaveAttribute('aria-selected', 'true');
      await settled(page);
      problems.push(...(await overflowingText(page)).map((p) => `${where} ${tab}: ${p}`));
    }
    if (tabs[0]) await page.getByTestId(tabs[0]).click();
  }
  const missing = await page.evaluate(() => window.__i18nMissing ?? []);
  return [...problems, ...missing.map((k) => `${name}: missing ${k}`)];
}

test('the studio, the ops board and the replay list fit a pseudo-locale at 1280x720 and 1440x900', async ({
  page,
  studio,
}, testInfo) => {
  test.setTimeout(60_000);
  const problems: string[] = [];

  // The studio, with a product on its shelf (so a room); ?i18nDebug goes before its #token fragment.
  const [origin, fragment] = studio.url.split('#');
  await page.setViewportSize(SIZES[0]!);
  await page.goto(`${origin}?i18nDebug#${fragment}`);
  await expect(page.getByTestId('backend-state')).toHaveAttribute('data-state', 'connected');
  await addProduct(page, 'Silk scarf', '19.90', '5');
  await expect(page.getByTestId('viewer-url')).toBeVisible();
  const info = await page.evaluate(() => window.studio!.app.getInfo());
  if (!info.ok) throw new Error(info.error.message);
  const server = info.value.serverUrl;
  await goPseudo(page);
  const tabs = await page
    .locator('[data-testid^="ws-tab-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  expect(tabs.length).toBeGreaterThan(0);
  problems.push(...(await measurePage(page, 'studio', testInfo, tabs)));

  // The ops dashboard's board, with a tile: a room of another host, live without a stream.
  const opened: RoomSocket[] = [];
  const host = await connectAs(
    server,
    { role: 'host', token: testToken('host', undefined, `host-${randomUUID()}`) },
    opened,
  );
  const { room } = value(await host.emitWithAck('room:create', { title: 'Pseudo room', hostLanguage: 'en' }));
  value(await host.emitWithAck('live:start', { roomId: room.id }));
  await page.goto(`${server}/dashboard?i18nDebug&token=${encodeURIComponent(testToken('ops'))}`);
  await expect(page.getByTestId('board-tile')).toBeVisible();
  await goPseudo(page);
  problems.push(...(await measurePage(page, 'dashboard', testInfo)));

  // The replay list.
  await page.goto(`${server}/replay?i18nDebug&token=${testToken('analyst', undefined, 'analyst-0001')}`);
  await expect(page.getByTestId('replay-list')).toBeVisible();
  await goPseudo(page);
  problems.push(...(await measurePage(page, 'replay', testInfo)));

  for (const socket of opened) socket.disconnect();
  expect(problems).toEqual([]);
});
