// Orders: placing (stock reserved atomically, one order per idempotency key in a room), paying, cancelling
// and refunding. Money moves only after the order's state change that allows it is claimed in the database
// (placed -> paying, paid -> refunding), so concurrent requests, on any gateway node, cannot charge or
// refund twice, and a pay racing a cancel ends in one state. The buyer is the server-issued identity.
import { randomUUID } from 'node:crypto';
import { StudioError } from '../../core/protocol/result';
import type { Order, OrderStatus } from '../../core/protocol/room-events';
import type { ModerationCache } from './moderation';
import { paymentKey, type PaymentProvider } from './payments';
import { publishProduct } from './room-handlers';
import { staffChannel, userChannel, type RoomDeps, type SocketAccess } from './room-context';
import type { StockFeed } from './stock-feed';

const PLACE_ERRORS = {
  not_found: ['not_found', 'No such product in this room'],
  out_of_stock: ['unavailable', 'Sold out: not enough stock left'],
  no_price: ['invalid_argument', 'This product has no price in that currency'],
  key_reused: ['invalid_argument', 'This purchase key was already used for another product or quantity'],
} as const;

/** What moving an order's money needs: the room's services and the payment provider. */
export interface PaymentDeps extends RoomDeps {
  payments: PaymentProvider;
}

export interface OrderDeps extends PaymentDeps {
  moderation: ModerationCache;
  stock: StockFeed;
}

/**
 * The payment provider answered and said no (unlike a provider that could not be reached): asking again
 * will not change its mind. The same error code and words as any payment failure, for the buyer.
 */
export class PaymentDeclined extends StudioError {}

/** An order's new state to its buyer, the room's staff and ops. */
export function publishOrder({ io, bus }: RoomDeps, order: Order): void {
  io.to(staffChannel(order.roomId))
    .to('ops')
    .to(userChannel(order.roomId, order.buyerId))
    .emit('order:update', order);
  void bus.emit('order:changed', { roomId: order.roomId, order });
}

/** The order's product to the room again (its stock came back). */
async function productBack(services: PaymentDeps, order: Order): Promise<void> {
  const product = await services.repo.products.get(order.roomId, order.productId);
  if (product) publishProduct(services, product);
}

/** Claims `from` -> `to`, or says what the order is now. */
async function claim(
  services: PaymentDeps,
  order: Order,
  from: OrderStatus,
  to: OrderStatus,
): Promise<Order> {
  const { repo } = services;
  const claimed = await repo.orders.transition(order.roomId, order.id, from, to, Date.now());
  if (claimed) {
    publishOrder(services, claimed);
    return claimed;
  }
  const now = (await repo.orders.get(order.roomId, order.id))?.status ?? order.status;
  const busy = now === 'paying' || now === 'refunding';
  throw new StudioError(
    'invalid_argument',
    busy ? `The order is ${now}: wait for it to finish` : `An order that is ${now} cannot become ${to}`,
  );
}

/**
 * Runs a provider call for a claimed order: `done` on success, back to `from` on a refusal or an error.
 * The same idempotency key is used by any later attempt, so a call whose answer was lost cannot move
 * money a second time at a provider that honours keys.
 */
async function settle(
  services: PaymentDeps,
  claimed: Order,
  call: () => Promise<{ ok: true } | { ok: false; reason: string }>,
  from: OrderStatus,
  done: OrderStatus,
): Promise<Order> {
  const { repo, log } = services;
  let outcome: { ok: true } | { ok: false; reason: string };
  let thrown = false;
  try {
    outcome = await call();
  } catch (error) {
    thrown = true;
    log.error({ roomId: claimed.roomId, orderId: claimed.id, err: String(error) }, 'payment provider failed');
    outcome = { ok: false, reason: 'the payment provider could not be reached' };
  }
  const to = outcome.ok ? done : from;
  const settled = await repo.orders.transition(claimed.roomId, claimed.id, claimed.status, to, Date.now());
  if (!settled) throw new StudioError('internal', 'The order changed while it was being paid');
  publishOrder(services, settled);
  if (!outcome.ok) {
    const message = `Payment failed: ${outcome.reason}`;
    throw thrown ? new StudioError('unavailable', message) : new PaymentDeclined('unavailable', message);
  }
  return settled;
}

/** Refunds a paid order: paid -> refunding is claimed before the provider is asked, so money moves once. */
export async function refundOrder(services: PaymentDeps, order: Order): Promise<Order> {
  const refunding = await claim(services, order, 'paid', 'refunding');
  const refunded = await settle(
    services,
    refunding,
    () => services.payments.refund(refunding, paymentKey(refunding, 'refund')),
    'paid',
    'refunded',
  );
  await productBack(services, refunded);
  return refunded;
}

/** Cancels an order that is not paid yet; its stock returns to the product. */
export async function cancelOrder(services: PaymentDeps, order: Order): Promise<Order> {
  const cancelled = await claim(services, order, 'placed', 'cancelled');
  await productBack(services, cancelled);
  return cancelled;
}

export function registerOrderHandlers(services: OrderDeps, access: SocketAccess): void {
  const { repo, payments } = services;
  const { socket, on } = access;

  /** The order, if this connection may act on it: its buyer, or the room's staff. */
  const ownOrder = async (roomId: string, orderId: string, staffMay: boolean): Promise<Order> => {
    const asStaff = staffMay && access.isStaff(roomId);
    if (!asStaff) access.joined(roomId);
    const order = await repo.orders.get(roomId, orderId);
    if (!order) throw new StudioError('not_found', `No order ${orderId}`);
    if (!asStaff && order.buyerId !== access.handle(roomId))
      throw new StudioError('forbidden', 'Not your order');
    return order;
  };

  on('order:place', async ({ roomId, productId, quantity, currency, idempotencyKey }) => {
    access.joined(roomId);
    if (!socket.data.buckets.orders.take()) throw new StudioError('rate_limited', 'Too many orders at once');
    const buyerId = access.handle(roomId);
    // A banned person's sockets are evicted; this also holds on a node that has not heard of it yet.
    if (await services.moderation.isBanned(roomId, buyerId))
      throw new StudioError('forbidden', 'You are banned from this room');
    const result = await repo.orders.place({
      id: randomUUID(),
      roomId,
      productId,
      buyerId,
      quantity,
      currency,
      // Keys are per buyer: another buyer cannot collide with (or read) someone's order.
      idempotencyKey: `${buyerId}:${idempotencyKey}`,
      now: Date.now(),
    });
    if (!result.ok) {
      const [code, message] = PLACE_ERRORS[result.reason];
      throw new StudioError(code, message);
    }
    if (result.created) {
      publishOrder(services, result.order);
      services.stock.changed(roomId, productId);
    }
    return result.order;
  });

  on('order:pay', async ({ roomId, orderId }) => {
    const order = await ownOrder(roomId, orderId, false);
    const paying = await claim(services, order, 'placed', 'paying');
    return settle(
      services,
      paying,
      () => payments.charge(paying, paymentKey(paying, 'charge')),
      'placed',
      'paid',
    );
  });

  on('order:cancel', async ({ roomId, orderId }) => {
    return cancelOrder(services, await ownOrder(roomId, orderId, true));
  });

  on('order:refund', async ({ roomId, orderId }) => {
    access.staff(roomId);
    return refundOrder(services, await ownOrder(roomId, orderId, true));
  });

  on('order:list', async ({ roomId }) => {
    if (access.isStaff(roomId)) return repo.orders.list(roomId);
    access.joined(roomId);
    return repo.orders.listForBuyer(roomId, access.handle(roomId));
  });
}
