import { chooseLanguage, expect, test, addProduct } from './fixtures';

// Every page shows its title in every interface language; none of them shows an empty state that would claim
// the feature works ("No live rooms right now" while a room was live). The dashboard and the replay page
// opened without their link say they need one (tests/e2e/dashboard.spec.ts and replay-page.spec.ts have
// the rest).
const PAGES = [
  {
    name: 'dashboard',
    served: 'host',
    en: 'Operations dashboard',
    zh: '运营看板',
    enBody: 'This page needs an operations link.',
    zhBody: '此页面需要运营链接。',
  },
  {
    name: 'replay',
    served: 'host',
    en: 'Replay analytics',
    zh: '回放分析',
    enBody: 'This page needs a replay link.',
    zhBody: '此页面需要回放链接。',
  },
  {
    name: 'replay',
    served: 'backend',
    en: 'Replay analytics',
    zh: '回放分析',
    enBody: 'This page needs a replay link.',
    zhBody: '此页面需要回放链接。',
  },
  {
    name: 'viewer',
    served: 'backend',
    en: 'Live',
    zh: '直播',
    enBody: null,
    zhBody: null,
  },
  {
    name: 'dashboard',
    served: 'backend',
    en: 'Operations dashboard',
    zh: '运营看板',
    enBody: 'This page needs an operations link.',
    zhBody: '此页面需要运营链接。',
  },
] as const;

for (const p of PAGES) {
  test(`the ${p.name} page (served by the ${p.served}) shows its title and switches language`, async ({
    page,
    studio,
    consoleErrors,
  }) => {
    await page.goto(studio.url);
    const info = await page.evaluate(() => window.studio!.app.getInfo());
    if (!info.ok) throw new Error(info.error.message);
    const base = p.served === 'host' ? new URL(studio.url).origin : info.value.serverUrl;

    await page.goto(`${base}/${p.name}`);
    await expect(page.getByTestId('page-title')).toHaveText(p.en);
    if (p.name === 'viewer')
      await expect(page.getByTestId('viewer-status')).toHaveAttribute('data-status', 'noRoom');
    else await expect(page.getByTestId('token-problem')).toContainText(p.enBody!);
    await chooseLanguage(page, 'zh-CN');
    await expect(page.getByTestId('page-title')).toHaveText(p.zh);
    if (p.zhBody) await expect(page.getByTestId('token-problem')).toContainText(p.zhBody);
    await page.reload();
    await expect(page.getByTestId('page-title')).toHaveText(p.zh);
    await chooseLanguage(page, 'en');
    await expect(page.getByTestId('page-title')).toHaveText(p.en);
    expect(consoleErrors).toEqual([]);
  });
}

test('with a room open, the replay page and the dashboard ask for their link, not "no rooms"', async ({
  page,
  browser,
  studio,
}) => {
  await page.goto(studio.url);
  // Adding a product opens the host's room.
  await addProduct(page, 'Hat', '5', '5');
  await expect(page.getByTestId('viewer-url')).toBeVisible();
  const info = await page.evaluate(() => window.studio!.app.getInfo());
  if (!info.ok) throw new Error(info.error.message);

  const other = await (await browser.newContext()).newPage();
  for (const url of [`${new URL(studio.url).origin}/dashboard`, `${info.value.serverUrl}/dashboard`]) {
    await other.goto(url);
    await expect(other.getByTestId('token-problem')).toHaveAttribute('data-kind', 'missing');
    await expect(other.locator('body')).not.toContainText('No live rooms');
  }
  for (const url of [`${new URL(studio.url).origin}/replay`]) {
    await other.goto(url);
    await expect(other.getByTestId('token-problem')).toHaveAttribute('data-kind', 'missing');
    await expect(other.locator('body')).not.toContainText('No live rooms');
    await expect(other.locator('body')).not.toContainText('No finished streams');
  }
  await other.context().close();
});
