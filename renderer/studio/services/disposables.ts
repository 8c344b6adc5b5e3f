// One collection of disposers for a service's lifetime: everything it subscribes to or starts is added
// here and undone by one close(), in reverse order, safe to call twice.

export type Disposer = () => void;

export class Disposables {
  private readonly disposers: Disposer[] = [];
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  /** Adds a disposer; after close() it runs at once (what was started late is still undone). */
  add(dispose: Disposer): Disposer {
    if (this.closed) dispose();
    else this.disposers.push(dispose);
    return dispose;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Last started, first stopped: a service is closed before what it was built on.
    for (const dispose of this.disposers.splice(0).reverse()) {
      try {
        dispose();
      } catch (error) {
        console.error('a studio service failed to close', error);
      }
    }
  }
}
