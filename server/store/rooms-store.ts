// Rooms: title, host language, status (created, live, ended), when the room first went live, and the
// sha256 of its host's key (the key itself is never stored), and who created it (the host token's subject:
// a host sees the replays of its own rooms).
import type { Room } from '../../core/protocol/socket-events';
import type { SqlDatabase } from './sql';

interface RoomRow {
  id: string;
  title: string;
  host_language: string;
  status: Room['status'];
  created_at: number;
}

const roomFromRow = (row: RoomRow): Room => ({
  id: row.id,
  title: row.title,
  hostLanguage: row.host_language,
  status: row.status,
  createdAt: row.created_at,
});

export class RoomsStore {
  constructor(private readonly db: SqlDatabase) {}

  /**
   * Stores a new room with the sha256 of its host's key and its creator's subject; a second room with the
   * same id is refused.
   */
  async create(room: Room, hostKeyHash?: string, ownerSub?: string): Promise<Room> {
    await this.db.run(
      'INSERT INTO rooms (id, title, host_language, status, created_at, host_key_hash, owner_sub) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        room.id,
        room.title,
        room.hostLanguage,
        room.status,
        room.createdAt,
        hostKeyHash ?? null,
        ownerSub ?? null,
      ],
    );
    return room;
  }

  /** The subject of the host token that created the room (null: unknown room, or created before replay). */
  async ownerSub(id: string): Promise<string | null> {
    const row = await this.db.get<{ owner_sub: string | null }>('SELECT owner_sub FROM rooms WHERE id = ?', [
      id,
    ]);
    return row?.owner_sub ?? null;
  }

  async get(id: string): Promise<Room | null> {
    const row = await this.db.get<RoomRow>('SELECT * FROM rooms WHERE id = ?', [id]);
    return row ? roomFromRow(row) : null;
  }

  async hostKeyHash(id: string): Promise<string | null> {
    const row = await this.db.get<{ host_key_hash: string | null }>(
      'SELECT host_key_hash FROM rooms WHERE id = ?',
      [id],
    );
    return row?.host_key_hash ?? null;
  }

  /** Changes the status; the first time the room goes live is kept. Returns the room now, null if none. */
  async setStatus(id: string, status: Room['status']): Promise<Room | null> {
    const row =
      status === 'live'
        ? await this.db.get<RoomRow>(
            'UPDATE rooms SET status = ?, live_started_at = COALESCE(live_started_at, ?) WHERE id = ? RETURNING *',
            [status, Date.now(), id],
          )
        : await this.db.get<RoomRow>('UPDATE rooms SET status = ? WHERE id = ? RETURNING *', [status, id]);
    return row ? roomFromRow(row) : null;
  }

  /** Renames a room (its host typed the title after something else had created it); null when unknown. */
  async setTitle(id: string, title: string): Promise<Room | null> {
    const row = await this.db.get<RoomRow>('UPDATE rooms SET title = ? WHERE id = ? RETURNING *', [
      title,
      id,
    ]);
    return row ? roomFromRow(row) : null;
  }

  /** When the room first went live (ms), for stream-relative timestamps; null before. */
  async liveStartedAt(id: string): Promise<number | null> {
    const row = await this.db.get<{ live_started_at: number | null }>(
      'SELECT live_started_at FROM rooms WHERE id = ?',
      [id],
    );
    return row?.live_started_at ?? null;
  }
}
