// Live items wait while a room's history loads, so the history always comes before them: a comment sent
// just before this page joined arrives only in the history, and must not land after later live ones.
export class HistoryGate<T> {
  private held: T[] | null = null;

  constructor(private readonly apply: (item: T) => void) {}

  /** History is loading: hold live items from now on. */
  hold(): void {
    this.held ??= [];
  }

  /** A live item: applied now, or after the history when it is loading. */
  live(item: T): void {
    if (this.held) this.held.push(item);
    else this.apply(item);
  }

  /** The history was applied (or could not be loaded): the held items follow, in order. */
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const item of held) this.apply(item);
  }
}
