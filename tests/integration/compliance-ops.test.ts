// The compliance guard's violations for ops and the replay, against a real backend (socket.io, SQLite): the
// host says "这款洗发水是国家级配方，还能根治脱发" (a partial, then the whole sentence as the same caption):
// ops get one alert of kind 'compliance' and the room view's list, the board tile counts one violation
// (not two: the grown sentence is the same event), a viewer in the room never hears of any of it, and the
// replay of the ended stream has its marker and list entry at the stream time it was said. With two gateway
// nodes (Redis), ops on the other node get the one alert and count too.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, BoardTile, BoardUpdate } from '../../core/protocol/analytics-events';
import type { Caption } from '../../core/protocol/captions';
import type { ComplianceViolation } from '../../core/protocol/compliance';
import { REPLAY_READY_TARGET_MS } from '../../core/protocol/replay';
import { BOARD_MS } from '../../server/analytics/ops-board';
import { startBackend, type Backend } from '../../server/backend';
import { ev, track } from '../support/analytics-clients';
import { liveRoom } from '../support/replay-fixtures';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, connectViewer, testToken, value, type RoomSocket } from '../support/room-clients';
import { redisReachable, REDIS_URL } from '../support/services';
import { suiteBackend } from '../support/suite-backend';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SENTENCE = '这款洗发水是国家级配方，还能根治脱发';

describe('compliance violations for ops and the replay', () => {
  const suite = suiteBackend();
  const opened = suite.opened;

  it(
    'raises one ops alert and one board count per flagged sentence, never told to viewers, kept in the replay',
    {
      timeout: 60_000,
    },
    async () => {
      const url = suite.backend.url;
      const { host, room, hostKey } = await liveRoom(url, opened, 'host-compliance-ops');
      const roomId = room.id;
      const liveStartedAt = (await suite.backend.store.rooms.liveStartedAt(roomId))!;

      const ops = await connectAs(
        url,
        { role: 'ops', token: testToken('ops', undefined, 'ops-compliance') },
        opened,
      );
      const alerts: Alert[] = [];
      const opsViolations: ComplianceViolation[] = [];
      const tiles: BoardTile[] = [];
      ops.on('alert', (a) => a.roomId === roomId && alerts.push(a));
      ops.on('compliance:violation', (v) => opsViolations.push(v));
      ops.on('ops:board', (u: BoardUpdate) => tiles.push(...u.tiles.filter((t) => t.roomId === roomId)));
      const board = value(await ops.emitWithAck('ops:board', {}));
      expect(board.find((t) => t.roomId === roomId)?.violations).toBe(0);
      value(await ops.emitWithAck('ops:room', { roomId }));

      const viewer = await connectViewer(url, roomId, opened);
      value(await viewer.emitWithAck('room:join', { roomId }));
      // A Spanish-speaking viewer reading the host's own words as captions.
      value(await track(viewer, roomId, [ev({ type: 'presence', state: 'join' })], 'es'));
      value(await viewer.emitWithAck('caption:subscribe', { roomId, lang: 'zh-CN' }));
      const heardByViewer: string[] = [];
      viewer.onAny((event: string) => heardByViewer.push(event));

      const caption = (text: string, final: boolean): Caption => ({
        id: 'say-1',
        lang: 'zh-CN',
        text,
        final,
        startMs: 1_000,
        endMs: 2_000,
        emittedAt: Date.now(),
        source: true,
        terms: [],
        engine: 'local',
      });
      const saidAt = Date.now();
      // The first partial: the absolute term only.
      value(
        await host.emitWithAck('caption:publish', {
          roomId,
          hostKey,
          captions: [caption('这款洗发水是国家级配方', false)],
        }),
      );
      await expect
        .poll(() => alerts.filter((a) => a.kind === 'compliance').length, { timeout: 5_000 })
        .toBe(1);
      const alert = alerts.find((a) => a.kind === 'compliance')!;
      expect(alert).toMatchObject({ open: true, roomId });
      expect(alert.detail).toMatchObject({
        level: 2,
        source: 'caption',
        markets: expect.stringContaining('CN'),
      });
      expect(String(alert.detail.categories).split(',')).toContain('absolute_term');
      expect(String(alert.detail.words)).toContain('国家级');
      await expect.poll(() => tiles.at(-1)?.violations, { timeout: 5_000 }).toBe(1);

      // The whole sentence, same caption: the event grows (a medical claim too), no second alert or count.
      value(
        await host.emitWithAck('caption:publish', { roomId, hostKey, captions: [caption(SENTENCE, true)] }),
      );
      await expect
        .poll(() => opsViolations.at(-1)?.flags.map((f) => f.category) ?? [], { timeout: 5_000 })
        .toContain('medical_claim');
      await sleep(3 * BOARD_MS);
      expect(alerts.filter((a) => a.kind === 'compliance')).toHaveLength(1);
      expect(tiles.at(-1)?.violations).toBe(1);
      expect(value(await ops.emitWithAck('ops:board', {})).find((t) => t.roomId === roomId)?.violations).toBe(
        1,
      );
      const listed = value(await ops.emitWithAck('compliance:list', { roomId }));
      expect(listed).toHaveLength(1);
      expect(listed[0]!.flags.map((f) => f.category)).toEqual(
        expect.arrayContaining(['absolute_term', 'medical_claim']),
      );

      // The viewer heard the captions, never the violation nor the alert, and may not list them.
      expect(heardByViewer).toContain('caption');
      expect(heardByViewer).not.toContain('compliance:violation');
      expect(heardByViewer).not.toContain('alert');
      expect((await viewer.emitWithAck('compliance:list', { roomId })).ok).toBe(false);

      // The replay of the ended stream: a compliance marker at the stream time it was said, and its entry.
      const analyst = await connectAs(
        url,
        { role: 'analyst', token: testToken('analyst', undefined, 'analyst-compliance') },
        opened,
      );
      value(await host.emitWithAck('live:end', { roomId }));
      await expect
        .poll(async () => value(await analyst.emitWithAck('replay:get', { roomId })).item.state, {
          timeout: REPLAY_READY_TARGET_MS + 5_000,
          interval: 300,
        })
        .toBe('ready');
      const detail = value(await analyst.emitWithAck('replay:get', { roomId }));
      const markers = detail.markers.filter((m) => m.kind === 'compliance');
      expect(markers).toHaveLength(1);
      expect(markers[0]!.label.split(',')).toEqual(
        expect.arrayContaining(['absolute_term', 'medical_claim']),
      );
      expect(markers[0]!.t).toBe(listed[0]!.at - liveStartedAt);
      expect(Math.abs(markers[0]!.t - (saidAt - liveStartedAt))).toBeLessThan(2_000);
      // Its alert is not a second, 'alert' marker.
      expect(detail.markers.filter((m) => m.kind === 'alert' && m.label === 'compliance')).toEqual([]);
      expect(detail.violations).toHaveLength(1);
      expect(detail.violations![0]).toMatchObject({ level: 2, t: markers[0]!.t });
      expect(detail.violations![0]!.words.join(' ')).toMatch(/国家级/);
      expect(detail.violations![0]!.words.join(' ')).toMatch(/根治/);
    },
  );
});

