// Token buckets: a per-connection budget so one client cannot flood a room or the server.
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes `cost` tokens (all or none). */
  take(now = Date.now(), cost = 1): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}

export const LIMITS = {
  /** Any event from one connection. */
  events: { perSecond: 50, burst: 100 },
  comments: { perSecond: 2, burst: 5 },
  orders: { perSecond: 2, burst: 5 },
} as const;
