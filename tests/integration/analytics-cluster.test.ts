// Viewer analytics with two gateway nodes on one Redis and one database: a viewer connected to both nodes
// counts once, both nodes' boards show the same numbers, and the stored rollups (written by both nodes)
// equal those recomputed from the stored raw facts.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardTile, BoardUpdate } from '../../core/protocol/analytics-events';
import { startBackend, type Backend } from '../../server/backend';
import { ev, liveShop, storedAndRecomputed, storedThrough, total, track } from '../support/analytics-clients';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, connectViewer, value, type RoomSocket } from '../support/room-clients';
import { redisReachable, REDIS_URL } from '../support/services';

const redisSkip = await redisReachable();
if (redisSkip) console.warn(`[analytics cluster] skipped: ${redisSkip}`);

describe.skipIf(redisSkip !== null)('viewer analytics on two gateway nodes', () => {
  const opened: RoomSocket[] = [];
  let a: Backend;
  let b: Backend;
  beforeAll(async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lb-analytics-')), 'shared.sqlite');
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

  it('counts a viewer on both nodes once, and both boards show the same tile', async () => {
    const { room, product } = await liveShop(a.url, opened);
    const boards = await Promise.all(
      [a, b].map(async (node) => {
        const ops = await connectAs(node.url, { role: 'ops' }, opened);
        const latest = new Map<string, BoardTile>();
        ops.on('ops:board', (u: BoardUpdate) => u.tiles.forEach((t) => latest.set(t.roomId, t)));
        for (const t of value(await ops.emitWithAck('ops:board', {}))) latest.set(t.roomId, t);
        return latest;
      }),
    );
    // Ana on node A, and the same Ana (her issued identity) on node B too; Bo on node B only.
    const anaOnA = await connectViewer(a.url, room.id, opened);
    const anaOnB = await connectAs(b.url, { role: 'viewer', token: anaOnA.session.token }, opened);
    const bo = await connectViewer(b.url, room.id, opened);
    value(await bo.emitWithAck('room:join', { roomId: room.id }));
    for (const [s, lang] of [
      [anaOnA, 'es'],
      [anaOnB, 'es'],
      [bo, 'fr'],
    ] as const) {
      value(
        await track(
          s,
          room.id,
          [ev({ type: 'presence', state: 'join' }), ev({ type: 'impression', productId: product.id })],
          lang,
        ),
      );
    }
    value(await track(bo, room.id, [ev({ type: 'click', productId: product.id, target: 'buy' })], 'fr'));
    const order = value(
      await bo.emitWithAck('order:place', {
        roomId: room.id,
        productId: product.id,
        quantity: 1,
        currency: 'USD',
        idempotencyKey: `k-${room.id}-cluster-01`,
      }),
    );
    expect(order.status).toBe('placed');
    const lastAt = Date.now() + 500;

    const numbers = (t: BoardTile | undefined) =>
      t && {
        online: t.online,
        gmv: t.gmvPlaced,
        gpm: t.gpm,
        conversion: t.conversion,
        languages: t.languages,
      };
    const expected = {
      online: 2,
      gmv: { USD: 1500 },
      gpm: { USD: 750_000 },
      conversion: 0.5,
      languages: [
        { lang: 'es', online: 1 },
        { lang: 'fr', online: 1 },
      ],
    };
    for (const board of boards) {
      await expect.poll(() => numbers(board.get(room.id)), { timeout: 5000 }).toEqual(expected);
    }

    await storedThrough(a.store, room.id, lastAt);
    const { stored, recomputed } = await storedAndRecomputed(a.store, room.id);
    expect(stored).toEqual(recomputed);
    expect(Math.max(...stored.map((x) => x.room.views))).toBe(2);
    expect(total(stored, (x) => x.room.entries)).toBe(2);
    expect(total(stored, (x) => x.room.impressions)).toBe(3);
    expect(total(stored, (x) => x.room.orders)).toBe(1);

    // Ana closes her tab on node A: she is still online on node B.
    anaOnA.disconnect();
    await new Promise((r) => setTimeout(r, 1500));
    for (const board of boards) expect(board.get(room.id)?.online).toBe(2);
    anaOnB.disconnect();
    for (const board of boards)
      await expect.poll(() => board.get(room.id)?.online, { timeout: 5000 }).toBe(1);
  });
});
