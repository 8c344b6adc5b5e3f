// What other modules read of a room's alerts, notes and stream health (the analytics module's board tiles and
// 'ops:room' view): one object, created with the gateway and filled in by the alerts module when it attaches.
import type { Alert, OpsNote } from '../../core/protocol/analytics-events';
import { StudioError } from '../../core/protocol/result';
import type { SocketAccess } from '../room/room-context';
import { publicAlert } from '../store/alerts-store';
import type { StudioStore } from '../store/store';
import type { AlertBook } from './alert-book';
import type { AlertRules, LatestHealth } from './alert-rules';

export class OpsAlerts {
  private rules: AlertRules | null = null;
  private book: AlertBook | null = null;

  constructor(private readonly repo: StudioStore) {}

  /** Called by the alerts module. */
  attach(rules: AlertRules, book: AlertBook): void {
    this.rules = rules;
    this.book = book;
  }

  /** The room's alerts, newest first, open and cleared (at most 200). */
  async alerts(roomId: string): Promise<Alert[]> {
    return (await this.repo.alerts.ofRoom(roomId)).map(publicAlert);
  }

  /** How many of the room's alerts are open. */
  async openAlerts(roomId: string): Promise<number> {
    if (this.book) return this.book.openCount(roomId);
    return (await this.repo.alerts.openOf(roomId)).length;
  }

  /** Notes sent to the room's host, oldest first, with whether the host dismissed them. */
  notes(roomId: string): Promise<(OpsNote & { dismissed: boolean })[]> {
    return this.repo.notes.ofRoom(roomId);
  }

  /** The studio's latest health report of the room, with whether it is poor; null before the first. */
  health(roomId: string): LatestHealth | null {
    return this.rules?.latestHealth(roomId) ?? null;
  }
}

/** Operations staff only: a host or viewer gets a typed `forbidden`. */
export function requireOps(access: SocketAccess): string {
  const { identity } = access.socket.data;
  if (identity.role !== 'ops') throw new StudioError('forbidden', 'Only operations staff may do this');
  return identity.sub;
}
