// The studio's Multistream panel in browser mode against the real studio host: a TikTok destination shows
// TikTok's simulcast rule as a warning and only that a key is set; it is still there after a reload; the
// key never comes back to the page (not in the DOM, not in any message the bridge or backend sends it).
// While live, the destinations are locked with the reason said, and the start's outcome is said in words.
import type { Page } from '@playwright/test';
import { axeViolations } from '../support/axe';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { mediasoupUnavailableReason } from '../support/media';
import { chooseLanguage, expect, startPreviewAndGoLive, test } from './fixtures';

const noMedia = mediasoupUnavailableReason();

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS] } });

const TT_KEY = 'tt-secret-key-e2e-4711';
const YT_KEY = 'yt-secret-key-e2e-0815';

async function addDestination(page: Page, name: string, url: string, key: string): Promise<void> {
  await page.getByTestId('multistream-add').click();
  const form = page.getByTestId('multistream-form');
  await form.getByTestId('multistream-name').fill(name);
  await form.getByTestId('multistream-url').fill(url);
  await form.getByTestId('multistream-key').fill(key);
  await form.getByTestId('multistream-save').click();
  await expect(form).toHaveCount(0);
}

function collectIncoming(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => void frames.push(String(f.payload))));
  page.on('response', (r) => {
    if (r.request().resourceType() === 'fetch' || r.request().resourceType() === 'xhr')
      void r.text().then(
        (t) => frames.push(t),
        () => undefined,
      );
  });
  return frames;
}

test.describe('multistream destinations in the studio', () => {
  test('a TikTok destination: its rule as a warning, only that a key is set, kept across a reload', async ({
    page,
    studio,
    consoleErrors,
  }) => {
    const incoming = collectIncoming(page);
    await page.goto(studio.url);
    await page.getByTestId('ws-tab-multistream').click();
    await expect(page.getByTestId('multistream-panel')).toBeVisible();

    // The form says the platform's rule while the address is typed; keyboard reaches it.
    await page.getByTestId('multistream-add').focus();
    await page.keyboard.press('Enter');
    const form = page.getByTestId('multistream-form');
    await form.getByTestId('multistream-name').fill('TikTok Shop');
    await form.getByTestId('multistream-url').fill('ftp://example.com/live');
    await expect(form.getByTestId('multistream-save')).toBeDisabled();
    await expect(form.getByTestId('multistream-save-reason')).toHaveText(
      'The address must start with rtmp:// or rtmps://.',
    );
    await form.getByTestId('multistream-url').fill('rtmp://push-rtmp-l11-sg01.tiktokcdn.com/game');
    await expect(form.getByTestId('multistream-rule-warning')).toContainText('forbids simulcasting');
    await expect(form.getByTestId('multistream-save-reason')).toHaveText(
      'A destination that is on needs a stream key.',
    );
    await form.getByTestId('multistream-key').fill(TT_KEY);
    await form.getByTestId('multistream-save').click();
    await expect(form).toHaveCount(0);

    const tiktok = page.locator('[data-testid="multistream-destination"][data-platform="tiktok"]');
    await expect(tiktok.getByTestId('multistream-rule-warning')).toContainText('TikTok forbids simulcasting');
    await expect(tiktok.getByTestId('multistream-destination-key')).toHaveText('Stream key set');
    await expect(tiktok).toContainText('4000 kbps');

    // A second destination that is on: TikTok's rule now speaks up for the whole stream.
    await addDestination(page, 'YouTube', 'rtmp://a.rtmp.youtube.com/live2', YT_KEY);
    await expect(page.getByTestId('multistream-tiktok-conflict')).toBeVisible();
    expect(await axeViolations(page, '[data-testid="multistream-panel"]')).toEqual([]);

    // Still there after a reload, still without its key.
    await page.reload();
    await page.getByTestId('ws-tab-multistream').click();
    await expect(tiktok.getByTestId('multistream-destination-key')).toHaveAttribute('data-key-set', 'true');
    await expect(page.getByTestId('multistream-destination')).toHaveCount(2);
    await tiktok.getByTestId('multistream-edit').click();
    await expect(page.getByTestId('multistream-key')).toHaveValue('');
    await expect(page.getByTestId('multistream-key-state')).toHaveText(
      'A key is stored. Type a new one to replace it.',
    );
    await page.getByTestId('multistream-cancel').click();

    // Nowhere in the page, nor in anything sent to it.
    const dom = await page.evaluate(
      () =>
        document.documentElement.outerHTML +
        [...document.querySelectorAll('input')].map((i) => i.value).join('|'),
    );
    expect(dom).not.toContain(TT_KEY);
    expect(dom).not.toContain(YT_KEY);
    expect(incoming.length).toBeGreaterThan(0);
    expect(incoming.filter((f) => f.includes(TT_KEY) || f.includes(YT_KEY))).toEqual([]);

    // Chinese, too.
    await chooseLanguage(page, 'zh-CN');
    await expect(tiktok.getByTestId('multistream-rule-warning')).toContainText('禁止多平台同播');
    await chooseLanguage(page, 'en');

    // Removing asks first.
    await tiktok.getByTestId('multistream-remove').click();
    await tiktok.getByTestId('multistream-remove-yes').click();
    await expect(page.getByTestId('multistream-destination')).toHaveCount(1);
    expect(consoleErrors).toEqual([]);
  });

  test('while live the destinations are locked with the reason, and the start is answered in words', async ({
    page,
    studio,
  }) => {
    test.skip(noMedia !== null, `no live video here: ${noMedia}`);
    await page.goto(studio.url);
    await expect(page.getByTestId('backend-state')).toHaveAttribute('data-state', 'connected');
    await page.getByTestId('ws-tab-multistream').click();
    await addDestination(page, 'Local test server', 'rtmp://127.0.0.1:1935/live', 'local-key-1');
    await startPreviewAndGoLive(page);
    await page.getByTestId('ws-tab-multistream').click();
    await expect(page.getByTestId('multistream-locked')).toHaveText(
      'Destinations are fixed while you are live: change them after the stream ends.',
    );
    await expect(page.getByTestId('multistream-edit').first()).toBeDisabled();
    await expect(page.getByTestId('multistream-add')).toBeDisabled();
    // The backend answers with the destinations' status, or the studio says why it could not start them
    // (a backend without multistream does not answer: the host's 10 s wait runs out).
    await expect(
      page.locator('[data-testid="multistream-summary"], [data-testid="multistream-live-error"]'),
    ).toBeVisible({ timeout: 20_000 });
    await page.getByTestId('end-live').click();
    await expect(page.getByTestId('multistream-locked')).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByTestId('multistream-edit').first()).toBeEnabled();
  });
});
