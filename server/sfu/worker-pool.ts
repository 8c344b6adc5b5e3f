// One mediasoup worker per core. A worker that dies is replaced at once; its rooms are told through
// onWorkerDied so they can reset their media and the host can produce again.
import type * as mediasoupModule from 'mediasoup';
import type { types as ms } from 'mediasoup';
import type { Logger } from '../log';
import type { SfuConfig } from './sfu-config';

type Mediasoup = typeof mediasoupModule;

export interface PooledWorker {
  index: number;
  worker: ms.Worker;
  routers: number;
}

export class WorkerPool {
  private readonly slots: PooledWorker[] = [];
  private readonly diedListeners = new Set<(index: number, error: Error) => void>();
  private closed = false;

  private constructor(
    private readonly mediasoup: Mediasoup,
    private readonly config: SfuConfig,
    private readonly log: Logger,
  ) {}

  static async create(config: SfuConfig, log: Logger): Promise<WorkerPool> {
    const mediasoup = await import('mediasoup');
    const pool = new WorkerPool(mediasoup, config, log);
    // Each worker gets its own slice of the port range so replacements never collide.
    for (let i = 0; i < config.numWorkers; i++) pool.slots.push(await pool.spawn(i));
    return pool;
  }

  private portRange(index: number): { rtcMinPort: number; rtcMaxPort: number } {
    const span = Math.floor((this.config.rtcMaxPort - this.config.rtcMinPort + 1) / this.config.numWorkers);
    const rtcMinPort = this.config.rtcMinPort + index * span;
    return { rtcMinPort, rtcMaxPort: rtcMinPort + span - 1 };
  }

  private async spawn(index: number): Promise<PooledWorker> {
    const worker = await this.mediasoup.createWorker({
      logLevel: this.config.logLevel,
      ...this.portRange(index),
    });
    const slot: PooledWorker = { index, worker, routers: 0 };
    worker.on('died', (error) => {
      this.log.error({ workerIndex: index, pid: worker.pid, err: error.message }, 'mediasoup worker died');
      if (this.closed) return;
      for (const listener of this.diedListeners) listener(index, error);
      void this.replace(index);
    });
    return slot;
  }

  private async replace(index: number, attempt = 1): Promise<void> {
    try {
      this.slots[index] = await this.spawn(index);
      this.log.warn({ workerIndex: index, pid: this.slots[index]!.worker.pid }, 'mediasoup worker replaced');
    } catch (error) {
      this.log.error(
        { workerIndex: index, err: String(error), attempt },
        'could not restart mediasoup worker',
      );
      if (!this.closed && attempt < 5) setTimeout(() => void this.replace(index, attempt + 1), 500 * attempt);
    }
  }

  /** The live worker with the fewest routers; waits for a replacement when every worker just died. */
  async pick(timeoutMs = 5000): Promise<PooledWorker> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const alive = this.slots.filter((s) => !s.worker.died && !s.worker.closed);
      if (alive.length > 0) return alive.reduce((a, b) => (b.routers < a.routers ? b : a));
      if (this.closed || Date.now() > deadline) throw new Error('no mediasoup worker is running');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Routers alive on the live workers, by our count (a test can also ask the workers: worker.dump()). */
  routerCount(): number {
    return this.slots.reduce((n, s) => n + (s.worker.closed ? 0 : s.routers), 0);
  }

  workers(): readonly PooledWorker[] {
    return this.slots;
  }

  onWorkerDied(listener: (index: number, error: Error) => void): () => void {
    this.diedListeners.add(listener);
    return () => this.diedListeners.delete(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const slot of this.slots) slot.worker.close();
  }
}
