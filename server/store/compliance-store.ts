// The compliance guard's storage: violation events (one row per flagged sentence of the host's; a caption's
// partials and its final share a row whose flags grow) and each room's markets as the host set them.
import type { ComplianceFlag, ComplianceViolation, ViolationSource } from '../../core/protocol/compliance';
import type { SqlDatabase } from './sql';

interface ViolationRow {
  id: string;
  room_id: string;
  at: number | string;
  source: string;
  source_id: string;
  lang: string;
  text: string;
  level: number;
  flags: string;
  acknowledged_at: number | string | null;
}

const fromRow = (row: ViolationRow): ComplianceViolation => ({
  id: row.id,
  roomId: row.room_id,
  at: Number(row.at),
  source: row.source as ViolationSource,
  sourceId: row.source_id,
  lang: row.lang,
  text: row.text,
  level: row.level === 2 ? 2 : 1,
  flags: JSON.parse(row.flags) as ComplianceFlag[],
  acknowledgedAt: row.acknowledged_at === null ? null : Number(row.acknowledged_at),
});

export interface StoredMarkets {
  home: string;
  added: string[];
  excluded: string[];
}

const ROOM_VIOLATIONS_MAX = 2000;

export class ComplianceStore {
  constructor(private readonly db: SqlDatabase) {}

  /**
   * Stores a violation, or grows the stored one of the same id (a later partial or the final of a caption):
   * its text, level and flags are replaced by the given ones, its time and acknowledgement kept.
   */
  async save(v: ComplianceViolation): Promise<ComplianceViolation> {
    await this.db.run(
      `INSERT INTO compliance_violations (id, room_id, at, source, source_id, lang, text, level, flags)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET text = excluded.text, level = excluded.level, flags = excluded.flags`,
      [v.id, v.roomId, v.at, v.source, v.sourceId, v.lang, v.text, v.level, JSON.stringify(v.flags)],
    );
    return (await this.get(v.roomId, v.id))!;
  }

  async get(roomId: string, id: string): Promise<ComplianceViolation | null> {
    const row = await this.db.get<ViolationRow>(
      'SELECT * FROM compliance_violations WHERE id = ? AND room_id = ?',
      [id, roomId],
    );
    return row ? fromRow(row) : null;
  }

  /** The room's violations, oldest first (the newest ROOM_VIOLATIONS_MAX). */
  async ofRoom(roomId: string): Promise<ComplianceViolation[]> {
    const rows = await this.db.all<ViolationRow>(
      `SELECT * FROM compliance_violations WHERE room_id = ? ORDER BY at DESC, id LIMIT ${ROOM_VIOLATIONS_MAX}`,
      [roomId],
    );
    return rows.map(fromRow).reverse();
  }

  /** How many violations the room has (for the board). */
  async count(roomId: string): Promise<number> {
    const row = await this.db.get<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM compliance_violations WHERE room_id = ?',
      [roomId],
    );
    return Number(row?.n ?? 0);
  }

  /** Marks it acknowledged (once; a second ack keeps the first time); null when the room has no such one. */
  async acknowledge(roomId: string, id: string, at: number): Promise<ComplianceViolation | null> {
    await this.db.run(
      'UPDATE compliance_violations SET acknowledged_at = ? WHERE id = ? AND room_id = ? AND acknowledged_at IS NULL',
      [at, id, roomId],
    );
    return this.get(roomId, id);
  }

  async markets(roomId: string): Promise<StoredMarkets | null> {
    const row = await this.db.get<{ home: string; added: string; excluded: string }>(
      'SELECT home, added, excluded FROM room_markets WHERE room_id = ?',
      [roomId],
    );
    return row
      ? {
          home: row.home,
          added: JSON.parse(row.added) as string[],
          excluded: JSON.parse(row.excluded) as string[],
        }
      : null;
  }

  async setMarkets(roomId: string, m: StoredMarkets, at: number): Promise<void> {
    await this.db.run(
      `INSERT INTO room_markets (room_id, home, added, excluded, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (room_id) DO UPDATE SET home = excluded.home, added = excluded.added,
         excluded = excluded.excluded, updated_at = excluded.updated_at`,
      [roomId, m.home, JSON.stringify(m.added), JSON.stringify(m.excluded), at],
    );
  }
}
