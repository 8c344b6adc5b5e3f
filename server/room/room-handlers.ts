// The live room's commerce events: comments (rate-limited, moderated, batched), moderation, the catalog
// and orders. Staff are the room's host and ops connections.
import { randomUUID } from 'node:crypto';
import { parseInput, StudioError, toProtocolError } from '../../core/protocol/result';
import {
  HOST_ACTION_TYPES,
  HostActionSchema,
  ORDER_TRANSITIONS,
  type CommentInsight,
  type Order,
  type OrderStatus,
  type Product,
  type ProductPatch,
} from '../../core/protocol/room-events';
import type { OutboxPushResult } from '../../core/protocol/socket-events';
import { isHostKey } from '../auth/host-key';
import type { Bind } from '../events';
import type { GatewayServer, GatewaySocket } from '../gateway-types';
import type { Logger } from '../log';
import type { StudioRepository } from '../store/repository';
import { commentSlice, type CommentHub } from './comment-hub';
import type { MoodAlert } from '../../core/protocol/insight-events';
import type { InsightEngine } from '../insight/insight-engine';
import type { ModerationCache } from './moderation';
import type { PaymentProvider } from './payments';
import type { StockFeed } from './stock-feed';

/** An outbox event's payload as stored: a host key proves hosting once and is not kept. */
function withoutHostKey(payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object' || !('hostKey' in payload)) return payload;
  const { hostKey: _, ...rest } = payload as Record<string, unknown>;
  return rest;
}

export const staffChannel = (roomId: string) => `staff:${roomId}`;
export const userChannel = (userId: string) => `user:${userId}`;

export interface RoomHandlerContext {
  socket: GatewaySocket;
  on: Bind;
  io: GatewayServer;
  repo: StudioRepository;
  comments: CommentHub;
  moderation: ModerationCache;
  payments: PaymentProvider;
  stock: StockFeed;
  log: Logger;
  joined(roomId: string): void;
  hosting(roomId: string): void;
  /** Tells the other gateway nodes that a room's moderation rules changed. */
  moderationChanged(roomId: string): void;
  insight: InsightEngine;
  /** A comment was analysed here: raise its alerts, and count it into the other nodes' room mood. */
  commentCounted(roomId: string, x: CommentInsight, text: string, byHost: boolean, alerts: MoodAlert[]): void;
}

