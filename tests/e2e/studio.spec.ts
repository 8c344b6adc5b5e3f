import { chooseLanguage, expect, test } from './fixtures';

test('the studio opens in browser mode with no console errors and reaches its backend', async ({
  page,
  studio,
  consoleErrors,
}) => {
  await page.goto(studio.url);
  await expect(page.getByTestId('page-title')).toHaveText('Studio');
  await expect(page).toHaveTitle(/Studio · LiveBridge Studio/);
  await expect(page.getByTestId('backend-state')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('app-mode')).toHaveText('Browser mode');
  // The secret leaves the address bar once the page has it.
  expect(page.url()).not.toContain('token=');
  await page.waitForTimeout(500);
  expect(consoleErrors).toEqual([]);
});

test('switching en -> zh-CN survives a reload, a new window, and switches back', async ({
  page,
  browser,
  studio,
}) => {
  await page.goto(studio.url);
  await expect(page.getByTestId('page-title')).toHaveText('Studio');
  await chooseLanguage(page, 'zh-CN');
  await expect(page.getByTestId('page-title')).toHaveText('工作室');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  await page.reload();
  await expect(page.getByTestId('page-title')).toHaveText('工作室');
  await expect(page.getByTestId('language-switcher')).toHaveValue('zh-CN');

  // A fresh browser profile opened from the link still gets the host's saved choice.
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(studio.url);
  await expect(fresh.getByTestId('page-title')).toHaveText('工作室');
  await other.close();

  await chooseLanguage(page, 'en');
  await expect(page.getByTestId('page-title')).toHaveText('Studio');
  await page.reload();
  await expect(page.getByTestId('page-title')).toHaveText('Studio');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('Alt+L switches the interface language from the keyboard', async ({ page, studio }) => {
  await page.goto(studio.url);
  await expect(page.getByTestId('page-title')).toHaveText('Studio');
  await page.keyboard.press('Alt+KeyL');
  await expect(page.getByTestId('page-title')).toHaveText('工作室');
  // On through the studio's other languages, and round to English.
  for (const lng of ['id', 'th', 'vi', 'es']) {
    await page.keyboard.press('Alt+KeyL');
    await expect(page.locator('html')).toHaveAttribute('lang', lng);
  }
  await page.keyboard.press('Alt+KeyL');
  await expect(page.getByTestId('page-title')).toHaveText('Studio');
});

test('window.studio answers through the real bridge, with a typed error for invalid arguments', async ({
  page,
  studio,
}) => {
  await page.goto(studio.url);
  await expect(page.getByTestId('backend-state')).toHaveAttribute('data-state', 'connected');
  const results = await page.evaluate(async () => {
    const api = window.studio!;
    return {
      info: await api.app.getInfo(),
      bad: await api.settings.setLanguage('klingon' as never),
      wrongType: await api.settings.setLanguage(42 as never),
      settings: await api.settings.get(),
    };
  });
  expect(results.info).toMatchObject({ ok: true, value: { name: 'LiveBridge Studio', mode: 'browser' } });
  expect(results.bad).toMatchObject({
    ok: false,
    error: { code: 'invalid_argument', issues: [{ path: '0' }] },
  });
  expect(results.bad.ok === false && results.bad.error.message).toMatch(/settings\.setLanguage/);
  expect(results.wrongType).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  // The bad calls changed nothing.
  expect(results.settings).toMatchObject({ ok: true });
  expect(results.settings.ok && results.settings.value.language).not.toBe('klingon');
});

test('a page without the launch secret cannot drive the host', async ({ browser, studio }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(studio.url.replace(/#.*$/, ''));
  await expect(page.getByTestId('host-error')).toContainText('not signed in');
  const result = await page.evaluate(() => window.studio!.app.getInfo());
  expect(result).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  await context.close();
});

test("the Replays button and Alt+R open the backend's replay page with the studio's host token", async ({
  page,
  studio,
}) => {
  await page.goto(studio.url);
  const info = await page.evaluate(() => window.studio!.app.getInfo());
  if (!info.ok) throw new Error(info.error.message);
  const backend = new URL(info.value.serverUrl).origin;
  const opened = () =>
    page
      .context()
      .waitForEvent('request', (r) => new URL(r.url()).pathname === '/replay')
      .then((r) => new URL(r.url()));
  let request = opened();
  await page.getByTestId('replays-button').click();
  let url = await request;
  expect(url.origin).toBe(backend);
  expect(url.searchParams.get('token')).toMatch(/.{20,}/);
  request = opened();
  await page.keyboard.press('Alt+r');
  url = await request;
  expect(url.origin).toBe(backend);
});
