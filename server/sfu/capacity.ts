// Caps on what one person and one room may hold, so nobody can take the ports, sockets or decoder slots that
// others need. A person is the server-issued subject (server/auth/viewer-identity.ts), not a socket: opening
// more connections does not buy more. Reaching a cap is a typed `capacity` error.
import { StudioError } from '../../core/protocol/result';

export interface CapacityLimits {
  /** Open connections of one person (a reload or a reconnect briefly holds two). */
  socketsPerIdentity: number;
  /** WebRTC transports of one person in one room (a viewer needs one, a host two). */
  transportsPerIdentity: number;
  /** Consumers of one person in one room (a viewer needs one per track: two). */
  consumersPerIdentity: number;
  /** Connections in one room on one gateway node. */
  socketsPerRoom: number;
  transportsPerRoom: number;
  consumersPerRoom: number;
}

export const DEFAULT_CAPACITY: CapacityLimits = {
  socketsPerIdentity: 4,
  transportsPerIdentity: 4,
  consumersPerIdentity: 8,
  socketsPerRoom: 50_000,
  transportsPerRoom: 2000,
  consumersPerRoom: 4000,
};

/** Counts per key, with a cap: take() refuses past it, the returned release gives the slot back once. */
export class CappedCounter {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly cap: number,
    private readonly what: (count: number) => string,
  ) {}

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  get size(): number {
    return this.counts.size;
  }

  /** Throws a capacity error when `key` holds `cap` already. */
  check(key: string): void {
    const n = this.count(key);
    if (n >= this.cap) throw new StudioError('capacity', this.what(this.cap));
  }

  take(key: string): () => void {
    this.check(key);
    this.counts.set(key, this.count(key) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.count(key) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }
}

/**
 * The open connections of each person on this node, oldest first. A person past the cap keeps their newest
 * connections: the oldest is closed (a reload or a flaky network never locks anyone out, and more sockets
 * still buy nothing).
 */
export class IdentitySockets {
  private readonly byIdentity = new Map<string, string[]>();

  constructor(private readonly cap: number) {}

  get size(): number {
    return this.byIdentity.size;
  }

  /** Adds a connection; returns the ids of the person's connections that are now over the cap. */
  add(identity: string, socketId: string): string[] {
    const list = this.byIdentity.get(identity) ?? [];
    list.push(socketId);
    this.byIdentity.set(identity, list);
    return list.length > this.cap ? list.slice(0, list.length - this.cap) : [];
  }

  remove(identity: string, socketId: string): void {
    const list = this.byIdentity.get(identity);
    if (!list) return;
    const left = list.filter((id) => id !== socketId);
    if (left.length > 0) this.byIdentity.set(identity, left);
    else this.byIdentity.delete(identity);
  }
}
