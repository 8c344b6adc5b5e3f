// The /replay page against the real backend (server/replay, in this process) with the recorder's stand-in
// that points every recorded room at a real WebM (tests/support/replay-fixtures.ts): a host's stream with a
// pinned product, a comment, an order and captions in two languages. The page follows it from live to
// ready by the backend's push, shows what the backend computed, plays the recording, and every export and
// clip link it hands out downloads; a host sees its own streams only. The full studio-to-replay run, with
// the real recorder, is the issue's end-to-end test; tests/e2e/replay-page.spec.ts covers the page's own
// behaviour (frames, gaps, danmaku) in depth.
import { randomUUID } from 'node:crypto';
import type { Caption } from '../../core/protocol/captions';
import { RENDERER_OUT } from '../../scripts/lib/paths';
import { startBackend, type Backend } from '../../server/backend';
import { ev, track } from '../support/analytics-clients';
import { quietLogger } from '../support/quiet-logger';
import { fakeRecordings, makeTestWebm } from '../support/replay-fixtures';
import { connectAs, connectViewer, testToken, value, type RoomSocket } from '../support/room-clients';
import { expect, test } from './fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOST_SUB = `host-${randomUUID()}`;

let backend: Backend;
const opened: RoomSocket[] = [];
const recorded = new Set<string>();

test.use({ viewport: { width: 1600, height: 1000 } });

test.beforeAll(async () => {
  backend = await startBackend({
    sqliteFile: ':memory:',
    logger: quietLogger,
    media: false,
    recording: { enabled: false },
    replayRecordings: fakeRecordings(makeTestWebm(), recorded),
    rendererDir: RENDERER_OUT,
  });
});
test.afterAll(async () => {
  opened.forEach((s) => s.disconnect());
  await backend?.close();
});

/** A live room of HOST_SUB's with a pinned scarf, a viewer's question, two scarves bought and one caption. */
async function stream() {
  const host = await connectAs(
    backend.url,
    { role: 'host', token: testToken('host', undefined, HOST_SUB) },
    opened,
  );
  const { room, hostKey } = value(
    await host.emitWithAck('room:create', { title: '围巾 sale', hostLanguage: 'zh-CN' }),
  );
  const roomId = room.id;
  recorded.add(roomId);
  value(await host.emitWithAck('live:start', { roomId }));
  const started = Date.now();
  const scarf = value(
    await host.emitWithAck('product:upsert', {
      roomId,
      titles: { en: 'Scarf', 'zh-CN': '围巾' },
      prices: { USD: 1500 },
      stock: 50,
    }),
  );
  const viewer = await connectViewer(backend.url, roomId, opened);
  value(await viewer.emitWithAck('room:join', { roomId }));
  value(await track(viewer, roomId, [ev({ type: 'presence', state: 'join' })], 'zh-CN'));
  value(await host.emitWithAck('product:pin', { roomId, productId: scarf.id }));
  await sleep(300);
  value(
    await viewer.emitWithAck('comment:send', { roomId, text: '这条围巾多少钱', clientId: 'viewer-0001' }),
  );
  value(
    await viewer.emitWithAck('order:place', {
      roomId,
      productId: scarf.id,
      quantity: 2,
      currency: 'USD',
      idempotencyKey: `k-${randomUUID()}`,
    }),
  );
  await sleep(1500);
  const caption = (lang: string, text: string): Caption => ({
    id: 'u1',
    lang,
    text,
    final: true,
    startMs: Date.now() - started - 1300,
    endMs: Date.now() - started - 100,
    emittedAt: Date.now(),
    source: lang === 'zh-CN',
    terms: [],
    engine: 'local',
  });
  value(
    await host.emitWithAck('caption:publish', {
      roomId,
      hostKey,
      captions: [
        caption('zh-CN', '大家好，今天的围巾特价'),
        caption('en', 'Hello, the scarf is on sale today'),
      ],
    }),
  );
  await sleep(700); // the caption archive writes every 500 ms
  return { roomId, end: async () => value(await host.emitWithAck('live:end', { roomId })) };
}

test('follows a stream from live to ready, shows what the backend computed, and every link it hands out works', async ({
  page,
  consoleErrors,
}) => {
  const { roomId, end } = await stream();
  const analyst = testToken('analyst', undefined, 'analyst-0001');
  await page.goto(`${backend.url}/replay?token=${analyst}`);
  const row = page.locator(`[data-testid="replay-row"][data-room="${roomId}"]`);
  await expect(row.getByTestId('state-badge')).toHaveAttribute('data-state', 'live');
  await row.click();
  await expect.poll(() => page.evaluate(() => window.__replay?.ready ?? false)).toBe(true);
  await expect(page.getByTestId('live-banner')).toBeVisible();

  await end();
  // The page is told (replay:state), and reads the finished stream again: no reload.
  const badge = page.getByTestId('stream-view').getByTestId('state-badge');
  await expect(badge).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('live-banner')).toHaveCount(0);
  await expect(page.getByTestId('figure-gmv')).toHaveText('$30.00');
  await expect(page.getByTestId('segment-row')).toHaveCount(1);
  await expect(page.getByTestId('segment-gmv')).toHaveText('$30.00');
  await expect(page.getByTestId('transcript-line')).toHaveText([/Hello, the scarf is on sale today/]);
  await page.getByTestId('transcript-lang').selectOption('zh-CN');
  await expect(page.getByTestId('transcript-line')).toHaveText([/大家好，今天的围巾特价/]);
  await expect(page.getByTestId('comment-row')).toHaveText([/这条围巾多少钱/]);

  // The recording plays from the backend's ticketed URL.
  await page.evaluate(() => window.__replay!.seek(2500));
  const state = await page.evaluate(() => window.__replay!.state());
  expect(state.currentMs).toBeGreaterThanOrEqual(2400);
  expect(await page.getByTestId('replay-video').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBe(320);

  await page.getByTestId('search-input').fill('围巾');
  await expect(page.getByTestId('search-hit')).toHaveCount(2);

  await page.getByTestId('exports-menu').locator('summary').click();
  const links = page.getByTestId('export-link');
  await expect(links).toHaveCount(3 + 2 * 2);
  for (const href of await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) {
    expect((await page.request.get(href)).status(), href).toBe(200);
  }
  // The order is a highlight; its clip is cut and downloads (byte ranges, as a player asks).
  await expect(page.getByTestId('highlight-row').first()).toHaveAttribute('data-kind', 'orders');
  await page.getByTestId('clip-button').first().click();
  const link = page.getByTestId('clip-link').first();
  await expect(link).toBeVisible();
  const clipUrl = new URL((await link.getAttribute('href'))!, backend.url).toString();
  expect((await page.request.get(clipUrl, { headers: { Range: 'bytes=0-99' } })).status()).toBe(206);
  expect(consoleErrors).toEqual([]);
});

test('a host sees its own streams only', async ({ page }) => {
  const { roomId, end } = await stream();
  await end();
  await page.goto(`${backend.url}/replay?token=${testToken('host', undefined, HOST_SUB)}`);
  await expect(page.locator(`[data-testid="replay-row"][data-room="${roomId}"]`)).toBeVisible();
  await page.goto(`${backend.url}/replay?token=${testToken('host', undefined, `host-${randomUUID()}`)}`);
  await expect(page.getByTestId('list-empty')).toBeVisible();
  // A stream of another host opened by its link is refused, in words.
  await page.goto(`${backend.url}/replay?room=${roomId}`);
  await expect(page.getByTestId('detail-error')).toHaveAttribute('data-code', /forbidden|not_found/);
});
