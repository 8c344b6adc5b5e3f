// Personal data in a viewer's comment, on the real pages: the phone number and e-mail Ana types are masked
// on Bo's page (the comment list and the danmaku layer) and in the studio; only Ana's own page shows them.
import type { Page } from '@playwright/test';
import { expect, openDanmakuRoom, test } from './fixtures';

const labels = (p: Page) => p.evaluate(() => window.__danmaku!.snapshot().items.map((b) => b.label));

test("a viewer's phone number and e-mail are masked for everyone but their author", async ({
  page,
  browser,
  studio,
}) => {
  const open = await openDanmakuRoom(page, browser, studio.url);
  const [ana, bo] = [await open(), await open()];

  const typed = 'WA 13812345678 or ana@example.com';
  // Short enough to fly across the studio's small preview.
  const masked = 'WA ••••••••••• or •••@•••••••.•••';
  await ana.getByTestId('viewer-comment-input').fill(typed);
  await ana.getByTestId('viewer-comment-send').click();

  // The studio's layer over the preview and Bo's page fly it masked.
  await expect.poll(() => labels(page)).toContain(masked);
  await expect.poll(() => labels(bo)).toContain(masked);
  await expect(bo.getByTestId('viewer-comment').filter({ hasText: 'WA ' })).toContainText(masked);
  await expect(page.getByTestId('studio-comments')).toContainText(masked);
  // Only the author's page shows what it typed.
  await expect(ana.getByTestId('viewer-comment').filter({ hasText: 'WA ' })).toContainText(typed);
  await expect.poll(() => labels(ana)).toContain(typed);
  for (const p of [bo, page]) expect(await p.content()).not.toContain('13812345678');
});
