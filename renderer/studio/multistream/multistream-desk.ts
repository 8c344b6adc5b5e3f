// Multistream as the studio follows it: the destinations the host keeps (never a key: only whether one is
// set), edited through window.studio; going live starts the destinations that are on (the host reads their
// keys and tells the backend), the end of the stream stops them; the backend's 'multistream:status' pushes
// each destination's health. The Multistream panel and the health panel read one snapshot from here.
import type { Destination, DestinationInput, MultistreamStatus } from '../../../core/protocol/multistream';
import { StudioError, type ProtocolError, type Result } from '../../../core/protocol/result';
import type { StudioApi } from '../../../core/protocol/studio-client';
import type { RoomClient } from '../../media/room-client';
import { useStudioStore } from '../../stores/studio-store';

export interface MultistreamSnapshot {
  /** The host's destinations (null until the first list arrives). */
  destinations: Destination[] | null;
  /** Why the list could not be read. */
  loadError: ProtocolError | null;
  /** The room's destinations' health, as the backend last pushed it (null: none started). */
  status: MultistreamStatus | null;
  /** Going live is starting the destinations. */
  starting: boolean;
  /** Why starting or stopping the destinations failed (cleared by the next try). */
  liveError: ProtocolError | null;
  /** How many destinations the last start sent (null: none this stream). */
  sent: number | null;
}

export interface LiveRoom {
  roomId: string | null;
  hostKey: string | null;
}

const EMPTY: MultistreamSnapshot = {
  destinations: null,
  loadError: null,
  status: null,
  starting: false,
  liveError: null,
  sent: null,
};

function unwrapOrThrow<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new StudioError(r.error.code, r.error.message, r.error.issues ?? []);
}

const asProtocol = (error: unknown): ProtocolError =>
  error instanceof StudioError
    ? error.toJSON()
    : { code: 'internal', message: error instanceof Error ? error.message : String(error) };

export class MultistreamDesk {
  private snap: MultistreamSnapshot = EMPTY;
  private readonly listeners = new Set<() => void>();
  /** The room whose destinations were started, until they are stopped. */
  private startedRoom: string | null = null;
  private current: { client: RoomClient; roomId: string } | null = null;

  constructor(
    private readonly studio: () => StudioApi,
    private readonly room: LiveRoom,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): MultistreamSnapshot => this.snap;

  private patch(p: Partial<MultistreamSnapshot>): void {
    this.snap = { ...this.snap, ...p };
    for (const listener of [...this.listeners]) listener();
  }

  /** Reads the destinations from the host (again). */
  async load(): Promise<Destination[]> {
    try {
      const list = unwrapOrThrow(await this.studio().multistream.list());
      this.patch({ destinations: list, loadError: null });
      return list;
    } catch (error) {
      this.patch({ loadError: asProtocol(error) });
      throw error;
    }
  }

  /** Adds or changes a destination; throws the host's typed error (the form says it in words). */
  async save(input: DestinationInput): Promise<Destination> {
    const saved = unwrapOrThrow(await this.studio().multistream.save(input));
    const list = this.snap.destinations ?? [];
    const known = list.some((d) => d.id === saved.id);
    this.patch({ destinations: known ? list.map((d) => (d.id === saved.id ? saved : d)) : [...list, saved] });
    return saved;
  }

  async remove(id: string): Promise<void> {
    unwrapOrThrow(await this.studio().multistream.remove(id));
    this.patch({ destinations: (this.snap.destinations ?? []).filter((d) => d.id !== id) });
  }

  /** Follows the room's destinations' health on its live connection; returns a disposer. */
  attach(client: RoomClient, roomId: string): () => void {
    this.current = { client, roomId };
    const offStatus = client.onServer('multistream:status', (s) => {
      if (s.roomId === roomId) this.patch({ status: s });
    });
    const offRejoined = client.on('rejoined', (id) => {
      if (id !== roomId || this.startedRoom !== roomId) return;
      client
        .request('multistream:get', { roomId })
        .then((s) => s && this.patch({ status: s }))
        .catch(() => undefined); // the next push brings it
    });
    return () => {
      offStatus();
      offRejoined();
      if (this.current?.client === client) this.current = null;
    };
  }

  /** The studio went live: the destinations that are on start (nothing is sent when none is on). */
  async goLive(): Promise<void> {
    const { roomId, hostKey } = this.room;
    if (!roomId || !hostKey || this.snap.starting) return;
    this.patch({ starting: true, liveError: null, status: null, sent: null });
    try {
      const list = this.snap.destinations ?? (await this.load());
      if (!list.some((d) => d.enabled)) return;
      const r = unwrapOrThrow(await this.studio().multistream.start({ roomId, hostKey }));
      this.startedRoom = r.sent > 0 ? roomId : null;
      this.patch({ sent: r.sent, ...(r.status ? { status: r.status } : {}) });
      // The stream ended while the backend was starting them: they stop at once.
      if (this.startedRoom && useStudioStore.getState().live.phase !== 'live') void this.endLive();
    } catch (error) {
      this.patch({ liveError: asProtocol(error) });
    } finally {
      this.patch({ starting: false });
    }
  }

  /** The stream ended: every destination of the room stops. */
  async endLive(): Promise<void> {
    const roomId = this.startedRoom;
    if (!roomId) return;
    this.startedRoom = null;
    try {
      const status = unwrapOrThrow(await this.studio().multistream.stop(roomId));
      if (status) this.patch({ status });
    } catch (error) {
      this.patch({ liveError: asProtocol(error) });
    }
  }

  /**
   * Starts the destinations when the studio's stream goes live and stops them when it ends (the studio store's
   * live phase); returns a disposer.
   */
  followLive(): () => void {
    return useStudioStore.subscribe((s, prev) => {
      const phase = s.live.phase;
      if (phase === prev.live.phase) return;
      if (phase === 'live') void this.goLive();
      else if (prev.live.phase === 'live' || this.startedRoom) void this.endLive();
    });
  }

  /** Whether the stream's destinations were started (and not stopped). */
  get started(): boolean {
    return this.startedRoom !== null;
  }

  close(): void {
    this.listeners.clear();
    this.current = null;
  }
}