export function registerRoomHandlers(ctx: RoomHandlerContext): void {
  const { socket, on, io, repo, comments, moderation, payments, log } = ctx;
  const isStaff = (roomId: string) => socket.data.hostOf.has(roomId) || socket.data.identity.role === 'ops';
  const staff = (roomId: string) => {
    if (!isStaff(roomId))
      throw new StudioError('forbidden', "Only the room's host or operations staff may do this");
  };
  const member = (roomId: string) => {
    if (socket.data.identity.role !== 'ops') ctx.joined(roomId);
  };

  const publishOrder = (order: Order) => {
    io.to(staffChannel(order.roomId)).to('ops').to(userChannel(order.buyerId)).emit('order:update', order);
  };
  const publishProduct = (product: Product) => {
    io.to(product.roomId).emit('product:state', { roomId: product.roomId, product });
    void ctx.insight.productsChanged(product.roomId).catch(() => undefined);
  };

  on('comment:send', async ({ roomId, text, clientId }) => {
    member(roomId);
    if (!socket.data.buckets.comments.take())
      throw new StudioError('rate_limited', 'You are commenting too fast');
    const host = socket.data.hostOf.has(roomId);
    await moderation.check(roomId, socket.data.userId, text, isStaff(roomId));
    const { x, alerts } = await ctx.insight.analyze(roomId, text, host);
    ctx.commentCounted(roomId, x, text, host, alerts);
    const now = Date.now();
    const liveAt = await repo.getLiveStartedAt(roomId);
    // The client's id makes a resend idempotent: same author, same clientId, same comment id.
    const id = `${socket.data.userId}:${clientId}`.slice(0, 64);
    comments.push({
      id,
      roomId,
      t: liveAt ? Math.max(0, now - liveAt) : 0,
      a: socket.data.userId,
      n: host ? 'Host' : socket.data.displayName,
      text,
      k: host ? 'h' : 'v',
      x,
      createdAt: now,
    });
    return { id };
  });

  on('comment:history', async ({ roomId }) => {
    member(roomId);
    return repo.listComments(roomId, 200);
  });

  on('mod:action', async (input) => {
    staff(input.roomId);
    if (input.action === 'deleteComment') {
      if (await repo.deleteComment(input.roomId, input.commentId)) {
        io.to(input.roomId).emit('comment:deleted', { roomId: input.roomId, commentId: input.commentId });
      }
    }
    const state = await moderation.apply(input);
    ctx.moderationChanged(input.roomId);
    if (input.action === 'ban') {
      // A banned viewer leaves the room at once, on every connection of theirs on this node.
      const sockets = await io.in(userChannel(input.userId)).fetchSockets();
      for (const s of sockets) {
        s.leave(input.roomId);
        s.leave(commentSlice(input.roomId, s.id));
      }
    }
    io.to(staffChannel(input.roomId)).to('ops').emit('mod:state', state);
    log.info({ roomId: input.roomId, action: input.action }, 'moderation');
    return state;
  });

  on('product:upsert', async (input) => {
    staff(input.roomId);
    const existing = input.id ? await repo.getProduct(input.roomId, input.id) : null;
    const product = await repo.upsertProduct({
      id: input.id ?? randomUUID(),
      roomId: input.roomId,
      titles: input.titles,
      prices: input.prices,
      stock: input.stock,
      images: input.images ?? [],
      arAsset: input.arAsset ?? null,
      aliases: input.aliases ?? [],
      pinned: existing?.pinned ?? false,
      updatedAt: Date.now(),
    });
    publishProduct(product);
    return product;
  });

  on('product:patch', async (input) => {
    staff(input.roomId);
    return patch(input);
  });

  const pin = async (roomId: string, productId: string | null) => {
    if (productId && !(await repo.getProduct(roomId, productId)))
      throw new StudioError('not_found', `No product ${productId}`);
    const before = (await repo.listProducts(roomId)).filter((p) => p.pinned);
    await repo.pinProduct(roomId, productId);
    const after = await repo.listProducts(roomId);
    for (const p of after) if (p.pinned || before.some((b) => b.id === p.id)) publishProduct(p);
    return true as const;
  };
  const patch = async ({ roomId, productId, prices, stock }: ProductPatch) => {
    const product = await repo.patchProduct(roomId, productId, { prices, stock }, Date.now());
    if (!product) throw new StudioError('not_found', `No product ${productId}`);
    publishProduct(product);
    return product;
  };

  on('product:pin', async ({ roomId, productId }) => {
    staff(roomId);
    return pin(roomId, productId);
  });

  on('product:list', async ({ roomId }) => {
    member(roomId);
    return repo.listProducts(roomId);
  });

  on('order:place', async ({ roomId, productId, quantity, currency, idempotencyKey }) => {
    ctx.joined(roomId);
    if (!socket.data.buckets.orders.take()) throw new StudioError('rate_limited', 'Too many orders at once');
    const result = await repo.placeOrder({
      id: randomUUID(),
      roomId,
      productId,
      buyerId: socket.data.userId,
      quantity,
      currency,
      // Keys are per buyer: another buyer cannot collide with (or read) someone's order.
      idempotencyKey: `${socket.data.userId}:${idempotencyKey}`.slice(0, 128),
      now: Date.now(),
    });
    if (!result.ok) {
      const messages = {
        not_found: ['not_found', `No product ${productId} in this room`],
        out_of_stock: ['unavailable', 'Sold out: not enough stock left'],
        no_price: ['invalid_argument', `This product has no price in ${currency}`],
      } as const;
      const [code, message] = messages[result.reason];
      throw new StudioError(code, message);
    }
    if (result.created) {
      publishOrder(result.order);
      ctx.stock.changed(roomId, productId);
    }
    return result.order;
  });

  const transition = async (roomId: string, orderId: string, to: OrderStatus, byBuyer: boolean) => {
    const orders = await repo.listOrders(roomId);
    const order = orders.find((o) => o.id === orderId);
    if (!order) throw new StudioError('not_found', `No order ${orderId}`);
    if (byBuyer ? order.buyerId !== socket.data.userId : !isStaff(roomId)) {
      throw new StudioError('forbidden', 'Not your order');
    }
    if (!ORDER_TRANSITIONS[order.status].includes(to)) {
      throw new StudioError('invalid_argument', `An order that is ${order.status} cannot become ${to}`);
    }
    const charge =
      to === 'paid' ? await payments.charge(order) : to === 'refunded' ? await payments.refund(order) : null;
    if (charge && !charge.ok) throw new StudioError('unavailable', `Payment failed: ${charge.reason}`);
    const updated = await repo.transitionOrder(roomId, orderId, to, Date.now());
    if (!updated)
      throw new StudioError(
        'invalid_argument',
        `The order changed meanwhile; it is no longer ${order.status}`,
      );
    publishOrder(updated);
    if (to === 'cancelled' || to === 'refunded') {
      const product = await repo.getProduct(roomId, updated.productId);
      if (product) publishProduct(product);
    }
    return updated;
  };

  on('order:pay', ({ roomId, orderId }) => transition(roomId, orderId, 'paid', true));
  on('order:cancel', ({ roomId, orderId }) => transition(roomId, orderId, 'cancelled', !isStaff(roomId)));
  on('order:refund', ({ roomId, orderId }) => {
    staff(roomId);
    return transition(roomId, orderId, 'refunded', false);
  });
  on('order:list', async ({ roomId }) => {
    if (isStaff(roomId)) return repo.listOrders(roomId);
    member(roomId);
    return (await repo.listOrders(roomId)).filter((o) => o.buyerId === socket.data.userId);
  });

  /** Applies one host action from the outbox; throws a StudioError when it cannot be applied. */
  const applyHostAction = async (roomId: string | null, payload: unknown) => {
    const action = parseInput(HostActionSchema, payload, 'host action');
    if (action.roomId !== roomId) throw new StudioError('invalid_argument', 'The action is for another room');
    if (!(await isHostKey(repo, action.roomId, action.hostKey)))
      throw new StudioError('forbidden', 'Wrong host key for this room');
    if (action.action === 'product.pin') await pin(action.roomId, action.productId);
    else await patch(action);
  };

  on('insight:get', ({ roomId }) => {
    staff(roomId);
    return ctx.insight.snapshot(roomId);
  });

  on('outbox:push', async ({ events }) => {
    if (socket.data.identity.role !== 'host')
      throw new StudioError('forbidden', 'Only a host studio has an outbox');
    // At least once from the studio, applied once here: an event already held is not applied again. Host
    // actions set absolute values (pin X, price P, stock S), so one applied again after a crash between
    // applying and recording leaves the same state.
    const known = await repo.knownHostEvents(events.map((e) => e.id));
    const rejected: OutboxPushResult['rejected'] = [];
    for (const e of events) {
      if (known.has(e.id) || !HOST_ACTION_TYPES.includes(e.type)) continue;
      try {
        await applyHostAction(e.roomId, e.payload);
      } catch (error) {
        const { code, message } = toProtocolError(error);
        rejected.push({ id: e.id, code, message });
      }
    }
    const acked = await repo.recordHostEvents(
      events.map((e) => ({ id: e.id, roomId: e.roomId, type: e.type, payload: withoutHostKey(e.payload) })),
      Date.now(),
    );
    return { acked, rejected };
  });
}
