// Host actions waiting in the outbox, as the studio shows them until the room does: a product added while
// offline is a shelf row marked queued, a refund or a mute is marked beside its order or comment. Pure list
// functions: the store holds the list (renderer/stores/studio-store.ts), the room session fills it.
import type { HostActionDraft, HostActionType, Product } from '../../../core/protocol/room-events';

/** How a queued action left the outbox: applied by the backend, or refused by one of its rules. */
export type PendingOutcome = 'sent' | 'refused';

export interface PendingHostAction {
  /** The outbox event's id. */
  id: string;
  action: HostActionType;
  /** What it acts on: a product, an order, a viewer (author handle) or a comment; null for room-wide ones. */
  target: string | null;
  /** `queued` until the backend acknowledged it; a product that was sent stays until the shelf has it. */
  state: 'queued' | 'sent';
  /** A product being added: what its shelf row shows meanwhile. */
  product?: { titles: Record<string, string>; prices: Record<string, number>; stock: number };
}

function targetOf(draft: HostActionDraft): string | null {
  switch (draft.action) {
    case 'product.upsert':
      return draft.id;
    case 'product.pin':
    case 'product.patch':
      return draft.productId;
    case 'order.refund':
    case 'order.cancel':
      return draft.orderId;
    case 'mod.mute':
    case 'mod.unmute':
    case 'mod.ban':
      return draft.userId;
    case 'mod.deleteComment':
      return draft.commentId;
    default:
      return null;
  }
}

export function pendingFor(id: string, draft: HostActionDraft): PendingHostAction {
  const pending: PendingHostAction = { id, action: draft.action, target: targetOf(draft), state: 'queued' };
  if (draft.action === 'product.upsert')
    pending.product = { titles: draft.titles, prices: draft.prices, stock: draft.stock };
  return pending;
}

/** The list once one action left the outbox: gone, unless it is a product the shelf does not have yet. */
export function settlePending(
  list: PendingHostAction[],
  id: string,
  outcome: PendingOutcome,
  products: readonly Product[],
): PendingHostAction[] {
  const entry = list.find((p) => p.id === id);
  if (!entry) return list;
  const waitsForShelf =
    outcome === 'sent' && entry.action === 'product.upsert' && !products.some((p) => p.id === entry.target);
  return waitsForShelf
    ? list.map((p) => (p === entry ? { ...p, state: 'sent' } : p))
    : list.filter((p) => p !== entry);
}

/** The list once the room has the product: a sent add of it is done with (a queued one waits for its ack). */
export function productArrived(list: PendingHostAction[], productId: string): PendingHostAction[] {
  const done = (p: PendingHostAction) =>
    p.action === 'product.upsert' && p.state === 'sent' && p.target === productId;
  return list.some(done) ? list.filter((p) => !done(p)) : list;
}

/** Products being added that the shelf does not show yet, oldest first. */
export function pendingProducts(
  list: readonly PendingHostAction[],
  products: readonly Product[],
): PendingHostAction[] {
  return list.filter((p) => p.action === 'product.upsert' && !products.some((x) => x.id === p.target));
}

/** The oldest waiting action of one of `actions` on `target`, if any. */
export function pendingOn(
  list: readonly PendingHostAction[],
  actions: readonly HostActionType[],
  target: string | null,
): PendingHostAction | undefined {
  return list.find((p) => p.target === target && actions.includes(p.action));
}
