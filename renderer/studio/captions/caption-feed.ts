// The host's side of the room's caption traffic: the studio subscribes its room socket to captions (the
// backend sends the host every language), folds each `caption` event into the store's per-language lines,
// and keeps the viewers' caption demand. Every payload is validated before use (RoomClient.onServer).
// Returns a disposer.
import {
  DEFAULT_CAPTION_SETTINGS,
  type CaptionDemand,
  type CaptionEvent,
} from '../../../core/protocol/captions';
import type { RoomClient } from '../../media/room-client';
import { useStudioStore } from '../../stores/studio-store';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function attachCaptionFeed(client: RoomClient, roomId: string): () => void {
  const store = useStudioStore.getState;
  const onCaption = (event: CaptionEvent) => {
    if (event.roomId === roomId) store().addCaption(event.caption, Date.now());
  };
  const onDemand = (demand: CaptionDemand) => {
    if (demand.roomId === roomId) store().patchCaptions({ demand: demand.languages });
  };
  const subscribe = () => {
    const { settings, status } = store().captions;
    const lang = settings?.sourceLang ?? status?.sourceLang ?? DEFAULT_CAPTION_SETTINGS.sourceLang;
    client.request('caption:subscribe', { roomId, lang }).then(
      () => store().patchCaptions({ feedError: null }),
      (e: unknown) => store().patchCaptions({ feedError: message(e) }),
    );
  };
  const offCaption = client.onServer('caption', onCaption);
  const offDemand = client.onServer('caption:demand', onDemand);
  const offRejoined = client.on('rejoined', (id) => {
    if (id === roomId) subscribe();
  });
  subscribe();
  return () => {
    offCaption();
    offDemand();
    offRejoined();
  };
}
