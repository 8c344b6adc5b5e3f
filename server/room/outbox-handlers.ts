// The host outbox's other end. The studio sends its queued host events at least once; each is applied once
// here (by event id) and acknowledged only when it is done with: applied, or refused by a rule (wrong host
// key, unknown product, a stale edit...). Anything else, such as a database error or a payment provider that
// cannot be reached, is not acknowledged, so the studio keeps it and sends it again. Only events of known
// types that prove their room's host key are stored: a host token alone cannot write into another room or
// fill the table with made-up events. Every action runs the same code as its room event (room-handlers.ts,
// order-handlers.ts): the host key stands for the room's staff check; refunds claim paid -> refunding first.
import { parseInput, StudioError, toProtocolError, type ErrorCode } from '../../core/protocol/result';
import {
  AnalyticsMarkSchema,
  HOST_ACTION_TYPES,
  HOST_EVENT_TYPES,
  HostActionSchema,
  isModerationAction,
  toModerationInput,
  type HostAction,
  type Order,
} from '../../core/protocol/room-events';
import type { OutboxPushResult } from '../../core/protocol/socket-events';
import { isHostKey } from '../auth/host-key';
import type { HostEvent } from '../store/store';
import type { SocketAccess } from './room-context';
import { cancelOrder, PaymentDeclined, refundOrder, type PaymentDeps } from './order-handlers';
import { moderate, patchProduct, pinProduct, upsertProduct, type ModerationDeps } from './room-handlers';

/** Refusals that hold whenever the event is sent again: acknowledged, so the studio stops sending it. */
const BY_RULE: readonly ErrorCode[] = ['forbidden', 'not_found', 'invalid_argument', 'conflict'];

/** An outbox event's payload as stored: a host key proves hosting once and is not kept. */
function withoutHostKey(payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object' || !('hostKey' in payload)) return payload;
  const { hostKey: _, ...rest } = payload as Record<string, unknown>;
  return rest;
}

const hostKeyOf = (payload: unknown): string | null =>
  payload !== null &&
  typeof payload === 'object' &&
  'hostKey' in payload &&
  typeof payload.hostKey === 'string'
    ? payload.hostKey
    : null;

/** The outbox applies every host action: catalog, moderation and refunds. */
export type OutboxDeps = PaymentDeps & ModerationDeps;

export function registerOutboxHandlers(services: OutboxDeps, access: SocketAccess): void {
  const { repo, log } = services;
  const { socket, on } = access;

  /** The room's order, for a host action on it. */
  const orderOf = async (roomId: string, orderId: string): Promise<Order> => {
    const order = await repo.orders.get(roomId, orderId);
    if (!order) throw new StudioError('not_found', `No order ${orderId}`);
    return order;
  };
  /** The order is in a claimed in-between state: not acknowledged, so it is sent again once that ends. */
  const busy = (order: Order) =>
    new StudioError('unavailable', `The order is ${order.status}: trying again when that is done`);

  const applyAction = async (action: HostAction) => {
    const { roomId } = action;
    if (isModerationAction(action)) {
      await moderate(services, toModerationInput(action));
      return;
    }
    switch (action.action) {
      case 'product.pin':
        await pinProduct(services, roomId, action.productId);
        return;
      case 'product.patch':
        await patchProduct(services, action);
        return;
      case 'product.upsert': {
        const { hostKey: _, action: __, ...input } = action;
        await upsertProduct(services, input);
        return;
      }
      case 'order.refund': {
        const order = await orderOf(roomId, action.orderId);
        // Refunded already (by ops, or by an earlier request of this host): nothing more to do.
        if (order.status === 'refunded') return;
        if (order.status === 'refunding') throw busy(order);
        try {
          await refundOrder(services, order);
        } catch (error) {
          // A refusal is for good (acknowledged, and the studio says why); an unreachable provider is not.
          if (error instanceof PaymentDeclined) throw new StudioError('invalid_argument', error.message);
          throw error;
        }
        return;
      }
      case 'order.cancel': {
        const order = await orderOf(roomId, action.orderId);
        if (order.status === 'cancelled') return;
        if (order.status === 'paying') throw busy(order);
        await cancelOrder(services, order);
        return;
      }
      case 'room.retitle':
        // Not broadcast: the studio sends it before going live, and going live sends the room to everyone.
        if (!(await repo.rooms.setTitle(roomId, action.title)))
          throw new StudioError('not_found', `No room ${roomId}`);
        return;
    }
  };

  /** Applies one event of a room whose host key was proven; throws a StudioError when it cannot. */
  const apply = async (roomId: string, type: string, payload: unknown) => {
    if (!HOST_ACTION_TYPES.includes(type)) {
      parseInput(AnalyticsMarkSchema, payload, 'analytics mark');
      return; // a mark is stored, nothing more
    }
    const action = parseInput(HostActionSchema, payload, 'host action');
    if (action.action !== type)
      throw new StudioError('invalid_argument', 'The event type and its action differ');
    if (action.roomId !== roomId) throw new StudioError('invalid_argument', 'The action is for another room');
    await applyAction(action);
  };

  on('outbox:push', async ({ events }) => {
    if (socket.data.identity.role !== 'host')
      throw new StudioError('forbidden', 'Only a host studio has an outbox');
    const known = await repo.hostEvents.known(events.map((e) => e.id));
    const proven = new Map<string, boolean>();
    const proves = async (roomId: string, key: string) => {
      const cacheKey = `${roomId}\0${key}`;
      let ok = proven.get(cacheKey);
      if (ok === undefined) proven.set(cacheKey, (ok = await isHostKey(repo, roomId, key)));
      return ok;
    };
    const acked: string[] = [];
    const store: HostEvent[] = [];
    const rejected: OutboxPushResult['rejected'] = [];
    const refuse = (id: string, code: ErrorCode, message: string) => {
      rejected.push({ id, code, message });
      acked.push(id);
    };
    for (const e of events) {
      if (known.has(e.id)) {
        acked.push(e.id); // applied (or refused) when it came before
        continue;
      }
      if (!HOST_EVENT_TYPES.includes(e.type)) {
        refuse(e.id, 'invalid_argument', `Unknown host event type ${e.type.slice(0, 64)}`);
        continue;
      }
      const key = hostKeyOf(e.payload);
      if (e.roomId === null || key === null || !(await proves(e.roomId, key))) {
        refuse(e.id, 'forbidden', 'Wrong host key for this room');
        continue;
      }
      try {
        await apply(e.roomId, e.type, e.payload);
        store.push({ id: e.id, roomId: e.roomId, type: e.type, payload: withoutHostKey(e.payload) });
      } catch (error) {
        const { code, message } = toProtocolError(error);
        if (BY_RULE.includes(code)) {
          rejected.push({ id: e.id, code, message });
          // Held, so a resend is not applied later (a pin of a product added meanwhile, say).
          store.push({ id: e.id, roomId: e.roomId, type: e.type, payload: withoutHostKey(e.payload) });
        } else {
          // Not acknowledged: the studio keeps it and sends it again, and the ones after it too, so a
          // room's host actions still apply in the order they were made.
          log.warn(
            { roomId: e.roomId, id: e.id, type: e.type, code, err: String(error) },
            'host event not applied yet',
          );
          break;
        }
      }
    }
    if (store.length > 0) acked.push(...(await repo.hostEvents.record(store, Date.now())));
    return { acked, rejected };
  });
}
