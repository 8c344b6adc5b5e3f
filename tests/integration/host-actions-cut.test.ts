// Room changes the host makes while its network is cut: a product added (and pinned), a paid order refunded
// and a viewer muted, through the real studio host's outbox, a TCP proxy that drops the host's link for
// OUTBOX_CUT_MS (30 s by default, like the marks in host-outbox.test.ts), and a real backend. When the link
// heals each lands once, as the people in the room notice it: the viewer's shelf has the product, the
// buyer's order is refunded (the payment provider refunded it exactly once), the muted viewer is refused.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostActionDraft, Order, Product } from '../../core/protocol/room-events';
import { StudioHost } from '../../main/studio-host';
import { startBackend, type Backend } from '../../server/backend';
import { TestPaymentProvider } from '../../server/room/payments';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, testToken, value, type RoomSocket } from '../support/room-clients';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const CUT_MS = Number(process.env.OUTBOX_CUT_MS ?? 30_000);

describe('room changes made during a network cut', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-host-actions-'));
  const payments = new TestPaymentProvider();
  let backend: Backend;
  let proxy: TcpProxy;
  const opened: RoomSocket[] = [];

  beforeAll(async () => {
    backend = await startBackend({
      sqliteFile: path.join(dir, 'server.sqlite'),
      logger: quietLogger,
      media: false,
      payments,
    });
    proxy = await startTcpProxy(backend.port);
  });
  afterAll(async () => {
    opened.forEach((s) => s.disconnect());
    await proxy.close();
    await backend.close();
  });

  it(
    `add a product, refund an order and mute a viewer during a ${CUT_MS / 1000} s cut, each applied once after it`,
    { timeout: CUT_MS + 60_000 },
    async () => {
      // The room, a product and a paid order, made while the network is fine (the host's live connection,
      // as the studio's renderer creates the room; the viewers reach the backend directly, never cut).
      const hostSocket = await connectAs(backend.url, { role: 'host' }, opened);
      const { room, hostKey } = value(
        await hostSocket.emitWithAck('room:create', { title: 'Cut', hostLanguage: 'en' }),
      );
      const roomId = room.id;
      const hat = value(
        await hostSocket.emitWithAck('product:upsert', {
          roomId,
          titles: { en: 'Hat' },
          prices: { USD: 1500 },
          stock: 3,
        }),
      );
      const buyer = await connectAs(backend.url, { role: 'viewer', room: roomId }, opened);
      const troll = await connectAs(backend.url, { role: 'viewer', room: roomId }, opened);
      for (const v of [buyer, troll]) value(await v.emitWithAck('room:join', { roomId }));
      const shelfSeen: Product[] = [];
      buyer.on('product:state', ({ product }) => shelfSeen.push(product));
      const buyerOrders: Order[] = [];
      buyer.on('order:update', (o) => buyerOrders.push(o));
      const placed = value(
        await buyer.emitWithAck('order:place', {
          roomId,
          productId: hat.id,
          quantity: 1,
          currency: 'USD',
          idempotencyKey: 'cut-test-order-0001',
        }),
      );
      expect(value(await buyer.emitWithAck('order:pay', { roomId, orderId: placed.id })).status).toBe('paid');
      const say = (text: string, n: number) =>
        troll.emitWithAck('comment:send', { roomId, text, clientId: `troll-${n}-00000000` });
      value(await say('first!', 0));
      const history = value(await hostSocket.emitWithAck('comment:history', { roomId }));
      const trollHandle = history.find((c) => c.text === 'first!')!.a;

      const host = new StudioHost({
        mode: 'browser',
        serverUrl: proxy.url,
        userDataDir: mkdtempSync(path.join(dir, 'host-')),
        version: 't',
        logger: quietLogger,
        hostToken: testToken('host'),
      });
      const call = async (
        method: 'room.hostAction' | 'outbox.getStatus' | 'outbox.whenSent',
        args: unknown[],
      ) => {
        const r = await host.invoke(method, args);
        if (!r.ok) throw new Error(r.error.message);
        return r.value as Record<string, unknown>;
      };
      const act = async (action: HostActionDraft) =>
        (await call('room.hostAction', [{ ...action, roomId, hostKey }])).id as string;
      const online = async () => (await call('outbox.getStatus', [])).online;
      await expect.poll(online, { timeout: 10_000 }).toBe(true);

      await proxy.cut();
      await expect.poll(online, { timeout: 10_000 }).toBe(false);
      const scarfId = '7f9a1c52-3b7e-4d0a-9a55-cut000000001';
      const added = await act({
        action: 'product.upsert',
        id: scarfId,
        titles: { en: 'Scarf', 'zh-CN': '围巾' },
        prices: { USD: 2500 },
        stock: 7,
      });
      await act({ action: 'product.pin', productId: scarfId });
      const refund = await act({ action: 'order.refund', orderId: placed.id });
      await act({ action: 'mod.mute', userId: trollHandle });
      expect(await call('outbox.getStatus', [])).toMatchObject({ online: false, queued: 4 });
      expect(await call('outbox.whenSent', [{ id: added, timeoutMs: 100 }])).toEqual({
        state: 'queued',
        message: null,
      });

      await new Promise((r) => setTimeout(r, CUT_MS));
      // Nothing has reached the room yet: no scarf, the order is still paid, the troll can still talk.
      expect((await call('outbox.getStatus', [])).queued).toBe(4);
      expect((await backend.repo.listProducts(roomId)).map((p) => p.titles.en)).toEqual(['Hat']);
      expect((await backend.repo.getOrder(roomId, placed.id))?.status).toBe('paid');
      expect(payments.refunds.get(placed.id)).toBeUndefined();
      value(await say('still here', 1));

      await proxy.restore();
      await expect.poll(async () => (await call('outbox.getStatus', [])).queued, { timeout: 20_000 }).toBe(0);
      expect(await call('outbox.whenSent', [{ id: added, timeoutMs: 0 }])).toEqual({
        state: 'sent',
        message: null,
      });
      expect((await call('outbox.getStatus', [])).lastRejected).toBeNull();

      // The viewer's shelf has the scarf, pinned, with what the host typed offline.
      await expect.poll(() => shelfSeen.some((p) => p.id === scarfId && p.pinned)).toBe(true);
      const shelf = value(await buyer.emitWithAck('product:list', { roomId }));
      expect(shelf.find((p) => p.id === scarfId)).toMatchObject({
        titles: { en: 'Scarf', 'zh-CN': '围巾' },
        prices: { USD: 2500 },
        stock: 7,
        pinned: true,
      });
      // The buyer's order is refunded, and the money moved back once.
      await expect.poll(() => buyerOrders.at(-1)?.status).toBe('refunded');
      expect(value(await buyer.emitWithAck('order:list', { roomId }))[0]?.status).toBe('refunded');
      expect(payments.refunds.get(placed.id)).toBe(1);
      // The muted viewer's comments are refused.
      expect(await say('let me talk', 2)).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: 'You are muted in this room' },
      });

      // The refund sent again (a lost acknowledgement) and a second refund of the same order (a second
      // click) are both done with at once, and no money moves again.
      const refundEvent = {
        roomId,
        type: 'order.refund',
        payload: { action: 'order.refund', roomId, orderId: placed.id, hostKey },
      };
      const again = value(
        await hostSocket.emitWithAck('outbox:push', {
          events: [
            { id: refund, ...refundEvent },
            { id: 'second-refund-click-0001', ...refundEvent },
          ],
        }),
      );
      expect(again).toEqual({ acked: [refund, 'second-refund-click-0001'], rejected: [] });
      expect(payments.refunds.get(placed.id)).toBe(1);
      expect(payments.calls.get(placed.id)).toBe(2); // one charge, one refund
      host.close();
    },
  );
});
