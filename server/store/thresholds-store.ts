// Alert thresholds as ops set them: the global values (scope '*') and each room's overrides, each kept as
// the partial set of fields it gives (merged over DEFAULT_THRESHOLDS by server/alerts/thresholds.ts).
import type { AlertThresholds } from '../../core/protocol/analytics-events';
import type { SqlDatabase } from './sql';

export const GLOBAL_SCOPE = '*';

export class ThresholdsStore {
  constructor(private readonly db: SqlDatabase) {}

  /** The overrides stored for a scope (a room id, or GLOBAL_SCOPE); null when there are none. */
  async get(scope: string): Promise<Partial<AlertThresholds> | null> {
    const row = await this.db.get<{ thresholds: string }>(
      'SELECT thresholds FROM alert_thresholds WHERE scope = ?',
      [scope],
    );
    return row ? (JSON.parse(row.thresholds) as Partial<AlertThresholds>) : null;
  }

  /** Replaces a scope's overrides (null removes them). */
  async set(scope: string, thresholds: Partial<AlertThresholds> | null, now: number): Promise<void> {
    if (thresholds === null) {
      await this.db.run('DELETE FROM alert_thresholds WHERE scope = ?', [scope]);
      return;
    }
    await this.db.run(
      `INSERT INTO alert_thresholds (scope, thresholds, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (scope) DO UPDATE SET thresholds = excluded.thresholds, updated_at = excluded.updated_at`,
      [scope, JSON.stringify(thresholds), now],
    );
  }
}
