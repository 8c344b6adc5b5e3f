// The studio's Multistream panel in browser mode against the real studio host: a TikTok destination shows
// TikTok's simulcast rule as a warning and only that a key is set; it is still there after a reload; the
// key never comes back to the page (not in the DOM, not in any message the bridge or backend sends it).
// While live, the destinations are locked with the reason said, and the start's outcome is said in words.
import type { Page } from '@playwright/test';
import { axeViolations } from '../support/axe';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_MEDIA_ARGS } from '../support/chromium';
import { mediasoupUnavailableReason } from '../support/media';
import { testToken } from '../support/room-clients';
import { framesFrom, probeRtmp, startRtmpServer, x264UnavailableReason } from '../support/rtmp-server';
import { chooseLanguage, expect, showTab, startPreviewAndGoLive, test } from './fixtures';

const noMedia = mediasoupUnavailableReason();
const noEncode = x264UnavailableReason();
// CI requires both (LIVEBRIDGE_REQUIRE_MEDIASOUP / _FFMPEG make these throw there instead of skipping).
if (noMedia ?? noEncode) console.log(`[multistream e2e] live test skipped: ${noMedia ?? noEncode}`);

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS] } });

const TT_KEY = 'tt-secret-key-e2e-4711';
const YT_KEY = 'yt-secret-key-e2e-0815';
const KEYS = { a: 'e2e-key-a-3b7c19', b: 'e2e-key-b-90e2f4', bad: 'e2e-key-bad-5d61aa' };

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

  test('live to two RTMP servers: one stopped reconnects, a wrong key is named, the end ends all', async ({
    browser,
    page,
    studio,
    consoleErrors,
  }) => {
    test.skip(noMedia !== null, `no live video here: ${noMedia}`);
    test.skip(noEncode !== null, `no H.264 encode here: ${noEncode}`);
    test.setTimeout(180_000);
    const [a, b, refusing] = await Promise.all([
      startRtmpServer(),
      startRtmpServer(),
      startRtmpServer({ rejectPublish: true }),
    ]);
    try {
      await page.goto(studio.url);
      await expect(page.getByTestId('backend-state')).toHaveAttribute('data-state', 'connected');
      await page.getByTestId('ws-tab-multistream').click();
      // The studio's host is shared by this file's tests: only this test's destinations from here on.
      const rows = page.getByTestId('multistream-destination');
      await expect(
        page.locator('[data-testid="multistream-empty"], [data-testid="multistream-destination"]').first(),
      ).toBeVisible();
      while ((await rows.count()) > 0) {
        const before = await rows.count();
        await rows.first().getByTestId('multistream-remove').click();
        await rows.first().getByTestId('multistream-remove-yes').click();
        await expect(rows).toHaveCount(before - 1);
      }
      await addDestination(page, 'Server A', a!.url, KEYS.a);
      await addDestination(page, 'Server B', b!.url, KEYS.b);
      await addDestination(page, 'Wrong key', refusing!.url, KEYS.bad);
      const info = await page.evaluate(() => window.studio!.app.getInfo());
      if (!info.ok) throw new Error(info.error.message);
      const viewerUrl = await startPreviewAndGoLive(page);
      const roomId = new URL(viewerUrl).searchParams.get('room')!;
      await page.getByTestId('ws-tab-multistream').click();
      await expect(page.getByTestId('multistream-locked')).toHaveText(
        'Destinations are fixed while you are live: change them after the stream ends.',
      );
      await expect(page.getByTestId('multistream-edit').first()).toBeDisabled();
      await expect(page.getByTestId('multistream-add')).toBeDisabled();

      const row = (name: string) => page.getByTestId('multistream-destination').filter({ hasText: name });
      const state = (name: string) => row(name).getByTestId('multistream-health');
      const liveAt = Date.now();
      for (const name of ['Server A', 'Server B'])
        await expect(state(name)).toHaveAttribute('data-state', 'live', { timeout: 40_000 });
      console.log(`[multistream e2e] both destinations live ${Date.now() - liveAt} ms after going live`);
      // The Stream health tab sums them up in a line (the wrong key is not live).
      await showTab(page, 'health');
      await expect(page.getByTestId('health-multistream')).toHaveText(/Multistream: [12] of 3 live/);
      await page.getByTestId('ws-tab-multistream').click();

      // FFmpeg reads H.264 video and AAC audio from both servers.
      for (const [srv, key] of [
        [a!, KEYS.a],
        [b!, KEYS.b],
      ] as const) {
        const read = await probeRtmp(`${srv.url}/${key}`);
        expect(read.codecs, read.error).toEqual(['aac', 'h264']);
        expect(read.width).toBeGreaterThan(0);
      }

      // A refused key: the error state with its reason in words.
      await expect(state('Wrong key')).toHaveAttribute('data-state', 'error', { timeout: 20_000 });
      await expect(row('Wrong key').getByTestId('multistream-state')).toHaveText(
        'Error: the platform refused the stream key',
      );

      // B's frame rate with both up, to compare with while A is down (the machine's load sets it, not A).
      const framesBefore = await framesFrom(`${b!.url}/${KEYS.b}`, 3);

      // Server A goes away: A says it is reconnecting, B keeps streaming (frames keep arriving from it).
      await a!.stop();
      await expect(state('Server A')).toHaveAttribute('data-state', 'reconnecting', { timeout: 20_000 });
      await expect(row('Server A').getByTestId('multistream-state')).toContainText('Reconnecting');
      const frames = await framesFrom(`${b!.url}/${KEYS.b}`, 3);
      console.log(
        `[multistream e2e] frames from B in 3 s: ${framesBefore} with A up, ${frames} while A was down`,
      );
      expect(framesBefore).toBeGreaterThan(0);
      expect(frames).toBeGreaterThanOrEqual(Math.floor(framesBefore / 2));
      await expect(state('Server B')).toHaveAttribute('data-state', 'live');

      // Ops see it too (after the frame count: their page plays the room's video, which takes CPU here):
      // the room's tile counts A and the wrong key in trouble, the room view says which and why (after three
      // failed tries A shows as an error, still retrying).
      const ops = await (await browser.newContext()).newPage();
      await ops.goto(`${info.value.serverUrl}/dashboard?token=${encodeURIComponent(testToken('ops'))}`);
      const tile = ops.locator(`[data-testid="board-tile"][data-room-id="${roomId}"]`);
      await expect(tile.getByTestId('tile-restream')).toHaveAttribute('data-trouble', '2');
      await expect(tile.getByTestId('tile-restream')).toHaveAttribute('data-live', '1');
      await tile.click();
      const opsRow = ops.locator('[data-testid="restream-destination"]').filter({ hasText: 'Server A' });
      await expect(opsRow).toHaveAttribute('data-state', /reconnecting|error/);
      await expect(opsRow.getByTestId('restream-state')).toContainText('the server cannot be reached');

      // A is back: live again within 10 s.
      await a!.restart();
      const back = Date.now();
      await expect(state('Server A')).toHaveAttribute('data-state', 'live', { timeout: 10_000 });
      await expect(opsRow).toHaveAttribute('data-state', 'live');
      await ops.close();
      console.log(`[multistream e2e] A live again ${Date.now() - back} ms after its server restarted`);
      expect((await probeRtmp(`${a!.url}/${KEYS.a}`)).codecs).toEqual(['aac', 'h264']);

      // Ending the stream ends every destination; their pushes to the servers stop.
      await page.getByTestId('end-live').click();
      await expect(page.getByTestId('multistream-locked')).toHaveCount(0, { timeout: 15_000 });
      await expect(page.getByTestId('multistream-edit').first()).toBeEnabled();
      for (const name of ['Server A', 'Server B', 'Wrong key'])
        await expect(state(name)).toHaveAttribute('data-state', 'ended', { timeout: 10_000 });
      expect((await probeRtmp(`${b!.url}/${KEYS.b}`, 3)).codecs).toEqual([]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await Promise.all([a, b, refusing].map((srv) => srv!.close()));
    }
  });
});
