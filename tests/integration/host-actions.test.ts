// Room changes the host makes through its outbox, against a real backend. While the network is cut: a
// product added (and pinned), a paid order refunded and a viewer muted, through the real studio host's
// outbox and a TCP proxy that drops the host's link for OUTBOX_CUT_MS (30 s by default, like the marks in
// host-outbox.test.ts); when the link heals each lands once, as the people in the room notice it: the
// viewer's shelf has the product, the buyer's order is refunded (the payment provider refunded it exactly
// once), the muted viewer is refused. Then a refund the payment provider declines or cannot take, and a
// room's host key aimed at another room's product, order and viewer.
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
      // The troll's author handle, as the studio reads it from the room's comments (stored a moment later).
      const handleOf = async () =>
        value(await hostSocket.emitWithAck('comment:history', { roomId })).find((c) => c.text === 'first!')
          ?.a;
      await expect.poll(handleOf).toBeDefined();
      const trollHandle = (await handleOf())!;

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
      expect((await backend.store.products.list(roomId)).map((p) => p.titles.en)).toEqual(['Hat']);
      expect((await backend.store.orders.get(roomId, placed.id))?.status).toBe('paid');
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

describe('a refund through the outbox when the payment provider says no', () => {
  /** Refunds as the test says: the provider down (it throws), declining, or fine. */
  class SwitchablePayments extends TestPaymentProvider {
    mode: 'down' | 'decline' | 'up' = 'up';
    override refund(order: Order, idempotencyKey: string) {
      if (this.mode === 'down') return Promise.reject(new Error('connect ECONNREFUSED'));
      if (this.mode === 'decline')
        return Promise.resolve({ ok: false as const, reason: 'the card is closed' });
      return super.refund(order, idempotencyKey);
    }
  }
  const payments = new SwitchablePayments();
  let backend: Backend;
  const opened: RoomSocket[] = [];

  beforeAll(async () => {
    backend = await startBackend({ sqliteFile: ':memory:', logger: quietLogger, media: false, payments });
  });
  afterAll(async () => {
    opened.forEach((s) => s.disconnect());
    await backend.close();
  });

  it('keeps it queued while the provider is unreachable, and refuses it for good when it declines', async () => {
    const host = await connectAs(backend.url, { role: 'host' }, opened);
    const { room, hostKey } = value(
      await host.emitWithAck('room:create', { title: 'Pay', hostLanguage: 'en' }),
    );
    const roomId = room.id;
    const product = value(
      await host.emitWithAck('product:upsert', {
        roomId,
        titles: { en: 'Cap' },
        prices: { USD: 800 },
        stock: 5,
      }),
    );
    const buyer = await connectAs(backend.url, { role: 'viewer', room: roomId }, opened);
    value(await buyer.emitWithAck('room:join', { roomId }));
    const paidOrder = async (n: number) => {
      const o = value(
        await buyer.emitWithAck('order:place', {
          roomId,
          productId: product.id,
          quantity: 1,
          currency: 'USD',
          idempotencyKey: `declined-refund-${n}-000000`,
        }),
      );
      return value(await buyer.emitWithAck('order:pay', { roomId, orderId: o.id }));
    };
    const refund = (id: string, orderId: string) => ({
      id,
      roomId,
      type: 'order.refund',
      payload: { action: 'order.refund', roomId, orderId, hostKey },
    });
    const push = async (event: ReturnType<typeof refund>) =>
      value(await host.emitWithAck('outbox:push', { events: [event] }));

    const first = await paidOrder(1);
    payments.mode = 'down';
    expect(await push(refund('refund-while-down-1', first.id))).toEqual({ acked: [], rejected: [] });
    expect((await backend.store.orders.get(roomId, first.id))?.status).toBe('paid');
    payments.mode = 'up';
    expect(await push(refund('refund-while-down-1', first.id))).toEqual({
      acked: ['refund-while-down-1'],
      rejected: [],
    });
    expect((await backend.store.orders.get(roomId, first.id))?.status).toBe('refunded');
    expect(payments.refunds.get(first.id)).toBe(1);

    const second = await paidOrder(2);
    payments.mode = 'decline';
    expect(await push(refund('refund-declined-2', second.id))).toEqual({
      acked: ['refund-declined-2'],
      rejected: [
        { id: 'refund-declined-2', code: 'invalid_argument', message: 'Payment failed: the card is closed' },
      ],
    });
    expect((await backend.store.orders.get(roomId, second.id))?.status).toBe('paid');
    expect(payments.refunds.get(second.id)).toBeUndefined();
  });
});

