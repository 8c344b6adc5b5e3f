// The compliance guard's violations on the ops dashboard and the replay page, against the real backend (in
// this process): the host says "这款洗发水是国家级配方，还能根治脱发" as a caption; the board tile counts
// one violation, the room view lists it (level, categories, market, words, rephrase) and its alert in words;
// after the end, the replay lists it with its category names and words, marks it on the timeline, and a
// click on it seeks there. The studio's own warning is the studio's spec.
import { randomUUID } from 'node:crypto';
import type { Caption } from '../../core/protocol/captions';
import { RENDERER_OUT } from '../../scripts/lib/paths';
import { startBackend, type Backend } from '../../server/backend';
import { quietLogger } from '../support/quiet-logger';
import { fakeRecordings, makeTestWebm } from '../support/replay-fixtures';
import { connectAs, testToken, value, type RoomSocket } from '../support/room-clients';
import { expect, test } from './fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let backend: Backend;
const opened: RoomSocket[] = [];

test.use({ viewport: { width: 1600, height: 1000 } });

test.beforeAll(async () => {
  backend = await startBackend({
    sqliteFile: ':memory:',
    logger: quietLogger,
    media: false,
    recording: { enabled: false },
    replayRecordings: fakeRecordings(makeTestWebm(), new Set()),
    rendererDir: RENDERER_OUT,
  });
});
test.afterAll(async () => {
  opened.forEach((s) => s.disconnect());
  await backend?.close();
});

test('ops see the host’s violation on the board and in the room, and the replay keeps it', async ({
  page,
  consoleErrors,
}) => {
  const host = await connectAs(
    backend.url,
    { role: 'host', token: testToken('host', undefined, `host-${randomUUID()}`) },
    opened,
  );
  const { room, hostKey } = value(
    await host.emitWithAck('room:create', { title: '洗发水 live', hostLanguage: 'zh-CN' }),
  );
  const roomId = room.id;
  value(await host.emitWithAck('live:start', { roomId }));

  await page.goto(`${backend.url}/dashboard?token=${encodeURIComponent(testToken('ops'))}`);
  const tile = page.locator(`[data-testid="board-tile"][data-room-id="${roomId}"]`);
  await expect(tile.getByTestId('tile-violations')).toHaveText('0');

  await sleep(1200);
  const caption: Caption = {
    id: 'say-1',
    lang: 'zh-CN',
    text: '这款洗发水是国家级配方，还能根治脱发',
    final: true,
    startMs: 0,
    endMs: 1000,
    emittedAt: Date.now(),
    source: true,
    terms: [],
    engine: 'local',
  };
  value(await host.emitWithAck('caption:publish', { roomId, hostKey, captions: [caption] }));
  await expect(tile.getByTestId('tile-violations')).toHaveText('1');
  await expect(tile.getByTestId('tile-violations')).toHaveClass(/has-violations/);

  await tile.click();
  const row = page.getByTestId('ops-violation');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-level', '2');
  await expect(row).toContainText('Warning');
  await expect(row).toContainText('Absolute term');
  await expect(row).toContainText('Medical claim');
  await expect(row).toContainText('CN');
  await expect(row).toContainText('国家级');
  const alert = page.locator('[data-testid="alert-item"][data-kind="compliance"]');
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('Compliance violation');
  await expect(alert.getByTestId('alert-detail')).toContainText('Absolute term');
  await expect(alert.getByTestId('alert-detail')).toContainText('国家级');

  await sleep(1500);
  value(await host.emitWithAck('live:end', { roomId }));
  await page.goto(`${backend.url}/replay?token=${testToken('analyst', undefined, 'analyst-0001')}`);
  await page.locator(`[data-testid="replay-row"][data-room="${roomId}"]`).click();
  const badge = page.getByTestId('stream-view').getByTestId('state-badge');
  await expect(badge).toHaveAttribute('data-state', /ready|partial/, { timeout: 60_000 });
  const item = page.getByTestId('replay-violation');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Absolute term');
  await expect(item).toContainText('Medical claim');
  await expect(item).toContainText('国家级');
  await expect(page.locator('[data-testid="marker"][data-kind="compliance"]')).toHaveCount(1);
  const t = Number(await item.getAttribute('data-t'));
  expect(t).toBeGreaterThan(500);
  await item.getByRole('button').click();
  await expect
    .poll(async () => (await page.evaluate(() => window.__replay?.state()))?.currentMs ?? -1)
    .toBeGreaterThanOrEqual(t - 100);
  expect(consoleErrors).toEqual([]);
});
