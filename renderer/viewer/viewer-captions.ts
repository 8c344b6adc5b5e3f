// The viewer's caption subscription: tells the backend which language this connection reads
// (caption:subscribe), again after every rejoin (a reconnect is a new connection), and folds the
// `caption` events of that language into the store. Payloads are validated before use (RoomClient.onServer).
// close() is safe to call twice.
import { captionLanguageFor, type CaptionEvent, type CaptionLanguage } from '../../core/protocol/captions';
import { StudioError } from '../../core/protocol/result';
import { saveCaptionChoice } from '../captions/caption-languages';
import { EMPTY_LANE } from '../captions/caption-lines';
import type { RoomClient } from '../media/room-client';
import { useViewerStore } from '../stores/viewer-store';

const message = (e: unknown) => (e instanceof StudioError || e instanceof Error ? e.message : String(e));

export class ViewerCaptions {
  private joined = false;
  private closed = false;
  private requestSeq = 0;
  private readonly disposers: (() => void)[] = [];

  constructor(
    private readonly client: RoomClient,
    private readonly roomId: string,
  ) {
    this.disposers.push(
      client.onServer('caption', (event) => this.onCaption(event)),
      client.on('rejoined', (id) => {
        if (id === this.roomId) this.subscribe();
      }),
    );
  }

  /** The room is joined: subscriptions can go out now. */
  joinedRoom(): void {
    this.joined = true;
    this.subscribe();
  }

  setLanguage(lang: CaptionLanguage | null): void {
    if (this.closed) return;
    saveCaptionChoice(lang);
    if (lang === useViewerStore.getState().captionLang) return;
    useViewerStore.getState().set({ captionLang: lang, captionLane: EMPTY_LANE, captionError: null });
    this.subscribe();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.disposers.splice(0).forEach((dispose) => dispose());
  }

  private subscribe(): void {
    if (!this.joined || this.closed) return;
    const lang = useViewerStore.getState().captionLang;
    const seq = ++this.requestSeq;
    this.client.request('caption:subscribe', { roomId: this.roomId, lang }).then(
      () => {
        if (seq === this.requestSeq) useViewerStore.getState().set({ captionError: null });
      },
      (error: unknown) => {
        if (seq === this.requestSeq) useViewerStore.getState().set({ captionError: message(error) });
      },
    );
  }

  /** A caption event, already checked against its schema (RoomClient.onServer). */
  private onCaption({ roomId, caption }: CaptionEvent): void {
    if (roomId !== this.roomId) return;
    const wanted = useViewerStore.getState().captionLang;
    if (!wanted) return;
    // Another language's caption (sent before a switch took effect) is not shown.
    if (caption.lang !== wanted && captionLanguageFor(caption.lang) !== wanted) return;
    useViewerStore.getState().addCaption(caption, Date.now());
  }
}