describe('a host key in the outbox', () => {
  const payments = new TestPaymentProvider();
  let backend: Backend;
  const opened: RoomSocket[] = [];
  let seq = 0;
  const key = (p: string) => `${p}-${(seq++).toString(36)}-0123456789abcdef`;

  beforeAll(async () => {
    backend = await startBackend({ sqliteFile: ':memory:', logger: quietLogger, media: false, payments });
  });
  afterAll(async () => {
    opened.forEach((s) => s.disconnect());
    await backend.close();
  });

  async function shop() {
    const host = await connectAs(backend.url, { role: 'host' }, opened);
    const { room, hostKey } = value(
      await host.emitWithAck('room:create', { title: 'Trust', hostLanguage: 'en' }),
    );
    const product = value(
      await host.emitWithAck('product:upsert', {
        roomId: room.id,
        titles: { en: 'Scarf' },
        prices: { USD: 1500 },
        stock: 10,
      }),
    );
    return { host, room, hostKey, product };
  }

  it('reaches only its own room’s products, orders and people', async () => {
    const mine = await shop();
    const theirs = await shop();
    const roomId = theirs.room.id;
    const buyer = await connectAs(backend.url, { role: 'viewer', room: roomId }, opened);
    value(await buyer.emitWithAck('room:join', { roomId }));
    const placed = value(
      await buyer.emitWithAck('order:place', {
        roomId,
        productId: theirs.product.id,
        quantity: 1,
        currency: 'USD',
        idempotencyKey: key('buy'),
      }),
    );
    const order = value(await buyer.emitWithAck('order:pay', { roomId, orderId: placed.id }));
    const inMine = (type: string, fields: Record<string, unknown>) => ({
      id: key(type),
      roomId: mine.room.id,
      type,
      payload: { action: type, roomId: mine.room.id, hostKey: mine.hostKey, ...fields },
    });
    const events = [
      // Their product's id, "added" to my room: it must not move or change their product.
      inMine('product.upsert', {
        id: theirs.product.id,
        titles: { en: 'Mine now' },
        prices: { USD: 1 },
        stock: 0,
      }),
      // Their order, refunded or cancelled from my room.
      inMine('order.refund', { orderId: order.id }),
      inMine('order.cancel', { orderId: order.id }),
    ];
    const answer = value(await mine.host.emitWithAck('outbox:push', { events }));
    expect(answer.acked).toEqual(events.map((e) => e.id));
    expect(answer.rejected.map((r) => r.code)).toEqual(['invalid_argument', 'not_found', 'not_found']);
    expect(await backend.store.products.get(roomId, theirs.product.id)).toMatchObject({
      titles: { en: 'Scarf' },
      stock: 9,
    });
    expect((await backend.store.orders.get(roomId, order.id))?.status).toBe('paid');
    expect(payments.refunds.get(order.id)).toBeUndefined();
    // My key does not mute someone in their room, whatever the payload says its room is.
    value(await buyer.emitWithAck('comment:send', { roomId, text: 'hello', clientId: key('said') }));
    const handleOf = async () =>
      value(await buyer.emitWithAck('comment:history', { roomId })).find((c) => c.text === 'hello')?.a;
    await expect.poll(handleOf).toBeDefined();
    const mute = {
      id: key('mute'),
      roomId,
      type: 'mod.mute',
      payload: { action: 'mod.mute', roomId, userId: (await handleOf())!, hostKey: mine.hostKey },
    };
    expect(value(await mine.host.emitWithAck('outbox:push', { events: [mute] })).rejected).toEqual([
      { id: mute.id, code: 'forbidden', message: 'Wrong host key for this room' },
    ]);
    expect(await backend.store.moderation.list(roomId)).toEqual([]);
  });
});
