// Stock changes from orders reach the room at most once per product per tick: in a flash sale, a thousand
// orders a second become ten small updates, not a thousand broadcasts to every viewer. Each update is read
// fresh when it is sent, so it never undoes a newer pin or price change.
import type { Product } from '../../core/protocol/room-events';
import type { GatewayServer } from '../gateway-types';

export const STOCK_TICK_MS = 100;

export class StockFeed {
  private pending = new Map<string, { roomId: string; productId: string }>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly io: GatewayServer,
    private readonly load: (roomId: string, productId: string) => Promise<Product | null>,
    private readonly tickMs = STOCK_TICK_MS,
  ) {}

  /** Marks the product's stock as changed; the room hears about it within one tick. */
  changed(roomId: string, productId: string): void {
    if (this.closed) return;
    this.pending.set(`${roomId}\u0000${productId}`, { roomId, productId });
    this.timer ??= setTimeout(() => void this.flush(), this.tickMs);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const { roomId, productId } of batch) {
      const product = await this.load(roomId, productId).catch(() => null);
      if (product) this.io.to(roomId).emit('product:state', { roomId, product });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}
