// A bounded set of recently seen keys (insertion order, oldest forgotten first): de-duplicates resent
// analytics events without growing with the stream.
export class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** True when `key` is new (and remembers it); false for a key seen recently. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next().value as string;
      this.keys.delete(oldest);
    }
    return true;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  get size(): number {
    return this.keys.size;
  }
}

/** The last few ids seen on one connection (its heartbeats): a resent batch is counted once. */
export class RecentIds {
  private readonly ids: string[] = [];

  constructor(private readonly capacity = 8) {}

  add(id: string): boolean {
    if (this.ids.includes(id)) return false;
    this.ids.push(id);
    if (this.ids.length > this.capacity) this.ids.shift();
    return true;
  }
}
