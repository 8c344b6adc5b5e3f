// Applies the rules' conditions to the stored alerts: raises an alert that should be open and is not, clears
// one that is open and should not be. With several gateway nodes the same condition may be seen on each:
// the alert's id is derived from what was seen (room, kind, subject, when), the store inserts it only if
// absent, and only the node whose insert (or clear) changed the row tells ops, so ops hear it once.
import { createHash } from 'node:crypto';
import type { Alert, AlertKind } from '../../core/protocol/analytics-events';
import type { Logger } from '../log';
import { publicAlert, type AlertsStore, type StoredAlert } from '../store/alerts-store';
import type { Condition } from './rules';

export const alertId = (roomId: string, kind: AlertKind, subject: string, at: number) =>
  `al-${createHash('sha256').update(`${roomId}\n${kind}\n${subject}\n${at}`).digest('hex').slice(0, 32)}`;

const key = (kind: AlertKind, subject: string) => `${kind}\n${subject}`;

export class AlertBook {
  /** Per room, the open alerts as this node knows them (loaded from the store at the room's first use). */
  private readonly open = new Map<string, Promise<Map<string, StoredAlert>>>();
  /** Per room, the apply in progress: one room's conditions are applied in order. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly store: AlertsStore,
    /** Tells ops and the other modules (and nodes) of an alert this node raised, cleared or acknowledged. */
    private readonly publish: (alert: Alert) => void,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Raises and clears as the conditions say; resolves once they are applied (never rejects). */
  apply(roomId: string, conditions: readonly Condition[]): Promise<void> {
    if (conditions.length === 0) return this.queues.get(roomId) ?? Promise.resolve();
    const previous = this.queues.get(roomId) ?? Promise.resolve();
    const run = previous
      .then(() => this.applyNow(roomId, conditions))
      .catch((error: unknown) => {
        this.forget(roomId); // read again from the store next time
        this.log.error({ roomId, err: String(error) }, 'alerts not applied');
      });
    this.queues.set(roomId, run);
    void run.then(() => {
      if (this.queues.get(roomId) === run) this.queues.delete(roomId);
    });
    return run;
  }

  /** Open alerts of the room, as this node knows them. */
  async openCount(roomId: string): Promise<number> {
    return (await this.openOf(roomId)).size;
  }

  /** Another node changed an alert of the room: read the room's open alerts again at its next use. */
  forget(roomId: string): void {
    this.open.delete(roomId);
  }

  /** The room ended: every open alert of it is cleared (by the node that ends it). */
  async clearRoom(roomId: string): Promise<void> {
    await (this.queues.get(roomId) ?? Promise.resolve());
    const cleared = await this.store.clearRoom(roomId, this.clock());
    this.forget(roomId);
    for (const alert of cleared) this.publish(publicAlert(alert));
  }

  /** Records who acknowledged an alert; told to ops the first time. Null when the room has no such alert. */
  async acknowledge(roomId: string, alertId: string, by: string): Promise<Alert | null> {
    const result = await this.store.acknowledge(roomId, alertId, by, this.clock());
    if (!result) return null;
    const alert = publicAlert(result.alert);
    if (result.changed) {
      const open = await this.open.get(roomId);
      open?.set(key(result.alert.kind, result.alert.subject), result.alert);
      this.publish(alert);
    }
    return alert;
  }

  get rooms(): number {
    return this.open.size;
  }

  private openOf(roomId: string): Promise<Map<string, StoredAlert>> {
    let open = this.open.get(roomId);
    if (!open) {
      open = this.store
        .openOf(roomId)
        .then((alerts) => new Map(alerts.map((a) => [key(a.kind, a.subject), a])));
      this.open.set(roomId, open);
      open.catch(() => this.open.delete(roomId));
    }
    return open;
  }

  private async applyNow(roomId: string, conditions: readonly Condition[]): Promise<void> {
    let open = await this.openOf(roomId);
    for (const c of conditions) {
      const k = key(c.kind, c.subject);
      if (c.holds && !open.has(k)) {
        const raised = await this.store.raise({
          id: alertId(roomId, c.kind, c.subject, c.at),
          roomId,
          kind: c.kind,
          subject: c.subject,
          at: c.at,
          detail: c.detail,
        });
        if (raised) {
          open.set(k, raised);
          this.publish(publicAlert(raised));
        } else {
          // Another node raised it first (its news is on the way): learn it from the store.
          this.forget(roomId);
          open = await this.openOf(roomId);
        }
      } else if (!c.holds && open.has(k)) {
        open.delete(k);
        const cleared = await this.store.clear(roomId, c.kind, c.subject, this.clock());
        if (cleared) this.publish(publicAlert(cleared));
      }
    }
  }
}
