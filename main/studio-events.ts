// The host's push events (studioEvents in core/protocol/studio-api.ts). A service says that its state
// changed; the hub reads the whole current state and hands it to every listener (Electron's IPC forwarder,
// each browser-bridge socket). A burst of changes becomes one push with the latest state, at most one per
// event every `minIntervalMs`, and reads of one event never overlap, so pushes leave in the order of the
// states they carry.
import type { EventPayload, StudioEvent, StudioEventMessage } from '../core/protocol/studio-api';
import type { Logger } from './log';

export type StudioEventListener = (message: StudioEventMessage) => void;

interface Source {
  read: () => unknown;
  minIntervalMs: number;
  lastAt: number;
  timer: ReturnType<typeof setTimeout> | null;
  reading: boolean;
  /** A change came while the state was being read: read again afterwards. */
  dirty: boolean;
}

export class StudioEventHub {
  private readonly listeners = new Set<StudioEventListener>();
  private readonly sources = new Map<StudioEvent, Source>();
  private readonly latestPayloads = new Map<StudioEvent, unknown>();
  private closed = false;

  constructor(private readonly log: Logger) {}

  /** Calls `listener` with every push from now on; returns a disposer. */
  on(listener: StudioEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The last payload pushed for `event`, if any. */
  latest<E extends StudioEvent>(event: E): EventPayload<E> | undefined {
    return this.latestPayloads.get(event) as EventPayload<E> | undefined;
  }

  /**
   * Declares where an event's state comes from; returns the function its owner calls on every change.
   * `read` may be async; it is called again only after the previous read has been pushed.
   */
  source<E extends StudioEvent>(
    event: E,
    read: () => EventPayload<E> | Promise<EventPayload<E>>,
    minIntervalMs = 0,
  ): () => void {
    const source: Source = { read, minIntervalMs, lastAt: 0, timer: null, reading: false, dirty: false };
    this.sources.set(event, source);
    return () => this.schedule(event, source);
  }

  private schedule(event: StudioEvent, source: Source): void {
    if (this.closed) return;
    if (source.reading) {
      source.dirty = true;
      return;
    }
    if (source.timer) return;
    // Even with no interval the push waits for the end of this tick, so a burst of changes is one push.
    const wait = Math.max(0, source.lastAt + source.minIntervalMs - Date.now());
    source.timer = setTimeout(() => {
      source.timer = null;
      void this.flush(event, source);
    }, wait);
  }

  private async flush(event: StudioEvent, source: Source): Promise<void> {
    if (this.closed) return;
    source.reading = true;
    source.dirty = false;
    source.lastAt = Date.now();
    try {
      const payload = await source.read();
      if (this.closed) return;
      this.latestPayloads.set(event, payload);
      const message = { event, payload } as StudioEventMessage;
      for (const listener of [...this.listeners]) {
        try {
          listener(message);
        } catch (error) {
          this.log.warn({ event, err: (error as Error).message }, 'a studio event listener failed');
        }
      }
    } catch (error) {
      // The next change tries again; the renderer keeps the last state it was sent.
      this.log.warn({ event, err: (error as Error).message }, 'could not read the state of a studio event');
    } finally {
      source.reading = false;
    }
    if (source.dirty) this.schedule(event, source);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const source of this.sources.values()) if (source.timer) clearTimeout(source.timer);
    this.listeners.clear();
  }
}
