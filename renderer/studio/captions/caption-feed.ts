// The host's side of the room's caption traffic: the studio subscribes its room socket to captions (the
// backend sends the host every language), folds each `caption` event into the store's per-language lines,
// and keeps the viewers' caption demand. Every payload is validated before use. Returns a disposer.
import { z } from 'zod';
import {
  CaptionSchema,
  DEFAULT_CAPTION_SETTINGS,
  type CaptionDemand,
  type CaptionEvent,
} from '../../../core/protocol/captions';
import type { RoomClient } from '../../media/room-client';
import { useStudioStore } from '../../stores/studio-store';

const DemandSchema = z.object({
  roomId: z.string(),
  languages: z.record(z.string().max(35), z.number().int().nonnegative()),
});

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function attachCaptionFeed(client: RoomClient, roomId: string): () => void {
  const socket = client.socket;
  const store = useStudioStore.getState;
  const onCaption = (event: CaptionEvent) => {
    if (event?.roomId !== roomId) return;
    const parsed = CaptionSchema.safeParse(event.caption);
    if (parsed.success) store().addCaption(parsed.data, Date.now());
  };
  const onDemand = (demand: CaptionDemand) => {
    const parsed = DemandSchema.safeParse(demand);
    if (parsed.success && parsed.data.roomId === roomId)
      store().patchCaptions({ demand: parsed.data.languages });
  };
  const subscribe = () => {
    const { settings, status } = store().captions;
    const lang = settings?.sourceLang ?? status?.sourceLang ?? DEFAULT_CAPTION_SETTINGS.sourceLang;
    client.request('caption:subscribe', { roomId, lang }).then(
      () => store().patchCaptions({ feedError: null }),
      (e: unknown) => store().patchCaptions({ feedError: message(e) }),
    );
  };
  socket.on('caption', onCaption);
  socket.on('caption:demand', onDemand);
  const offRejoined = client.on('rejoined', (id) => {
    if (id === roomId) subscribe();
  });
  subscribe();
  return () => {
    socket.off('caption', onCaption);
    socket.off('caption:demand', onDemand);
    offRejoined();
  };
}
