// DashboardService: the dashboard's services root. It owns the BackendClient (board, alerts, ops requests) and,
// while a room is open, a RoomFeed (the room's comments and video), and turns their events into store
// changes. Every subscription's disposer is kept; close() is safe twice.
import type { AlertThresholds, OpsNote } from '../../core/protocol/analytics-events';
import type { ModerationInput } from '../../core/protocol/room-events';
import { newKey } from '../shared/format';
import { useDashboardStore } from './dashboard-store';
import { mergeComments, problemOf, removeComment, type Store } from './feed-helpers';
import type { BackendClient } from '../shared/backend-client';
import { RoomFeed } from './room-feed';

export class DashboardService {
  private readonly disposers: (() => void)[] = [];
  private feed: RoomFeed | null = null;
  private closed = false;

  constructor(
    readonly client: BackendClient,
    private readonly token: string,
    private readonly store: Store = useDashboardStore,
  ) {}

  start(): void {
    const s = () => this.store.getState();
    this.disposers.push(
      this.client.onStatus((connection) => s().set({ connection })),
      this.client.onReconnected(() => {
        void this.loadBoard();
        const room = s().room;
        if (room) void this.loadRoom(room.roomId);
      }),
      this.client.on('ops:board', (update) => s().boardUpdated(update)),
      this.client.on('ops:bucket', (update) => s().bucketArrived(update)),
      this.client.on('alert', (alert) => s().alertChanged(alert)),
      this.client.on('recording:status', (recording) =>
        s().patchRoom(recording.roomId, () => ({ recording })),
      ),
      this.client.on('pitch:next', (pitch) =>
        s().patchRoom(pitch.roomId, (room) => (room.pitch && room.pitch.at > pitch.at ? {} : { pitch })),
      ),
      this.client.on('note:dismissed', ({ roomId, noteId }) =>
        s().patchRoom(roomId, (room) => ({
          notes: room.notes.map((n) => (n.id === noteId ? { ...n, dismissed: true } : n)),
        })),
      ),
      this.client.on('order:update', (order) =>
        s().patchRoom(order.roomId, (room) => ({ orders: { ...room.orders, [order.id]: order } })),
      ),
    );
    s().set({ connection: this.client.connection });
    void this.loadBoard();
  }

  async loadBoard(): Promise<void> {
    const s = this.store.getState();
    try {
      const tiles = await this.client.request('ops:board', {});
      this.store.getState().boardLoaded(tiles, Date.now());
    } catch (error) {
      s.set({ board: { status: 'error', error: problemOf(error) } });
    }
  }

  /** Opens one room: its view (buckets, alerts, notes, pins), its products, orders and comments. */
  openRoom(roomId: string): void {
    const s = this.store.getState();
    if (s.room?.roomId === roomId) return;
    this.closeRoom();
    this.feed = new RoomFeed({ serverUrl: location.origin, token: this.token, roomId }, this.store);
    s.roomOpened(roomId);
    void this.loadRoom(roomId);
  }

  closeRoom(): void {
    const room = this.store.getState().room;
    this.feed?.close();
    this.feed = null;
    if (!room) return;
    this.store.getState().set({ room: null });
    if (this.client.connection === 'online')
      void this.client.request('ops:unroom', { roomId: room.roomId }).catch(() => undefined);
  }

  get roomFeed(): RoomFeed | null {
    return this.feed;
  }

  private async loadRoom(roomId: string): Promise<void> {
    const s = () => this.store.getState();
    // Pitch next's picks load on their own: the room view never waits for them.
    this.client.request('pitch:get', { roomId }).then(
      (pitch) => s().patchRoom(roomId, (room) => (room.pitch && room.pitch.at > pitch.at ? {} : { pitch })),
      () => undefined, // the card says it is waiting; 'pitch:next' brings the picks
    );
    const [view, products, orders, history] = await Promise.allSettled([
      this.client.request('ops:room', { roomId }),
      this.client.request('product:list', { roomId }),
      this.client.request('order:list', { roomId }),
      this.client.request('comment:history', { roomId }),
    ]);
    if (products.status === 'fulfilled') s().patchRoom(roomId, () => ({ products: products.value }));
    if (orders.status === 'fulfilled')
      s().patchRoom(roomId, () => ({ orders: Object.fromEntries(orders.value.map((o) => [o.id, o])) }));
    if (history.status === 'fulfilled')
      s().patchRoom(roomId, (room) => ({ comments: mergeComments(history.value, room.comments) }));
    if (view.status === 'fulfilled') s().roomLoaded(view.value);
    else s().roomFailed(roomId, problemOf(view.reason));
  }

  ackAlert(roomId: string, alertId: string): Promise<void> {
    return this.client
      .request('alert:ack', { roomId, alertId })
      .then((alert) => this.store.getState().alertChanged(alert));
  }

  async sendNote(roomId: string, text: string, clientId = newKey()): Promise<OpsNote> {
    const note = await this.client.request('ops:note', { roomId, text, clientId });
    this.store.getState().patchRoom(roomId, (room) => ({
      notes: room.notes.some((n) => n.id === note.id)
        ? room.notes
        : [...room.notes, { ...note, dismissed: false }],
    }));
    return note;
  }

  moderate(input: ModerationInput): Promise<unknown> {
    return this.client.request('mod:action', input).then((state) => {
      if (input.action === 'deleteComment') removeComment(this.store, input.roomId, input.commentId);
      return state;
    });
  }

  thresholds(roomId: string | null): Promise<AlertThresholds> {
    return this.client.request('ops:thresholds', { roomId });
  }

  setThresholds(
    roomId: string | null,
    thresholds: Partial<AlertThresholds> | null,
  ): Promise<AlertThresholds> {
    return this.client.request('ops:thresholds:set', { roomId, thresholds });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.feed?.close();
    this.disposers.splice(0).forEach((d) => d());
    this.client.close();
  }
}
