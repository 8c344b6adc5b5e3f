import { chooseLanguage, expect, test } from './fixtures';

const PAGES = [
  { name: 'dashboard', served: 'host', en: 'Operations dashboard', zh: '运营看板' },
  { name: 'replay', served: 'host', en: 'Replay analytics', zh: '回放分析' },
  { name: 'viewer', served: 'backend', en: 'Live', zh: '直播' },
  { name: 'dashboard', served: 'backend', en: 'Operations dashboard', zh: '运营看板' },
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
    else await expect(page.getByTestId('empty-state')).toBeVisible();
    await chooseLanguage(page, 'zh-CN');
    await expect(page.getByTestId('page-title')).toHaveText(p.zh);
    await page.reload();
    await expect(page.getByTestId('page-title')).toHaveText(p.zh);
    await chooseLanguage(page, 'en');
    await expect(page.getByTestId('page-title')).toHaveText(p.en);
    expect(consoleErrors).toEqual([]);
  });
}
