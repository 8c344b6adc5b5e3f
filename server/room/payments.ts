// Payment is a provider interface; the built-in test provider approves every charge, instantly, so the
// whole buy flow runs without a payment account. A real provider plugs in behind the same interface.
import { randomUUID } from 'node:crypto';
import type { Order } from '../../core/protocol/room-events';

export type ChargeResult = { ok: true; reference: string } | { ok: false; reason: string };

export interface PaymentProvider {
  readonly name: string;
  charge(order: Order): Promise<ChargeResult>;
  refund(order: Order): Promise<ChargeResult>;
}

export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'test';
  async charge(): Promise<ChargeResult> {
    return { ok: true, reference: `test_${randomUUID()}` };
  }
  async refund(): Promise<ChargeResult> {
    return { ok: true, reference: `test_refund_${randomUUID()}` };
  }
}
