// Alerts, thresholds and ops notes against a real backend (socket.io, SQLite on disk): thresholds survive a
// restart, a stock-out reaches ops as sold_out and ops acknowledge it (who, when), a note reaches the host and
// its dismissal reaches ops, and no host or viewer can do what only ops may.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, type Alert, type OpsNote } from '../../core/protocol/analytics-events';
import { startBackend, type Backend } from '../../server/backend';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, connectViewer, testToken, value, type RoomSocket } from '../support/room-clients';

const opened: RoomSocket[] = [];
const running: Backend[] = [];
const start = async (sqliteFile = ':memory:') => {
  const backend = await startBackend({ sqliteFile, logger: quietLogger, media: false });
  running.push(backend);
  return backend;
};
afterEach(async () => {
  opened.splice(0).forEach((s) => s.disconnect());
  await Promise.all(running.splice(0).map((b) => b.close()));
});

const key = (p: string) => `${p}-${randomUUID()}`;
const opsAs = (url: string, sub = 'ops-alice-0001') =>
  connectAs(url, { role: 'ops', token: testToken('ops', undefined, sub), clientName: 'Alice (ops)' }, opened);

async function liveRoom(url: string) {
  const host = await connectAs(url, { role: 'host' }, opened);
  const { room, hostKey } = value(
    await host.emitWithAck('room:create', { title: 'Ops', hostLanguage: 'en' }),
  );
  value(await host.emitWithAck('live:start', { roomId: room.id }));
  return { host, room, hostKey };
}

