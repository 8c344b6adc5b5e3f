// Each room's moderation lists: blocked words, muted and banned viewers, and the slow mode (one value).
import { marks, type SqlDatabase } from './sql';

export type ModerationKind = 'blocked_word' | 'muted' | 'banned' | 'slow_mode';

export interface ModerationEntry {
  kind: ModerationKind;
  value: string;
}

export class ModerationStore {
  constructor(private readonly db: SqlDatabase) {}

  list(roomId: string): Promise<ModerationEntry[]> {
    return this.db.all<ModerationEntry>('SELECT kind, value FROM moderation WHERE room_id = ?', [roomId]);
  }

  /** Adds values to a list (once each); slow mode has one value, so a new one replaces the old. */
  async add(roomId: string, kind: ModerationKind, values: readonly string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (kind === 'slow_mode')
        await tx.run("DELETE FROM moderation WHERE room_id = ? AND kind = 'slow_mode'", [roomId]);
      await tx.insertRows(
        'moderation',
        ['room_id', 'kind', 'value'],
        values.map((v) => [roomId, kind, v]),
        'ON CONFLICT DO NOTHING',
      );
    });
  }

  async remove(roomId: string, kind: ModerationKind, values: readonly string[]): Promise<void> {
    if (values.length === 0) return;
    await this.db.run(
      `DELETE FROM moderation WHERE room_id = ? AND kind = ? AND value IN (${marks(values.length)})`,
      [roomId, kind, ...values],
    );
  }
}
