// Keeps every final caption for the replay: the relay hands each published batch here, and the finals of all
// rooms are written together every FLUSH_MS (one insert per tick, whatever the caption rate). Writes are
// idempotent by (room, id, language), so a batch retried after a failed write, or resent by the host, is one.
import type { Caption } from '../../core/protocol/captions';
import type { Logger } from '../log';
import type { StudioStore } from '../store/store';

const FLUSH_MS = 500;
/** Captions kept for a retry while the database is down, at most. */
const MAX_PENDING = 50_000;

interface Pending {
  roomId: string;
  captions: Caption[];
  receivedAt: number;
}

export class CaptionArchive {
  private pending: Pending[] = [];
  private count = 0;
  private flushing: Promise<void> | null = null;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly repo: StudioStore,
    private readonly log: Logger,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref?.();
  }

  /** Queues a batch's final captions (partials are not kept). */
  add(roomId: string, captions: readonly Caption[], receivedAt = Date.now()): void {
    const finals = captions.filter((c) => c.final);
    if (finals.length === 0) return;
    if (this.count + finals.length > MAX_PENDING) {
      this.log.error({ roomId, dropped: finals.length }, 'captions not archived: too many pending writes');
      return;
    }
    this.pending.push({ roomId, captions: finals, receivedAt });
    this.count += finals.length;
  }

  /** Writes what is queued; resolves when it is stored (or has been put back for the next try). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.flushOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.count = 0;
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i]!;
      try {
        await this.repo.captionLines.add(p.roomId, p.captions, p.receivedAt);
      } catch (error) {
        this.log.error({ roomId: p.roomId, err: String(error) }, 'captions not archived; will retry');
        const rest = batch.slice(i);
        this.pending = rest.concat(this.pending);
        this.count = this.pending.reduce((n, x) => n + x.captions.length, 0);
        return;
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.flush();
  }
}