describe('ops alerts and notes', () => {
  it('keeps the thresholds ops set (global and per room) across a backend restart', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lb-alerts-')), 'db.sqlite');
    let backend = await start(file);
    const { room } = await liveRoom(backend.url);
    let ops = await opsAs(backend.url);
    expect(value(await ops.emitWithAck('ops:thresholds', { roomId: null }))).toEqual(DEFAULT_THRESHOLDS);
    value(await ops.emitWithAck('ops:thresholds:set', { roomId: null, thresholds: { gpmDropPct: 50 } }));
    const forRoom = value(
      await ops.emitWithAck('ops:thresholds:set', { roomId: room.id, thresholds: { stockLow: 2 } }),
    );
    expect(forRoom).toEqual({ ...DEFAULT_THRESHOLDS, gpmDropPct: 50, stockLow: 2 });

    await backend.close();
    running.splice(running.indexOf(backend), 1);
    backend = await start(file);
    ops = await opsAs(backend.url);
    expect(value(await ops.emitWithAck('ops:thresholds', { roomId: room.id }))).toEqual(forRoom);
    expect(value(await ops.emitWithAck('ops:thresholds', { roomId: null }))).toEqual({
      ...DEFAULT_THRESHOLDS,
      gpmDropPct: 50,
    });
    // null clears the room's overrides: the global values apply again.
    value(await ops.emitWithAck('ops:thresholds:set', { roomId: room.id, thresholds: null }));
    expect(value(await ops.emitWithAck('ops:thresholds', { roomId: room.id })).stockLow).toBe(
      DEFAULT_THRESHOLDS.stockLow,
    );
  });

  it('a stock-out raises sold_out that ops see; the acknowledgement records who and when', async () => {
    const backend = await start();
    const { host, room } = await liveRoom(backend.url);
    const ops = await opsAs(backend.url);
    const alerts: Alert[] = [];
    ops.on('alert', (a) => alerts.push(a));
    const product = value(
      await host.emitWithAck('product:upsert', {
        roomId: room.id,
        titles: { en: 'Scarf' },
        prices: { USD: 1500 },
        stock: 2,
      }),
    );
    // Stock 2 is at the default "low" line already.
    await expect.poll(() => alerts.map((a) => `${a.kind}:${a.open}`)).toEqual(['stock_low:true']);
    const viewer = await connectViewer(backend.url, room.id, opened);
    value(await viewer.emitWithAck('room:join', { roomId: room.id }));
    value(
      await viewer.emitWithAck('order:place', {
        roomId: room.id,
        productId: product.id,
        quantity: 2,
        currency: 'USD',
        idempotencyKey: key('buy'),
      }),
    );
    await expect.poll(() => alerts.filter((a) => a.kind === 'sold_out')).toHaveLength(1);
    const soldOut = alerts.find((a) => a.kind === 'sold_out')!;
    expect(soldOut).toMatchObject({ roomId: room.id, open: true, acknowledged: null });
    expect(soldOut.detail).toMatchObject({ productId: product.id, stock: 0 });
    await expect.poll(() => alerts.filter((a) => a.kind === 'stock_low' && !a.open)).toHaveLength(1);

    const before = Date.now();
    const acked = value(await ops.emitWithAck('alert:ack', { roomId: room.id, alertId: soldOut.id }));
    expect(acked.acknowledged?.by).toBe('ops-alice-0001');
    expect(acked.acknowledged!.at).toBeGreaterThanOrEqual(before);
    await expect.poll(() => alerts.at(-1)?.acknowledged?.by).toBe('ops-alice-0001');
    // A second person's acknowledgement does not overwrite the first.
    const bob = await opsAs(backend.url, 'ops-bob-00000002');
    const again = value(await bob.emitWithAck('alert:ack', { roomId: room.id, alertId: soldOut.id }));
    expect(again.acknowledged).toEqual(acked.acknowledged);
    const unknown = await ops.emitWithAck('alert:ack', { roomId: room.id, alertId: 'al-nope' });
    expect(unknown.ok ? null : unknown.error.code).toBe('not_found');

    // Restocked: the alert clears.
    value(await host.emitWithAck('product:patch', { roomId: room.id, productId: product.id, stock: 50 }));
    await expect.poll(() => alerts.some((a) => a.id === soldOut.id && !a.open)).toBe(true);
  });

  it('an ops note reaches the host, is listed again after a reconnect, and its dismissal reaches ops', async () => {
    const backend = await start();
    const { host, room, hostKey } = await liveRoom(backend.url);
    const ops = await opsAs(backend.url);
    const got: OpsNote[] = [];
    host.on('ops:note', (n) => got.push(n));
    const dismissed: { roomId: string; noteId: string }[] = [];
    ops.on('note:dismissed', (d) => dismissed.push(d));

    const clientId = key('note');
    const note = value(
      await ops.emitWithAck('ops:note', { roomId: room.id, text: 'Mention the free shipping', clientId }),
    );
    expect(note).toMatchObject({ roomId: room.id, text: 'Mention the free shipping', from: 'Alice (ops)' });
    await expect.poll(() => got.map((n) => n.id)).toEqual([note.id]);
    // A resend is the same note, not delivered twice.
    expect(
      value(
        await ops.emitWithAck('ops:note', { roomId: room.id, text: 'Mention the free shipping', clientId }),
      ).id,
    ).toBe(note.id);

    // The studio reconnects: its notes are still there until dismissed.
    host.disconnect();
    const studio = await connectAs(backend.url, { role: 'host' }, opened);
    value(await studio.emitWithAck('room:join', { roomId: room.id, hostKey }));
    expect(value(await studio.emitWithAck('note:list', { roomId: room.id })).map((n) => n.id)).toEqual([
      note.id,
    ]);
    value(await studio.emitWithAck('note:dismiss', { roomId: room.id, noteId: note.id }));
    await expect.poll(() => dismissed).toEqual([{ roomId: room.id, noteId: note.id }]);
    expect(value(await studio.emitWithAck('note:list', { roomId: room.id }))).toEqual([]);
    const missing = await studio.emitWithAck('note:dismiss', { roomId: room.id, noteId: 'note-missing' });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
  });

  it('refuses hosts and viewers on ops events, and viewers on host events, with forbidden', async () => {
    const backend = await start();
    const { host, room } = await liveRoom(backend.url);
    const viewer = await connectViewer(backend.url, room.id, opened);
    value(await viewer.emitWithAck('room:join', { roomId: room.id }));
    const ops = await opsAs(backend.url);
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
    for (const who of [host, viewer]) {
      expect(code(await who.emitWithAck('ops:thresholds', { roomId: null }))).toBe('forbidden');
      expect(
        code(await who.emitWithAck('ops:thresholds:set', { roomId: null, thresholds: { stockLow: 0 } })),
      ).toBe('forbidden');
      expect(code(await who.emitWithAck('alert:ack', { roomId: room.id, alertId: 'al-x' }))).toBe(
        'forbidden',
      );
      expect(
        code(await who.emitWithAck('ops:note', { roomId: room.id, text: 'hi', clientId: key('n') })),
      ).toBe('forbidden');
    }
    const health = { roomId: room.id, videoKbps: 1000, lossPct: 0, fps: 30, captionLagMs: null };
    expect(code(await viewer.emitWithAck('stream:health', health))).toBe('forbidden');
    expect(code(await ops.emitWithAck('stream:health', health))).toBe('forbidden');
    expect(code(await viewer.emitWithAck('note:list', { roomId: room.id }))).toBe('forbidden');
    expect(code(await viewer.emitWithAck('note:dismiss', { roomId: room.id, noteId: 'note-x' }))).toBe(
      'forbidden',
    );
    expect(code(await host.emitWithAck('stream:health', health))).toBe('ok');
    // Nothing changed for ops.
    expect(value(await ops.emitWithAck('ops:thresholds', { roomId: null }))).toEqual(DEFAULT_THRESHOLDS);
  });

  it('two poor health reports in a row raise stream_poor for ops; a good one clears it', async () => {
    const backend = await start();
    const { host, room } = await liveRoom(backend.url);
    const ops = await opsAs(backend.url);
    const alerts: Alert[] = [];
    ops.on('alert', (a) => alerts.push(a));
    const report = (lossPct: number, captionLagMs: number | null = null) =>
      host.emitWithAck('stream:health', { roomId: room.id, videoKbps: 800, lossPct, fps: 30, captionLagMs });
    value(await report(20));
    await new Promise((r) => setTimeout(r, 100));
    expect(alerts).toEqual([]);
    value(await report(20, 3500));
    await expect
      .poll(() => alerts.map((a) => `${a.kind}:${a.open}`).sort())
      .toEqual(['caption_lag:true', 'stream_poor:true']);
    value(await report(0, 500));
    await expect
      .poll(() =>
        alerts
          .filter((a) => !a.open)
          .map((a) => a.kind)
          .sort(),
      )
      .toEqual(['caption_lag', 'stream_poor']);
  });
});
