// Viewer analytics against a real backend, on SQLite and on PostgreSQL: raw socket.io viewers report
// presence, cards and clicks, buy and comment; the stored 10 s rollups equal those recomputed from the
// stored raw facts, and the ops board and room view show the same numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardTile, BoardUpdate } from '../../core/protocol/analytics-events';
import type { Backend } from '../../server/backend';
import { ev, liveShop, storedAndRecomputed, storedThrough, total, track } from '../support/analytics-clients';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, connectViewer, value, type RoomSocket } from '../support/room-clients';
import { backendOnStore, postgresReachable } from '../support/services';

const pgSkip = await postgresReachable();
if (pgSkip) console.warn(`[analytics] PostgreSQL run skipped: ${pgSkip}`);

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && pgSkip !== null)(`viewer analytics on a ${kind} backend`, () => {
    let backend: Backend;
    let close = async (): Promise<void> => undefined;
    const opened: RoomSocket[] = [];
    beforeAll(async () => {
      ({ backend, close } = await backendOnStore(kind, { logger: quietLogger, media: false }));
    });
    afterAll(async () => {
      opened.forEach((s) => s.disconnect());
      await close();
    });

    it(
      'rolls up 10 s buckets that equal those recomputed from the stored facts; the board agrees',
      { timeout: 60_000 },
      async () => {
        const ops = await connectAs(backend.url, { role: 'ops' }, opened);
        const updates: BoardUpdate[] = [];
        ops.on('ops:board', (u) => updates.push(u));
        value(await ops.emitWithAck('ops:board', {}));
        const { room, product } = await liveShop(backend.url, opened);
        const viewers = await Promise.all(
          ['es', 'es', 'pt-BR'].map(async (lang) => {
            const v = await connectViewer(backend.url, room.id, opened, {});
            value(await v.emitWithAck('room:join', { roomId: room.id }));
            const r = await track(
              v,
              room.id,
              [ev({ type: 'presence', state: 'join' }), ev({ type: 'impression', productId: product.id })],
              lang,
            );
            expect(value(r)).toEqual({ counted: 2 });
            return v;
          }),
        );
        const [ana, bo, cy] = viewers as [RoomSocket, RoomSocket, RoomSocket];
        value(
          await track(ana, room.id, [ev({ type: 'click', productId: product.id, target: 'card' })], 'es'),
        );
        value(await track(ana, room.id, [ev({ type: 'click', productId: product.id, target: 'buy' })], 'es'));
        const order = value(
          await ana.emitWithAck('order:place', {
            roomId: room.id,
            productId: product.id,
            quantity: 2,
            currency: 'USD',
            idempotencyKey: `k-${room.id}-0123456789`,
          }),
        );
        value(await ana.emitWithAck('order:pay', { roomId: room.id, orderId: order.id }));
        value(
          await bo.emitWithAck('comment:send', {
            roomId: room.id,
            text: 'I love it',
            clientId: 'bo-0000001',
          }),
        );
        cy.disconnect(); // a closed page: its session leaves with its connection
        const lastAt = Date.now() + 500;

        // The board shows the room live, with two viewers online and the GMV placed.
        await expect
          .poll(
            () => {
              const tile = updates
                .flatMap((u) => u.tiles)
                .filter((t) => t.roomId === room.id)
                .at(-1);
              return tile && { online: tile.online, gmv: tile.gmvPlaced, title: tile.title, host: tile.host };
            },
            { timeout: 5000 },
          )
          .toEqual({ online: 2, gmv: { USD: 3000 }, title: 'Analytics', host: 'Mei' });

        await storedThrough(backend.store, room.id, lastAt);
        const { stored, recomputed, facts } = await storedAndRecomputed(backend.store, room.id);
        expect(stored).toEqual(recomputed);
        expect(facts.length).toBeGreaterThanOrEqual(13);
        expect(total(stored, (b) => b.room.orders)).toBe(1);
        expect(total(stored, (b) => b.room.impressions)).toBe(3);
        expect(total(stored, (b) => b.room.clicks)).toBe(2);
        expect(total(stored, (b) => b.room.comments)).toBe(1);
        expect(total(stored, (b) => b.room.gmvPlaced.USD ?? 0)).toBe(3000);
        expect(total(stored, (b) => b.room.gmvPaid.USD ?? 0)).toBe(3000);
        expect(total(stored, (b) => b.room.entries)).toBe(3);
        expect(stored.flatMap((b) => b.languages).filter((l) => l.orders > 0)).toEqual([
          expect.objectContaining({ lang: 'es', orders: 1, gmvPlaced: { USD: 3000 } }),
        ]);
        expect(
          stored.flatMap((b) => b.products).some((p) => p.productId === product.id && p.presented === 1),
        ).toBe(true);

        // The room view: stored buckets, the windows over them, the pin.
        const view = value(await ops.emitWithAck('ops:room', { roomId: room.id }));
        expect(view.title).toBe('Analytics');
        expect(view.windows.total).toMatchObject({
          views: 3,
          orders: 1,
          buyers: 1,
          commenters: 1,
          gmvPlaced: { USD: 3000 },
        });
        expect(view.windows.total.conversion).toBeCloseTo(1 / 3);
        expect(view.windows.total.gpm).toEqual({ USD: 1_000_000 }); // 3000 / 3 views x 1,000
        expect(view.pins).toEqual([expect.objectContaining({ productId: product.id, to: null })]);
        expect(view.buckets.length).toBeGreaterThanOrEqual(stored.length);
        const pushed: unknown[] = [];
        ops.on('ops:bucket', (u) => pushed.push(u));
        await expect.poll(() => pushed.length, { timeout: 5000 }).toBeGreaterThan(0);
        value(await ops.emitWithAck('ops:unroom', { roomId: room.id }));

        // The room ends: its tile leaves the board.
        const host = opened.find((s) => s !== ops)!;
        value(await host.emitWithAck('live:end', { roomId: room.id }));
        await expect
          .poll(() => updates.some((u) => u.removed.includes(room.id)), { timeout: 5000 })
          .toBe(true);
        const tiles: BoardTile[] = value(await ops.emitWithAck('ops:board', {}));
        expect(tiles.map((t) => t.roomId)).not.toContain(room.id);

        // Once its last bucket has closed the node lets the ended room go, and ops still see its whole
        // stream, read back from the stored facts.
        await expect
          .poll(() => backend.gateway.stats().analyticsRooms, { timeout: 20_000, interval: 500 })
          .toBe(0);
        const after = value(await ops.emitWithAck('ops:room', { roomId: room.id }));
        expect(after.windows.total).toMatchObject({
          views: 3,
          orders: 1,
          buyers: 1,
          commenters: 1,
          gmvPlaced: { USD: 3000 },
        });
        expect(after.buckets.length).toBeGreaterThanOrEqual(stored.length);
        expect(backend.gateway.stats().analyticsRooms).toBe(0); // looking did not load it again
      },
    );
  });
}
