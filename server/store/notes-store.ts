// Private notes from ops to a room's host: stored once (the id is derived from the sender and its client
// id, so a resend is the same note), shown in the studio until the host dismisses them.
import type { OpsNote } from '../../core/protocol/analytics-events';
import type { SqlDatabase } from './sql';

interface NoteRow {
  id: string;
  room_id: string;
  text: string;
  from_name: string;
  sent_at: number;
  dismissed_at: number | null;
}

export interface StoredNote extends OpsNote {
  dismissed: boolean;
}

const fromRow = (row: NoteRow): StoredNote => ({
  id: row.id,
  roomId: row.room_id,
  text: row.text,
  from: row.from_name,
  at: Number(row.sent_at),
  dismissed: row.dismissed_at !== null,
});

const ROOM_NOTES_MAX = 200;

export class NotesStore {
  constructor(private readonly db: SqlDatabase) {}

  /** Stores the note unless one with its id exists; `created` says which, `note` is the stored one. */
  async add(note: OpsNote): Promise<{ note: OpsNote; created: boolean }> {
    const created =
      (await this.db.run(
        `INSERT INTO ops_notes (id, room_id, text, from_name, sent_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
        [note.id, note.roomId, note.text, note.from, note.at],
      )) === 1;
    if (created) return { note, created };
    const row = await this.db.get<NoteRow>('SELECT * FROM ops_notes WHERE id = ?', [note.id]);
    const { dismissed: _d, ...stored } = fromRow(row!);
    return { note: stored, created };
  }

  /** The room's notes, oldest first; `open` only those not dismissed. */
  async ofRoom(roomId: string, options: { open?: boolean } = {}): Promise<StoredNote[]> {
    const rows = await this.db.all<NoteRow>(
      `SELECT * FROM ops_notes WHERE room_id = ? ${options.open ? 'AND dismissed_at IS NULL' : ''}
       ORDER BY sent_at DESC, id LIMIT ${ROOM_NOTES_MAX}`,
      [roomId],
    );
    return rows.map(fromRow).reverse();
  }

  /** Marks the note dismissed: 'dismissed' now, 'already' before, 'missing' when the room has no such note. */
  async dismiss(roomId: string, id: string, at: number): Promise<'dismissed' | 'already' | 'missing'> {
    const changed = await this.db.run(
      'UPDATE ops_notes SET dismissed_at = ? WHERE id = ? AND room_id = ? AND dismissed_at IS NULL',
      [at, id, roomId],
    );
    if (changed === 1) return 'dismissed';
    const row = await this.db.get<{ id: string }>('SELECT id FROM ops_notes WHERE id = ? AND room_id = ?', [
      id,
      roomId,
    ]);
    return row ? 'already' : 'missing';
  }
}