const redisSkip = await redisReachable();
if (redisSkip) console.warn(`[compliance ops cluster test] skipped: ${redisSkip}`);

describe.skipIf(redisSkip !== null)('compliance violations with two gateway nodes', () => {
  const opened: RoomSocket[] = [];
  let a: Backend;
  let b: Backend;
  beforeAll(async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lb-compliance-cluster-')), 'shared.sqlite');
    const node = () =>
      startBackend({ sqliteFile: file, redisUrl: REDIS_URL, logger: quietLogger, media: false });
    a = await node();
    b = await node();
  });
  afterAll(async () => {
    opened.splice(0).forEach((s) => s.disconnect());
    await a?.close();
    await b?.close();
  });

  it(
    'tells ops on the other node one alert and counts one violation on its board',
    { timeout: 30_000 },
    async () => {
      const { host, room, hostKey } = await liveRoom(a.url, opened, 'host-compliance-cluster');
      const roomId = room.id;
      const watch = async (url: string, sub: string) => {
        const ops = await connectAs(url, { role: 'ops', token: testToken('ops', undefined, sub) }, opened);
        const alerts: Alert[] = [];
        const tiles: BoardTile[] = [];
        ops.on('alert', (x) => x.roomId === roomId && x.kind === 'compliance' && alerts.push(x));
        ops.on('ops:board', (u: BoardUpdate) => tiles.push(...u.tiles.filter((t) => t.roomId === roomId)));
        value(await ops.emitWithAck('ops:board', {}));
        return { alerts, tiles };
      };
      const onA = await watch(a.url, 'ops-compliance-a');
      const onB = await watch(b.url, 'ops-compliance-b');
      const caption = (text: string, final: boolean): Caption => ({
        id: 'say-cluster',
        lang: 'zh-CN',
        text,
        final,
        startMs: 0,
        endMs: 1_000,
        emittedAt: Date.now(),
        source: true,
        terms: [],
        engine: 'local',
      });
      value(
        await host.emitWithAck('caption:publish', {
          roomId,
          hostKey,
          captions: [caption('这款洗发水是国家级配方', false)],
        }),
      );
      value(
        await host.emitWithAck('caption:publish', { roomId, hostKey, captions: [caption(SENTENCE, true)] }),
      );
      await expect.poll(() => [onA.alerts.length, onB.alerts.length], { timeout: 5_000 }).toEqual([1, 1]);
      await expect
        .poll(() => [onA.tiles.at(-1)?.violations, onB.tiles.at(-1)?.violations], { timeout: 5_000 })
        .toEqual([1, 1]);
      await sleep(3 * BOARD_MS);
      expect([onA.alerts.length, onB.alerts.length]).toEqual([1, 1]);
      expect([onA.tiles.at(-1)?.violations, onB.tiles.at(-1)?.violations]).toEqual([1, 1]);
    },
  );
});
