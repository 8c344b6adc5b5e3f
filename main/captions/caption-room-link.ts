// The captions service's side of the backend room: joins it as the studio's caption source (again after
// every reconnect), follows the viewers' caption demand and the product catalog (the glossary), and
// publishes the worker's captions in batches. Server events come through BackendLink.on, checked first.
import type { Caption } from '../../core/protocol/captions';
import type { Product } from '../../core/protocol/room-events';
import type { Logger } from '../log';
import type { BackendLink } from '../sync/backend-link';

const PUBLISH_MAX = 24;
const ACK_TIMEOUT_MS = 5000;

export interface CaptionRoom {
  roomId: string;
  hostKey: string;
}

export interface CaptionRoomEvents {
  /** The caption languages the room's viewers asked for, with how many each. */
  demand(languages: Record<string, number>): void;
  catalog(products: Product[]): void;
  /** The backend refused a batch of captions. */
  refused(message: string): void;
}

export class CaptionRoomLink {
  private room: CaptionRoom | null = null;
  private outgoing: Caption[] = [];
  private publishScheduled = false;
  private readonly disposers: (() => void)[];

  constructor(
    private readonly backend: BackendLink,
    private readonly log: Logger,
    private readonly events: CaptionRoomEvents,
  ) {
    const onConnect = () => void this.join();
    backend.socket.on('connect', onConnect);
    this.disposers = [
      backend.on('caption:demand', (d) => {
        if (this.room && d.roomId === this.room.roomId) events.demand(d.languages);
      }),
      backend.on('product:state', (e) => {
        if (this.room && e.roomId === this.room.roomId) void this.refreshCatalog();
      }),
      () => backend.socket.off('connect', onConnect),
    ];
  }

  /** The room captions go to from now on (null: none; what was waiting to be sent is dropped). */
  setRoom(room: CaptionRoom | null): void {
    this.room = room;
    if (!room) this.outgoing = [];
  }

  /** Joins the room and subscribes to its caption traffic, then loads its catalog. */
  async join(): Promise<void> {
    const room = this.room;
    const socket = this.backend.socket;
    if (!room || !socket.connected) return;
    const joined = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('room:join', { roomId: room.roomId });
    if (!joined.ok) {
      this.log.warn({ roomId: room.roomId, err: joined.error.message }, 'captions: room join refused');
      return;
    }
    await socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('caption:subscribe', { roomId: room.roomId, lang: null });
    await this.refreshCatalog();
  }

  /** Queues a caption for the room; the captions of one tick go out together. */
  send(caption: Caption): void {
    if (!this.room) return;
    this.outgoing.push(caption);
    if (!this.publishScheduled) {
      this.publishScheduled = true;
      setImmediate(() => this.publish());
    }
  }

  close(): void {
    this.setRoom(null);
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  private async refreshCatalog(): Promise<void> {
    const room = this.room;
    const socket = this.backend.socket;
    if (!room || !socket.connected) return;
    try {
      const products = await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('product:list', { roomId: room.roomId });
      if (products.ok) this.events.catalog(products.value);
    } catch {
      // the next product change or reconnect tries again
    }
  }

  private publish(): void {
    this.publishScheduled = false;
    const room = this.room;
    const socket = this.backend.socket;
    const batch = this.outgoing.splice(0);
    // Live captions are worth nothing late: while the backend is away they are dropped, not queued.
    if (!room || !socket.connected || batch.length === 0) return;
    for (let i = 0; i < batch.length; i += PUBLISH_MAX) {
      socket.emit(
        'caption:publish',
        { roomId: room.roomId, hostKey: room.hostKey, captions: batch.slice(i, i + PUBLISH_MAX) },
        (result) => {
          if (result.ok) return;
          this.log.warn({ roomId: room.roomId, err: result.error.message }, 'captions refused');
          this.events.refused(result.error.message);
        },
      );
    }
  }
}
