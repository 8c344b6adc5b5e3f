// Go live end to end: the studio (browser mode, fake camera and microphone) through the real mediasoup SFU
// to viewer pages in Chromium.
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { mediasoupUnavailableReason } from '../support/media';
import { expect, test, showTab } from './fixtures';

const skipReason = mediasoupUnavailableReason();
if (skipReason) console.log(`[live e2e] skipped: ${skipReason}`);

test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required'],
  },
});
test.describe.configure({ mode: 'serial' });

async function goLive(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await page.getByTestId('start-preview').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'preview');
  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'live', { timeout: 20_000 });
  return (await page.getByTestId('viewer-url').textContent())!;
}

async function openViewer(browser: Browser, viewerUrl: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${viewerUrl}&stats`);
  return page;
}

const valueOf = async (page: Page, id: string) =>
  Number(await page.getByTestId(id).getAttribute('data-value'));

/** Frames and audio samples both keep growing: the viewer is decoding the stream right now. */
async function expectPlaying(page: Page): Promise<void> {
  await expect(page.getByTestId('viewer-status')).toHaveAttribute('data-status', 'live', { timeout: 20_000 });
  await expect.poll(() => valueOf(page, 'stat-frames'), { timeout: 20_000 }).toBeGreaterThan(10);
  const frames = await valueOf(page, 'stat-frames');
  const audio = await valueOf(page, 'stat-audio');
  await expect.poll(() => valueOf(page, 'stat-frames'), { timeout: 10_000 }).toBeGreaterThan(frames + 10);
  await expect.poll(() => valueOf(page, 'stat-audio'), { timeout: 10_000 }).toBeGreaterThan(audio);
}

test('the host goes live, three viewers watch with sound, one reloads, the host ends', async ({
  page,
  browser,
  studio,
}) => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(120_000);
  const viewerUrl = await goLive(page, studio.url);
  expect(viewerUrl).toMatch(/\/viewer\?room=/);

  const viewers = await Promise.all([0, 1, 2].map(() => openViewer(browser, viewerUrl)));
  for (const viewer of viewers) await expectPlaying(viewer);

  // The host sees its uplink.
  await showTab(page, 'health');
  await expect(page.getByTestId('health-panel')).toBeVisible();
  await expect
    .poll(async () => parseInt((await page.getByTestId('health-bitrate').textContent()) ?? '0'))
    .toBeGreaterThan(50);

  // A viewer that reloads is back in the stream.
  await viewers[0]!.reload();
  await expectPlaying(viewers[0]!);

  await page.getByTestId('end-live').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'ended');
  for (const viewer of viewers) {
    await expect(viewer.getByTestId('viewer-status')).toHaveAttribute('data-status', 'ended');
  }
  await Promise.all(viewers.map((v) => v.context().close()));
});

test('when the mediasoup worker dies mid-stream the server survives, says so, and the stream comes back', async ({
  page,
  browser,
  studio,
}) => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(120_000);
  const viewerUrl = await goLive(page, studio.url);
  const viewer = await openViewer(browser, viewerUrl);
  await expectPlaying(viewer);

  const workers = execFileSync('pgrep', ['-P', String(studio.child.pid), '-f', 'mediasoup-worker'])
    .toString()
    .trim()
    .split('\n')
    .map(Number);
  expect(workers.length).toBeGreaterThan(0);
  for (const pid of workers) process.kill(pid, 'SIGKILL');

  // The host is told, the backend is still up, and media is re-established on the replacement worker.
  await expect(page.getByTestId('media-reset')).toBeVisible();
  await expect(page.getByTestId('backend-state')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'live');
  await expectPlaying(viewer);
  // Every worker was killed: a failed first try on a worker whose death was not seen yet is retried, not shown.
  await expect(page.getByTestId('live-error')).toHaveCount(0);
  const replaced = execFileSync('pgrep', [
    '-P',
    String(studio.child.pid),
    '-f',
    'mediasoup-worker',
  ]).toString();
  expect(replaced.trim().split('\n').map(Number)).not.toContain(workers[0]);

  // And the host can still end and go live again.
  await page.getByTestId('end-live').click();
  await expect(viewer.getByTestId('viewer-status')).toHaveAttribute('data-status', 'ended');
  await page.getByTestId('go-live').click();
  await expect(page.getByTestId('live-phase')).toHaveAttribute('data-phase', 'live', { timeout: 20_000 });
  await expectPlaying(viewer);
  await viewer.context().close();
});
