// RoomFeed: what ops watch live in one open room through the viewer page's RoomClient, joined with the ops
// token: the host's video (consumed like a viewer's), the room's comments and its products' changes. Closed
// with the room view.
import { decodeCommentFrame } from '../../core/protocol/room-events';
import { RoomClient } from '../media/room-client';
import { mergeComments, problemOf, removeComment, type Store } from './feed-helpers';

export type VideoState =
  { kind: 'connecting' } | { kind: 'playing' } | { kind: 'noVideo' } | { kind: 'refused'; message: string };

export class RoomFeed {
  readonly stream = new MediaStream();
  private readonly client: RoomClient;
  private readonly disposers: (() => void)[] = [];
  private readonly videoListeners = new Set<(s: VideoState) => void>();
  private video: VideoState = { kind: 'connecting' };

  constructor(options: { serverUrl: string; token: string; roomId: string }, store: Store) {
    const { roomId } = options;
    this.client = new RoomClient({
      serverUrl: options.serverUrl,
      role: 'viewer',
      token: options.token,
      clientName: 'ops',
    });
    this.disposers.push(
      this.client.onServer('comment:batch', (frame) => {
        const batch = decodeCommentFrame(frame);
        if (batch.roomId !== roomId) return;
        store
          .getState()
          .patchRoom(roomId, (room) => ({ comments: mergeComments(room.comments, batch.items) }));
      }),
      // Product changes (stock, pins) go to the room's members, so they come on this connection.
      this.client.onServer('product:state', ({ roomId: r, product }) => {
        if (r !== roomId) return;
        store.getState().patchRoom(roomId, (room) => ({
          products: room.products.some((p) => p.id === product.id)
            ? room.products.map((p) => (p.id === product.id ? product : p))
            : [...room.products, product],
        }));
      }),
      this.client.onServer('comment:deleted', (e) => {
        if (e.roomId === roomId) removeComment(store, roomId, e.commentId);
      }),
      this.client.on('track', (track) => {
        for (const t of this.stream.getTracks()) if (t.kind === track.kind) this.stream.removeTrack(t);
        this.stream.addTrack(track);
        if (track.kind === 'video') this.setVideo({ kind: 'playing' });
      }),
      this.client.on('trackEnded', (kind) => {
        for (const t of this.stream.getTracks()) if (t.kind === kind) this.stream.removeTrack(t);
        if (kind === 'video') this.setVideo({ kind: 'noVideo' });
      }),
    );
    void this.client.join(roomId).then(
      (snapshot) => {
        if (!snapshot.producers.some((p) => p.kind === 'video') && this.video.kind === 'connecting')
          this.setVideo({ kind: 'noVideo' });
      },
      (error: unknown) => this.setVideo({ kind: 'refused', message: problemOf(error).message }),
    );
  }

  get videoState(): VideoState {
    return this.video;
  }

  onVideo(listener: (s: VideoState) => void): () => void {
    this.videoListeners.add(listener);
    return () => this.videoListeners.delete(listener);
  }

  close(): void {
    this.disposers.splice(0).forEach((d) => d());
    this.videoListeners.clear();
    this.client.close();
  }

  private setVideo(state: VideoState): void {
    this.video = state;
    for (const l of [...this.videoListeners]) l(state);
  }
}
