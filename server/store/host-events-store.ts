// The host outbox's events as the backend received them: each stored once by its id, so a resent event
// (its acknowledgement was lost) is recognised and not applied twice.
import { marks, type SqlDatabase } from './sql';

export interface HostEvent {
  id: string;
  roomId: string | null;
  type: string;
  payload: unknown;
}

export class HostEventsStore {
  constructor(private readonly db: SqlDatabase) {}

  /** Stores events once each (by id); returns every id it now holds, old or new. */
  async record(events: readonly HostEvent[], now: number): Promise<string[]> {
    await this.db.insertRows(
      'host_events',
      ['id', 'room_id', 'type', 'payload', 'received_at'],
      events.map((e) => [e.id, e.roomId, e.type, JSON.stringify(e.payload), now]),
      'ON CONFLICT (id) DO NOTHING',
    );
    return events.map((e) => e.id);
  }

  /** Which of these ids are stored already. */
  async known(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.all<{ id: string }>(
      `SELECT id FROM host_events WHERE id IN (${marks(ids.length)})`,
      [...ids],
    );
    return new Set(rows.map((r) => r.id));
  }
}
