// Keeps the studio store's room feed in step with the backend: the initial catalog, orders and recent
// comments, then every batch and update as it arrives. Returns a disposer.
import { HistoryGate } from '../../shared/history-gate';
import type { MoodAlert, MoodSnapshot } from '../../../core/protocol/insight-events';
import type { PitchNext } from '../../../core/protocol/pitch';
import type { RecordingStatus } from '../../../core/protocol/replay';
import {
  decodeCommentFrame,
  type CommentFrame,
  type ModerationState,
  type Order,
  type Product,
} from '../../../core/protocol/room-events';
import type { DanmakuFeed } from '../../danmaku/danmaku-feed';
import type { RoomClient } from '../../media/room-client';
import { useStudioStore } from '../../stores/studio-store';

/** `studioDanmaku`: the danmaku layer over the studio preview, which the live comments fly across. */
export function attachRoomFeed(client: RoomClient, roomId: string, studioDanmaku: DanmakuFeed): () => void {
  const batches = new HistoryGate<ReturnType<typeof decodeCommentFrame>>((b) => {
    useStudioStore.getState().addComments(b.items, b.shed ?? 0);
    studioDanmaku.push(b.items);
  });
  const onBatch = (frame: CommentFrame) => {
    const b = decodeCommentFrame(frame);
    if (b.roomId === roomId) batches.live(b);
  };
  const onDeleted = (e: { roomId: string; commentId: string }) => {
    if (e.roomId !== roomId) return;
    useStudioStore.getState().removeComment(e.commentId);
    studioDanmaku.remove(e.commentId);
  };
  const onProduct = (e: { roomId: string; product: Product }) => {
    if (e.roomId === roomId) useStudioStore.getState().upsertProduct(e.product);
  };
  const onOrder = (o: Order) => {
    if (o.roomId === roomId) useStudioStore.getState().upsertOrder(o);
  };
  const onMood = (m: MoodSnapshot) => {
    if (m.roomId === roomId) useStudioStore.getState().patchRoom({ mood: m });
  };
  const onAlert = (a: MoodAlert) => {
    if (a.roomId === roomId) useStudioStore.getState().addAlert(a);
  };
  // The room's rules after each moderation action (who is muted or banned), shown beside their comments.
  const onModeration = (m: ModerationState) => {
    if (m.roomId !== roomId) return;
    useStudioStore.getState().patchRoom({ moderation: m });
  };
  // The backend's recorder for replay: whether this stream is being recorded, and why not.
  const onRecording = (r: RecordingStatus) => {
    if (r.roomId === roomId) useStudioStore.getState().patchRoom({ recording: r });
  };
  // Pitch next: the backend's picks, newest wins (a late answer to pitch:get never replaces a newer push).
  const onPitch = (next: PitchNext) => {
    if (next.roomId !== roomId) return;
    const now = useStudioStore.getState().room.pitch;
    if (!now || now.at <= next.at) useStudioStore.getState().patchRoom({ pitch: next });
  };
  // Payloads are checked against their schemas before these handlers see them (RoomClient.onServer).
  const offServer = [
    client.onServer('recording:status', onRecording),
    client.onServer('comment:batch', onBatch),
    client.onServer('comment:deleted', onDeleted),
    client.onServer('insight:mood', onMood),
    client.onServer('insight:alert', onAlert),
    client.onServer('pitch:next', onPitch),
    client.onServer('product:state', onProduct),
    client.onServer('order:update', onOrder),
    client.onServer('mod:state', onModeration),
  ];
  const load = async () => {
    batches.hold();
    const [products, orders, comments, mood, pitch] = await Promise.all([
      client.request('product:list', { roomId }),
      client.request('order:list', { roomId }),
      client.request('comment:history', { roomId }),
      client.request('insight:get', { roomId }),
      client.request('pitch:get', { roomId }),
    ]);
    // Merged, not replaced: an update that arrived while this list was loading is newer than the list.
    const s = useStudioStore.getState();
    const newer = <T extends { id: string; updatedAt: number }>(list: T[], item: T) =>
      list.some((x) => x.id === item.id && x.updatedAt >= item.updatedAt);
    for (const p of products) if (!newer(useStudioStore.getState().room.products, p)) s.upsertProduct(p);
    for (const o of orders) if (!newer(useStudioStore.getState().room.orders, o)) s.upsertOrder(o);
    s.addComments(comments);
    batches.release();
    if (mood && (s.room.mood?.at ?? 0) < mood.at) s.patchRoom({ mood });
    onPitch(pitch);
  };
  const reload = () =>
    void load().catch((e: Error) => {
      batches.release();
      useStudioStore.getState().patchRoom({ error: e.message });
    });
  reload();
  // After a reconnect, once the client is back in the room: asked before that, the backend refuses the lists
  // ("Join the room first") and whatever changed during the cut would never show.
  const offRejoined = client.on('rejoined', (id) => {
    if (id === roomId) reload();
  });
  return () => {
    offServer.forEach((off) => off());
    offRejoined();
  };
}
