import { describe, expect, it } from 'vitest';
import type { Product } from '../../../core/protocol/room-events';
import {
  pendingFor,
  pendingOn,
  pendingProducts,
  productArrived,
  settlePending,
  type PendingHostAction,
} from './pending-actions';

const scarf = {
  action: 'product.upsert',
  id: 'p-scarf',
  titles: { en: 'Scarf' },
  prices: { USD: 2500 },
  stock: 7,
} as const;
const onShelf = (id: string) => ({ id }) as Product;

describe('host actions waiting in the outbox', () => {
  it('name what they act on, so the studio marks the right row', () => {
    expect(pendingFor('e1', scarf)).toEqual({
      id: 'e1',
      action: 'product.upsert',
      target: 'p-scarf',
      state: 'queued',
      product: { titles: { en: 'Scarf' }, prices: { USD: 2500 }, stock: 7 },
    });
    expect(pendingFor('e2', { action: 'order.refund', orderId: 'o-1' }).target).toBe('o-1');
    expect(pendingFor('e3', { action: 'mod.mute', userId: 'u-troll' }).target).toBe('u-troll');
    expect(pendingFor('e4', { action: 'mod.deleteComment', commentId: 'c-9' }).target).toBe('c-9');
    expect(pendingFor('e5', { action: 'mod.slowMode', seconds: 5 }).target).toBeNull();
    expect(pendingFor('e6', { action: 'product.pin', productId: null }).target).toBeNull();
  });

  it('keep a product added offline on the shelf until the room has it, and drop a refused one', () => {
    let list: PendingHostAction[] = [
      pendingFor('add', scarf),
      pendingFor('mute', { action: 'mod.mute', userId: 'u' }),
    ];
    expect(pendingProducts(list, []).map((p) => p.id)).toEqual(['add']);
    // Sent, but the room's feed has not brought the product yet: still shown, now as sent.
    list = settlePending(list, 'add', 'sent', []);
    expect(list.find((p) => p.id === 'add')?.state).toBe('sent');
    expect(pendingProducts(list, [onShelf('p-scarf')])).toEqual([]); // the real row replaces it
    list = productArrived(list, 'p-scarf');
    expect(list.map((p) => p.id)).toEqual(['mute']);
    // Any other action is done with once it leaves the outbox, applied or refused.
    expect(settlePending(list, 'mute', 'sent', [])).toEqual([]);
    expect(settlePending([pendingFor('x', scarf)], 'x', 'refused', [])).toEqual([]);
    expect(settlePending(list, 'unknown', 'sent', [])).toBe(list);
  });

  it('a product that arrives before its add is acknowledged stays queued until the acknowledgement', () => {
    const list = [pendingFor('add', scarf)];
    expect(productArrived(list, 'p-scarf')).toBe(list);
    expect(settlePending(list, 'add', 'sent', [onShelf('p-scarf')])).toEqual([]);
  });

  it('find the waiting action on one row', () => {
    const list = [
      pendingFor('r', { action: 'order.refund', orderId: 'o-1' }),
      pendingFor('b', { action: 'mod.ban', userId: 'u-1' }),
    ];
    expect(pendingOn(list, ['order.refund', 'order.cancel'], 'o-1')?.id).toBe('r');
    expect(pendingOn(list, ['mod.mute'], 'u-1')).toBeUndefined();
    expect(pendingOn(list, ['mod.mute', 'mod.ban'], 'u-1')?.id).toBe('b');
  });
});
