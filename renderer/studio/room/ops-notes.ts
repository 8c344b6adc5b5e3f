// Private notes from operations staff to the host: shown until the host dismisses them. The room's socket
// brings each new note ('ops:note'); the list of notes not yet dismissed is asked for when the room opens and
// again after every reconnect, so a studio that was offline shows what it missed.
import type { OpsNote } from '../../../core/protocol/analytics-events';
import { StudioError } from '../../../core/protocol/result';
import type { RoomClient } from '../../media/room-client';
import { useStudioStore } from '../../stores/studio-store';

const notes = () => useStudioStore.getState().room.notes;
const setNotes = (next: OpsNote[]) => useStudioStore.getState().patchRoom({ notes: next });

export class OpsNotes {
  private current: { client: RoomClient; roomId: string } | null = null;

  /** Follows the room's notes on its connection; returns a disposer (RoomSession's attachFeeds). */
  attach(client: RoomClient, roomId: string): () => void {
    this.current = { client, roomId };
    const offNote = client.onServer('ops:note', (note) => {
      if (note.roomId !== roomId || notes().some((n) => n.id === note.id)) return;
      setNotes([...notes(), note]);
    });
    const load = () =>
      void client
        .request('note:list', { roomId })
        .then((list) => {
          // A note that arrived while the list was on its way is in the list too (or was dismissed since).
          const listed = new Set(list.map((n) => n.id));
          setNotes([...list, ...notes().filter((n) => !listed.has(n.id) && n.at > (list.at(-1)?.at ?? 0))]);
        })
        .catch(() => undefined); // asked again at the next reconnect
    load();
    const offRejoined = client.on('rejoined', (id) => {
      if (id === roomId) load();
    });
    return () => {
      offNote();
      offRejoined();
      if (this.current?.client === client) this.current = null;
    };
  }

  /** Hides the note now and tells the backend (ops see it dismissed); it comes back if the backend refuses. */
  async dismiss(noteId: string): Promise<void> {
    const note = notes().find((n) => n.id === noteId);
    if (!note || !this.current) return;
    setNotes(notes().filter((n) => n.id !== noteId));
    try {
      await this.current.client.request('note:dismiss', { roomId: note.roomId, noteId });
    } catch (error) {
      if (error instanceof StudioError && error.code === 'not_found') return;
      if (!notes().some((n) => n.id === noteId)) setNotes([...notes(), note].sort((a, b) => a.at - b.at));
    }
  }
}
