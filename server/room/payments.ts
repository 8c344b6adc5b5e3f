// Payment is a provider interface; the built-in test provider approves every charge, instantly, so the
// whole buy flow runs without a payment account. A real provider plugs in behind the same interface.
// Every call carries an idempotency key (one per order and operation): the order's state change is claimed
// before the call, and a provider that sees a key again must not move money again (as card processors'
// idempotency keys promise), so a retry after a lost answer cannot charge twice either.
import { randomUUID } from 'node:crypto';
import type { Order } from '../../core/protocol/room-events';

export type ChargeResult = { ok: true; reference: string } | { ok: false; reason: string };

export interface PaymentProvider {
  readonly name: string;
  charge(order: Order, idempotencyKey: string): Promise<ChargeResult>;
  refund(order: Order, idempotencyKey: string): Promise<ChargeResult>;
}

/** The idempotency key of an order's charge or refund: the same for every attempt at it. */
export const paymentKey = (order: Order, operation: 'charge' | 'refund') => `${order.id}:${operation}`;

export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'test';
  /** Money actually moved, per order id: what a test asserts (exactly one charge per paid order). */
  readonly charges = new Map<string, number>();
  readonly refunds = new Map<string, number>();
  /** Calls per order id, answered from the idempotency record or not: the backend should make one each. */
  readonly calls = new Map<string, number>();
  private readonly answered = new Map<string, ChargeResult>();

  /** How long a call takes: tests widen the window in which concurrent requests overlap. */
  constructor(private readonly delayMs = 0) {}

  charge(order: Order, idempotencyKey: string): Promise<ChargeResult> {
    this.calls.set(order.id, (this.calls.get(order.id) ?? 0) + 1);
    return this.once(idempotencyKey, () => {
      this.charges.set(order.id, (this.charges.get(order.id) ?? 0) + 1);
      return { ok: true, reference: `test_${randomUUID()}` };
    });
  }

  refund(order: Order, idempotencyKey: string): Promise<ChargeResult> {
    this.calls.set(order.id, (this.calls.get(order.id) ?? 0) + 1);
    return this.once(idempotencyKey, () => {
      this.refunds.set(order.id, (this.refunds.get(order.id) ?? 0) + 1);
      return { ok: true, reference: `test_refund_${randomUUID()}` };
    });
  }

  private async once(key: string, move: () => ChargeResult): Promise<ChargeResult> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const known = this.answered.get(key);
    if (known) return known;
    const result = move();
    this.answered.set(key, result);
    return result;
  }
}
