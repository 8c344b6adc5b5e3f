// The security review's attacks, replayed as they were found, against a real backend on SQLite and on
// PostgreSQL: each must now fail. Impersonation by a copied id, double pay and refund under concurrency
// (the payment provider counts its calls), a banned socket and a banned identity, a database error during
// a host action, a stale stock edit, an idempotency key reused in another room, colliding comment ids and
// host events that do not prove their room. (Media caps and room cleanup: trust-media.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeCommentFrame,
  type CommentWire,
  type Order,
  type Product,
} from '../../core/protocol/room-events';
import { signToken } from '../../server/auth/tokens';
import { startBackend, type Backend } from '../../server/backend';
import { TestPaymentProvider } from '../../server/room/payments';
import { DEFAULT_CAPACITY } from '../../server/sfu/capacity';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, connectViewer, value, type RoomSocket } from '../support/room-clients';
import { backendOnStore, postgresReachable } from '../support/services';

const pgSkip = await postgresReachable();
if (pgSkip) console.warn(`[trust attacks] PostgreSQL run skipped: ${pgSkip}`);

let seq = 0;
const key = (p: string) => `${p}-${Date.now().toString(36)}-${(seq++).toString(36)}-0123456789abcdef`;

/** The subject inside a signed token (what an attacker would need to impersonate, and cannot sign). */
const subOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && pgSkip !== null)(`attacks on a ${kind} backend`, () => {
    let backend: Backend;
    let close = async (): Promise<void> => undefined;
    const payments = new TestPaymentProvider(30); // slow enough for concurrent requests to overlap
    const opened: RoomSocket[] = [];

    beforeAll(async () => {
      ({ backend, close } = await backendOnStore(kind, {
        logger: quietLogger,
        media: false,
        payments,
      }));
    });
    afterAll(async () => {
      opened.forEach((s) => s.disconnect());
      await close();
    });

    async function shop(stock = 10) {
      const host = await connectAs(backend.url, { role: 'host' }, opened);
      const { room, hostKey } = value(
        await host.emitWithAck('room:create', { title: 'Trust', hostLanguage: 'en' }),
      );
      value(await host.emitWithAck('live:start', { roomId: room.id }));
      const product = value(
        await host.emitWithAck('product:upsert', {
          roomId: room.id,
          titles: { en: 'Scarf' },
          prices: { USD: 1500 },
          stock,
        }),
      );
      const viewer = async (name = 'Ana') => {
        const v = await connectViewer(backend.url, room.id, opened, { clientName: name });
        value(await v.emitWithAck('room:join', { roomId: room.id }));
        return v;
      };
      const buy = (v: RoomSocket, quantity = 1, idempotencyKey = key('buy')) =>
        v.emitWithAck('order:place', {
          roomId: room.id,
          productId: product.id,
          quantity,
          currency: 'USD',
          idempotencyKey,
        });
      const stockNow = async () => (await backend.repo.getProduct(room.id, product.id))!.stock;
      return { host, room, hostKey, product, viewer, buy, stockNow };
    }

    it('impersonation by a copied id: the copy is ignored, the victim stays the only one who can act', async () => {
      const { room, viewer, buy } = await shop();
      const victim = await viewer('Victim');
      const attacker = await viewer('Mallory');
      const frames: unknown[] = [];
      attacker.on('comment:batch', (f) => frames.push(f));
      value(
        await victim.emitWithAck('comment:send', { roomId: room.id, text: 'love it', clientId: key('c') }),
      );
      await expect.poll(() => frames.length).toBeGreaterThan(0);
      const seen = decodeCommentFrame(frames[0] as never).items[0]!;
      // The frame carries the victim's per-room handle: never the subject or the token.
      expect(seen.a).toBe(victim.session.handle);
      const victimSub = subOf(victim.session.token);
      expect(JSON.stringify(frames)).not.toContain(victimSub);
      expect(JSON.stringify(frames)).not.toContain(victim.session.token);

      const order = value(await buy(victim));
      // The attack as found: reconnect naming the victim (by the id read from the frame, or the subject).
      for (const claimed of [seen.a, victimSub]) {
        const copy = await connectViewer(backend.url, room.id, opened, { extraAuth: { userId: claimed } });
        value(await copy.emitWithAck('room:join', { roomId: room.id }));
        expect(copy.session.handle).not.toBe(victim.session.handle);
        const updates: Order[] = [];
        copy.on('order:update', (o) => updates.push(o));
        expect(value(await copy.emitWithAck('order:list', { roomId: room.id }))).toEqual([]);
        expect(await copy.emitWithAck('order:pay', { roomId: room.id, orderId: order.id })).toMatchObject({
          ok: false,
          error: { code: 'forbidden' },
        });
        const posted = value(
          await copy.emitWithAck('comment:send', { roomId: room.id, text: 'me', clientId: key('c') }),
        );
        const mine = await new Promise<CommentWire | undefined>((resolve) => {
          const look = (f: Parameters<typeof decodeCommentFrame>[0]) => {
            const c = decodeCommentFrame(f).items.find((x) => x.id === posted.id);
            if (c) resolve(c);
          };
          attacker.on('comment:batch', look);
          setTimeout(() => resolve(undefined), 2000);
        });
        expect(mine?.a).toBe(copy.session.handle);
        expect(updates).toEqual([]);
      }
      // A token for the victim's subject signed by anyone but the backend is refused.
      const forged = signToken('not-the-backend-secret-0123456789', {
        role: 'viewer',
        room: room.id,
        sub: victimSub,
      });
      await expect(connectAs(backend.url, { role: 'viewer', token: forged }, opened)).rejects.toThrow(
        /unauthenticated/,
      );
      // The victim still owns the order and alone hears about it.
      const victimUpdates: Order[] = [];
      victim.on('order:update', (o) => victimUpdates.push(o));
      expect(
        value(await victim.emitWithAck('order:pay', { roomId: room.id, orderId: order.id })).status,
      ).toBe('paid');
      await expect.poll(() => victimUpdates.map((o) => o.status)).toEqual(['paying', 'paid']);
    });

    it('double pay under concurrency: one payment, the provider called once', async () => {
      const { room, viewer, buy } = await shop();
      const buyer = await viewer('Buyer');
      const order = value(await buy(buyer));
      // The same person on three connections, twelve pay requests at once.
      const copies = await Promise.all(
        [0, 1].map(async () => {
          const s = await connectAs(backend.url, { role: 'viewer', token: buyer.session.token }, opened);
          value(await s.emitWithAck('room:join', { roomId: room.id }));
          return s;
        }),
      );
      const sockets = [buyer, ...copies];
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          sockets[i % 3]!.emitWithAck('order:pay', { roomId: room.id, orderId: order.id }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(payments.calls.get(order.id)).toBe(1);
      expect(payments.charges.get(order.id)).toBe(1);
      expect((await backend.repo.getOrder(room.id, order.id))!.status).toBe('paid');
    });

    it('double refund under concurrency: one refund, the stock back once', async () => {
      const { host, room, viewer, buy, stockNow } = await shop(10);
      const buyer = await viewer('Buyer');
      const order = value(await buy(buyer, 3));
      value(await buyer.emitWithAck('order:pay', { roomId: room.id, orderId: order.id }));
      expect(await stockNow()).toBe(7);
      const ops = await connectAs(backend.url, { role: 'ops' }, opened);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? ops : host).emitWithAck('order:refund', { roomId: room.id, orderId: order.id }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(payments.refunds.get(order.id)).toBe(1);
      expect(payments.calls.get(order.id)).toBe(2); // one charge, one refund
      expect(await stockNow()).toBe(10);
    });

    it('pay racing cancel ends in one state: paid and charged, or cancelled and not charged', async () => {
      const { room, viewer, buy, stockNow } = await shop(40);
      const outcomes: string[] = [];
      for (let i = 0; i < 8; i++) {
        const buyer = await viewer(`Buyer ${i}`); // one each: the order rate limit is per connection
        const order = value(await buy(buyer));
        await Promise.all([
          buyer.emitWithAck('order:pay', { roomId: room.id, orderId: order.id }),
          buyer.emitWithAck('order:cancel', { roomId: room.id, orderId: order.id }),
        ]);
        const final = (await backend.repo.getOrder(room.id, order.id))!;
        outcomes.push(final.status);
        expect(['paid', 'cancelled']).toContain(final.status);
        expect(payments.charges.get(order.id) ?? 0).toBe(final.status === 'paid' ? 1 : 0);
      }
      expect(await stockNow()).toBe(40 - outcomes.filter((s) => s === 'paid').length);
    });

    it('a banned socket can do nothing more in the room, and the banned identity cannot come back', async () => {
      const { host, room, viewer, buy, product } = await shop();
      const troll = await viewer('Troll');
      value(
        await host.emitWithAck('mod:action', {
          roomId: room.id,
          action: 'ban',
          userId: troll.session.handle,
        }),
      );
      const refused = { ok: false, error: { code: 'forbidden' } };
      expect(await buy(troll)).toMatchObject(refused);
      expect(await troll.emitWithAck('comment:history', { roomId: room.id })).toMatchObject(refused);
      expect(await troll.emitWithAck('product:list', { roomId: room.id })).toMatchObject(refused);
      expect(
        await troll.emitWithAck('comment:send', { roomId: room.id, text: 'hi', clientId: key('c') }),
      ).toMatchObject(refused);
      expect(await troll.emitWithAck('room:join', { roomId: room.id })).toMatchObject(refused);
      // A new connection with the same identity is kept out as well.
      const again = await connectAs(backend.url, { role: 'viewer', token: troll.session.token }, opened);
      expect(await again.emitWithAck('room:join', { roomId: room.id })).toMatchObject(refused);
      expect(
        await again.emitWithAck('order:place', {
          roomId: room.id,
          productId: product.id,
          quantity: 1,
          currency: 'USD',
          idempotencyKey: key('buy'),
        }),
      ).toMatchObject(refused);
      // Another viewer is untouched.
      const fine = await viewer('Fine');
      expect(value(await buy(fine)).status).toBe('placed');
    });

    it('a database error during a host action is not acknowledged; the studio sends it again and it applies', async () => {
      const { host, room, hostKey, product } = await shop();
      const repo = backend.repo;
      const real = repo.patchProduct.bind(repo);
      let failures = 1;
      repo.patchProduct = async (...args) => {
        if (failures-- > 0) throw new Error('connection reset by peer');
        return real(...args);
      };
      try {
        const patch = (id: string, usd: number) => ({
          id,
          roomId: room.id,
          type: 'product.patch',
          payload: {
            action: 'product.patch',
            roomId: room.id,
            productId: product.id,
            prices: { USD: usd },
            base: { prices: product.prices },
            hostKey,
          },
        });
        const pin = {
          id: key('pin'),
          roomId: room.id,
          type: 'product.pin',
          payload: { action: 'product.pin', roomId: room.id, productId: product.id, hostKey },
        };
        const first = patch(key('patch'), 1200);
        const blip = value(await host.emitWithAck('outbox:push', { events: [first, pin] }));
        // Neither acknowledged: the failed one, and the one after it (host actions keep their order).
        expect(blip).toEqual({ acked: [], rejected: [] });
        expect((await repo.getProduct(room.id, product.id))!.prices).toEqual({ USD: 1500 });
        const retry = value(await host.emitWithAck('outbox:push', { events: [first, pin] }));
        expect(retry).toEqual({ acked: [first.id, pin.id], rejected: [] });
        const now = (await repo.getProduct(room.id, product.id))!;
        expect(now).toMatchObject({ prices: { USD: 1200 }, pinned: true });
      } finally {
        repo.patchProduct = real;
      }
    });

    it('a stale stock edit is refused with the current stock, which the room is shown', async () => {
      const { host, room, hostKey, product, viewer, buy, stockNow } = await shop(5);
      const buyer = await viewer('Buyer');
      const seen: Product[] = [];
      buyer.on('product:state', (e) => seen.push(e.product));
      // The host saw 5 and typed 10 while offline; meanwhile two sold.
      value(await buy(buyer, 2));
      const edit = {
        id: key('stock'),
        roomId: room.id,
        type: 'product.patch',
        payload: {
          action: 'product.patch',
          roomId: room.id,
          productId: product.id,
          stock: 10,
          base: { stock: 5 },
          hostKey,
        },
      };
      const answer = value(await host.emitWithAck('outbox:push', { events: [edit] }));
      expect(answer.acked).toEqual([edit.id]);
      expect(answer.rejected).toEqual([
        { id: edit.id, code: 'conflict', message: expect.stringContaining('now stock 3') },
      ]);
      expect(await stockNow()).toBe(3);
      await expect.poll(() => seen.at(-1)?.stock).toBe(3);
      // The same edit made against what is there now applies.
      const fresh = { ...edit, id: key('stock'), payload: { ...edit.payload, base: { stock: 3 } } };
      expect(value(await host.emitWithAck('outbox:push', { events: [fresh] })).rejected).toEqual([]);
      expect(await stockNow()).toBe(10);
    });

    it('an idempotency key reused in another room, or for another purchase, never returns someone else’s order', async () => {
      const a = await shop();
      const b = await shop();
      const inA = await a.viewer('A');
      const inB = await b.viewer('B');
      const shared = key('shared');
      const orderA = value(await a.buy(inA, 1, shared));
      const orderB = value(await b.buy(inB, 1, shared));
      expect(orderB.id).not.toBe(orderA.id);
      expect(orderB).toMatchObject({ roomId: b.room.id, productId: b.product.id });
      // Room A's order is not found through room B.
      expect(await inB.emitWithAck('order:pay', { roomId: b.room.id, orderId: orderA.id })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      // The same key for another quantity is refused, not answered with the first order.
      expect(await a.buy(inA, 2, shared)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    });

    it('comment ids cannot collide: long client ids that share a prefix are two comments', async () => {
      const { room, viewer } = await shop();
      const a = await viewer('Long');
      const prefix = 'x'.repeat(63);
      const one = value(
        await a.emitWithAck('comment:send', { roomId: room.id, text: 'first', clientId: `${prefix}1` }),
      );
      const two = value(
        await a.emitWithAck('comment:send', { roomId: room.id, text: 'second', clientId: `${prefix}2` }),
      );
      expect(one.id).not.toBe(two.id);
      // Both are kept (two comments in the same millisecond have no order between them).
      await expect
        .poll(async () =>
          value(await a.emitWithAck('comment:history', { roomId: room.id }))
            .map((c) => c.text)
            .sort(),
        )
        .toEqual(['first', 'second']);
    });

    it('a host token stores only known events for rooms its key proves', async () => {
      const { room, hostKey } = await shop();
      const other = await shop();
      const intruder = await connectAs(backend.url, { role: 'host' }, opened);
      const events = [
        {
          id: key('junk'),
          roomId: room.id,
          type: 'anything.at.all',
          payload: { hostKey, blob: 'x'.repeat(1000) },
        },
        { id: key('nokey'), roomId: room.id, type: 'analytics.mark', payload: { label: 'x', at: 1 } },
        // Room A's key does not prove room B.
        {
          id: key('cross'),
          roomId: other.room.id,
          type: 'analytics.mark',
          payload: { hostKey, label: 'x', at: 1 },
        },
        { id: key('null'), roomId: null, type: 'analytics.mark', payload: { hostKey, label: 'x', at: 1 } },
      ];
      const answer = value(await intruder.emitWithAck('outbox:push', { events }));
      expect(answer.acked.sort()).toEqual(events.map((e) => e.id).sort());
      expect(answer.rejected.map((r) => r.code)).toEqual([
        'invalid_argument',
        'forbidden',
        'forbidden',
        'forbidden',
      ]);
      expect((await backend.repo.knownHostEvents(events.map((e) => e.id))).size).toBe(0);
    });
  });
}

describe('a full room', () => {
  it('refuses viewers past its cap with a capacity error, and always lets its host back in', async () => {
    const backend = await startBackend({
      sqliteFile: ':memory:',
      logger: quietLogger,
      media: false,
      limits: { ...DEFAULT_CAPACITY, socketsPerRoom: 3 },
    });
    const opened: RoomSocket[] = [];
    try {
      const host = await connectAs(backend.url, { role: 'host' }, opened);
      const { room, hostKey } = value(
        await host.emitWithAck('room:create', { title: 'Small', hostLanguage: 'en' }),
      );
      const join = async () => {
        const v = await connectViewer(backend.url, room.id, opened);
        return v.emitWithAck('room:join', { roomId: room.id });
      };
      expect((await join()).ok).toBe(true);
      expect((await join()).ok).toBe(true);
      expect(await join()).toMatchObject({ ok: false, error: { code: 'capacity' } });
      host.disconnect();
      const back = await connectAs(backend.url, { role: 'host' }, opened);
      await expect
        .poll(async () => (await back.emitWithAck('room:join', { roomId: room.id, hostKey })).ok)
        .toBe(true);
    } finally {
      opened.forEach((s) => s.disconnect());
      await backend.close();
    }
  });
});
