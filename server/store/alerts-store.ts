// Ops alerts, one row each: raised once (whichever gateway node inserts it first; a partial unique index keeps
// one open alert per room, kind and subject), cleared when the condition goes, acknowledged once (who, when).
import type { Alert, AlertKind } from '../../core/protocol/analytics-events';
import type { SqlDatabase } from './sql';

/** An alert as the rules raise it: `subject` tells apart alerts of one kind (a product, a currency). */
export interface NewAlert {
  id: string;
  roomId: string;
  kind: AlertKind;
  subject: string;
  at: number;
  detail: Alert['detail'];
}

interface AlertRow {
  id: string;
  room_id: string;
  kind: AlertKind;
  subject: string;
  open: number;
  raised_at: number;
  detail: string;
  ack_by: string | null;
  ack_at: number | null;
}

export interface StoredAlert extends Alert {
  subject: string;
}

function fromRow(row: AlertRow): StoredAlert {
  return {
    id: row.id,
    roomId: row.room_id,
    kind: row.kind,
    subject: row.subject,
    at: Number(row.raised_at),
    detail: JSON.parse(row.detail) as Alert['detail'],
    open: Number(row.open) === 1,
    acknowledged: row.ack_by !== null ? { by: row.ack_by, at: Number(row.ack_at) } : null,
  };
}

/** The alert as ops see it (without the rules' subject key). */
export function publicAlert({ subject: _subject, ...alert }: StoredAlert): Alert {
  return alert;
}

/** How many alerts of a room `ofRoom` returns at most (newest first). */
const ROOM_ALERTS_MAX = 200;

export class AlertsStore {
  constructor(private readonly db: SqlDatabase) {}

  /** Stores the alert unless it (or an open one of the same room, kind and subject) exists: true if stored. */
  async raise(alert: NewAlert): Promise<StoredAlert | null> {
    const changed = await this.db.run(
      `INSERT INTO alerts (id, room_id, kind, subject, open, raised_at, detail) VALUES (?, ?, ?, ?, 1, ?, ?)
       ON CONFLICT DO NOTHING`,
      [alert.id, alert.roomId, alert.kind, alert.subject, alert.at, JSON.stringify(alert.detail)],
    );
    if (changed === 0) return null;
    return { ...alert, open: true, acknowledged: null };
  }

  /** Clears the open alert of this room, kind and subject; returns it, or null when none was open. */
  async clear(roomId: string, kind: AlertKind, subject: string, at: number): Promise<StoredAlert | null> {
    const rows = await this.db.all<AlertRow>(
      `UPDATE alerts SET open = 0, cleared_at = ? WHERE room_id = ? AND kind = ? AND subject = ? AND open = 1
       RETURNING *`,
      [at, roomId, kind, subject],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** Clears every open alert of the room (it ended); returns them. */
  async clearRoom(roomId: string, at: number): Promise<StoredAlert[]> {
    const rows = await this.db.all<AlertRow>(
      'UPDATE alerts SET open = 0, cleared_at = ? WHERE room_id = ? AND open = 1 RETURNING *',
      [at, roomId],
    );
    return rows.map(fromRow);
  }

  /**
   * Records who acknowledged the alert and when, the first time; `changed` is false when it was acknowledged
   * before (the first acknowledgement stays). Null when the room has no such alert.
   */
  async acknowledge(
    roomId: string,
    id: string,
    by: string,
    at: number,
  ): Promise<{ alert: StoredAlert; changed: boolean } | null> {
    const rows = await this.db.all<AlertRow>(
      `UPDATE alerts SET ack_by = ?, ack_at = ? WHERE id = ? AND room_id = ? AND ack_by IS NULL RETURNING *`,
      [by, at, id, roomId],
    );
    if (rows[0]) return { alert: fromRow(rows[0]), changed: true };
    const row = await this.db.get<AlertRow>('SELECT * FROM alerts WHERE id = ? AND room_id = ?', [
      id,
      roomId,
    ]);
    return row ? { alert: fromRow(row), changed: false } : null;
  }

  /** The room's alerts, newest first (open and cleared). */
  async ofRoom(roomId: string): Promise<StoredAlert[]> {
    const rows = await this.db.all<AlertRow>(
      `SELECT * FROM alerts WHERE room_id = ? ORDER BY raised_at DESC, id LIMIT ${ROOM_ALERTS_MAX}`,
      [roomId],
    );
    return rows.map(fromRow);
  }

  /** The room's open alerts. */
  async openOf(roomId: string): Promise<StoredAlert[]> {
    const rows = await this.db.all<AlertRow>('SELECT * FROM alerts WHERE room_id = ? AND open = 1', [roomId]);
    return rows.map(fromRow);
  }
}
