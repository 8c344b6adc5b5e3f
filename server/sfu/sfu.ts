// The SFU: rooms' routers spread over the worker pool. When mediasoup's worker binary is missing the SFU
// is unavailable, says why, and everything else in the backend keeps working.
import type { types as ms } from 'mediasoup';
import { StudioError } from '../../core/protocol/result';
import type { Logger } from '../log';
import { DEFAULT_CAPACITY, type CapacityLimits } from './capacity';
import { RoomMedia } from './room-media';
import type { SfuConfig } from './sfu-config';
import { WorkerPool, type PooledWorker } from './worker-pool';

/** How long a room waits for a router when workers are dying (then the request fails). */
const ROUTER_WAIT_MS = 5000;

export const MEDIA_CODECS: ms.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
  },
];

export interface SfuEvents {
  producerClosed(roomId: string, producerId: string): void;
  mediaReset(roomId: string, reason: string): void;
}

export class Sfu {
  private readonly rooms = new Map<string, Promise<RoomMedia>>();
  private closed = false;

  private constructor(
    readonly pool: WorkerPool,
    private readonly config: SfuConfig,
    private readonly events: SfuEvents,
    private readonly log: Logger,
    private readonly limits: CapacityLimits,
  ) {
    pool.onWorkerDied((index) => void this.onWorkerDied(index));
  }

  static async create(
    config: SfuConfig,
    events: SfuEvents,
    log: Logger,
    limits: CapacityLimits = DEFAULT_CAPACITY,
  ): Promise<Sfu> {
    return new Sfu(await WorkerPool.create(config, log), config, events, log, limits);
  }

  /** Rooms with a router now, and routers alive on the workers (they should always agree). */
  counts(): { rooms: number; routers: number } {
    return { rooms: this.rooms.size, routers: this.pool.routerCount() };
  }

  /** The rooms that have a router, for the idle sweep. */
  roomIds(): string[] {
    return [...this.rooms.keys()];
  }

  /** The room's media, created on the least-loaded worker on first use. One creation at a time per room. */
  room(roomId: string): Promise<RoomMedia> {
    if (this.closed) throw new StudioError('unavailable', 'The media server is shutting down');
    let media = this.rooms.get(roomId);
    if (!media) {
      media = (async () => {
        const { slot, router } = await this.newRouter(roomId);
        slot.routers++;
        router.observer.once('close', () => slot.routers--);
        return new RoomMedia(
          roomId,
          router,
          slot.index,
          this.config,
          { producerClosed: (producerId) => this.events.producerClosed(roomId, producerId) },
          this.limits,
        );
      })();
      this.rooms.set(roomId, media);
      media.catch(() => this.rooms.delete(roomId));
    }
    return media;
  }

  /**
   * A router on the least-loaded live worker. A worker can be dead before its exit is seen (every worker
   * killed at once): a router asked of it fails ("Channel closed"), so the next live one is tried, or the
   * replacement waited for, until ROUTER_WAIT_MS.
   */
  private async newRouter(roomId: string): Promise<{ slot: PooledWorker; router: ms.Router }> {
    const deadline = Date.now() + ROUTER_WAIT_MS;
    for (let attempt = 1; ; attempt++) {
      const slot = await this.pool.pick(Math.max(0, deadline - Date.now()));
      try {
        return { slot, router: await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS }) };
      } catch (error) {
        if (this.closed || Date.now() >= deadline) throw error;
        this.log.warn(
          { roomId, workerIndex: slot.index, attempt, err: String(error) },
          'router not created: trying another worker',
        );
        await new Promise((r) => setTimeout(r, Math.min(500, 50 * attempt)));
      }
    }
  }

  existingRoom(roomId: string): Promise<RoomMedia> | undefined {
    return this.rooms.get(roomId);
  }

  async closeRoom(roomId: string): Promise<void> {
    const media = this.rooms.get(roomId);
    this.rooms.delete(roomId);
    (await media?.catch(() => null))?.close();
  }

  private async onWorkerDied(index: number): Promise<void> {
    for (const [roomId, pending] of [...this.rooms]) {
      const media = await pending.catch(() => null);
      if (media && media.workerIndex !== index) continue;
      this.rooms.delete(roomId);
      media?.close();
      this.log.warn({ roomId, workerIndex: index }, 'room media lost with its worker');
      this.events.mediaReset(roomId, 'worker_died');
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pool.close();
  }
}
