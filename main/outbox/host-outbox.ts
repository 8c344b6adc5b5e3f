// The host outbox: host actions and analytics marks are written to a local SQLite file first, then sent to
// the backend with at-least-once delivery (the backend stores each event id once). An event leaves the queue
// only when the backend acknowledges it (applied, or refused by a rule); nothing is lost when the network
// drops, the backend cannot apply it yet, or either side restarts; the studio shows how many events wait
// (it is told whenever that changes: onChange).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import type { Result } from '../../core/protocol/result';
import type {
  ClientToServerEvents,
  OutboxPushResult,
  ServerToClientEvents,
} from '../../core/protocol/socket-events';
import type { Logger } from '../log';
import { openLocalDb, type LocalDb } from '../storage/local-db';

export interface OutboxEvent {
  id: string;
  roomId: string | null;
  type: string;
  payload: unknown;
}

/** Where one queued event stands (see core/protocol/studio-api.ts OutboxEventStateSchema). */
export interface OutboxEventState {
  state: 'queued' | 'sent' | 'refused';
  message: string | null;
}

export interface OutboxStatus {
  online: boolean;
  queued: number;
  lastError: string | null;
  /**
   * The last event the backend refused, in words: `<type>: <message>`, or `conflict: <message>` when it
   * refused a change because the product no longer had the values the host saw
   * (renderer/studio/host/BackendPanel.tsx words that case apart).
   */
  lastRejected: string | null;
}

const BATCH = 100;
const ACK_TIMEOUT_MS = 5000;
const MAX_BACKOFF_MS = 5000;
/** Refusals remembered for whenSent (this session only): the studio asks soon after it queued the event. */
const REMEMBERED_REFUSALS = 1000;

export class HostOutbox {
  private readonly db: LocalDb;
  private draining = false;
  private backoffMs = 250;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private lastError: string | null = null;
  private lastRejected: string | null = null;
  private closed = false;
  /** Callers of whenSent waiting for an event, by id. */
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly refusals = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private readonly onConnect = () => {
    this.backoffMs = 250;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.changed();
    void this.drain();
  };
  private readonly onDisconnect = () => this.changed();

  constructor(
    file: string,
    private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>,
    private readonly log: Logger,
  ) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = openLocalDb(file);
    // FULL: an event the host was told is queued survives a power cut, not only a crash.
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      room_id TEXT,
      type TEXT NOT NULL,
      payload TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0
    )`);
    socket.on('connect', this.onConnect);
    socket.on('disconnect', this.onDisconnect);
    if (socket.connected) void this.drain();
  }

  /** Called whenever the status may have changed (queued count, online, errors); returns a disposer. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    if (this.closed) return;
    for (const listener of this.listeners) listener();
  }

  /** Stores the event durably, then tries to send it. Returns its id. */
  enqueue(event: Omit<OutboxEvent, 'id'> & { id?: string }): string {
    const id = event.id ?? randomUUID();
    this.db
      .prepare('INSERT OR IGNORE INTO outbox (id, room_id, type, payload, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, event.roomId, event.type, JSON.stringify(event.payload ?? null), Date.now());
    this.changed();
    // While a retry is scheduled the backend is failing or holding events back: the new one waits for it.
    if (!this.retryTimer) void this.drain();
    return id;
  }

  status(): OutboxStatus {
    const { n } = this.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number };
    return {
      online: this.socket.connected,
      queued: n,
      lastError: this.lastError,
      lastRejected: this.lastRejected,
    };
  }

  /**
   * Resolves when the event has left the queue (`sent`, or `refused` by a backend rule), or with `queued`
   * after `timeoutMs` (or when the outbox closes). An id this outbox never held reads as `sent`: it left
   * the queue before this host started, or was never queued (the studio only asks about ids it was given).
   */
  whenSent(id: string, timeoutMs: number): Promise<OutboxEventState> {
    const now = this.stateOf(id);
    if (now.state !== 'queued' || timeoutMs <= 0 || this.closed) return Promise.resolve(now);
    return new Promise((resolve) => {
      const waiters = this.waiters.get(id) ?? new Set();
      this.waiters.set(id, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0) this.waiters.delete(id);
        resolve(this.closed ? { state: 'queued', message: null } : this.stateOf(id));
      };
      const timer = setTimeout(done, timeoutMs);
      waiters.add(done);
    });
  }

  private stateOf(id: string): OutboxEventState {
    const refused = this.refusals.get(id);
    if (refused !== undefined) return { state: 'refused', message: refused };
    if (this.closed) return { state: 'queued', message: null };
    const row = this.db.prepare('SELECT 1 AS queued FROM outbox WHERE id = ?').get(id);
    return { state: row ? 'queued' : 'sent', message: null };
  }

  private settled(ids: Iterable<string>): void {
    for (const id of ids) for (const done of [...(this.waiters.get(id) ?? [])]) done();
  }

  /**
   * Sends queued events in order, a batch at a time, until the queue is empty, sending fails, or the backend
   * leaves some unacknowledged (it could not apply them yet); the last two retry after a growing backoff.
   */
  async drain(): Promise<void> {
    if (this.draining || this.closed) return;
    this.draining = true;
    try {
      while (!this.closed && this.socket.connected) {
        const rows = this.db
          .prepare('SELECT id, room_id, type, payload FROM outbox ORDER BY seq LIMIT ?')
          .all(BATCH) as { id: string; room_id: string | null; type: string; payload: string }[];
        if (rows.length === 0) break;
        const events = rows.map((r) => ({
          id: r.id,
          roomId: r.room_id,
          type: r.type,
          payload: JSON.parse(r.payload) as unknown,
        }));
        this.db
          .prepare(`UPDATE outbox SET attempts = attempts + 1 WHERE id IN (${rows.map(() => '?').join(',')})`)
          .run(...rows.map((r) => r.id));
        const result = (await this.socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck('outbox:push', { events })) as Result<OutboxPushResult>;
        if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
        for (const r of result.value.rejected ?? []) {
          const event = events.find((e) => e.id === r.id);
          this.lastRejected =
            r.code === 'conflict' ? `conflict: ${r.message}` : `${event?.type ?? 'event'}: ${r.message}`;
          this.refusals.set(r.id, r.message);
          if (this.refusals.size > REMEMBERED_REFUSALS)
            this.refusals.delete(this.refusals.keys().next().value!);
          this.log.warn(
            { id: r.id, type: event?.type, roomId: event?.roomId, code: r.code },
            'the backend refused a host event',
          );
        }
        const acked = new Set(result.value.acked);
        const remove = this.db.prepare('DELETE FROM outbox WHERE id = ?');
        this.db.transaction(() => acked.forEach((id) => remove.run(id)));
        this.settled(acked);
        this.changed();
        // Not acknowledged: the backend could not apply these yet (its database failed, say). They stay
        // queued and are sent again after the backoff; sending them again at once would only spin.
        const pending = events.filter((e) => !acked.has(e.id));
        if (pending.length > 0) {
          this.lastError = `the backend could not apply ${pending.length} queued actions yet; retrying`;
          this.log.warn(
            { ids: pending.map((e) => e.id).slice(0, 10), count: pending.length, retryInMs: this.backoffMs },
            'the backend left host events unacknowledged; will retry',
          );
          this.scheduleRetry();
          break;
        }
        this.lastError = null;
        this.backoffMs = 250;
      }
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.log.warn({ err: this.lastError }, 'outbox send failed; will retry');
      this.scheduleRetry();
      this.changed();
    } finally {
      this.draining = false;
    }
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.drain();
    }, this.backoffMs);
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket.off('connect', this.onConnect);
    this.settled([...this.waiters.keys()]);
    this.socket.off('disconnect', this.onDisconnect);
    this.listeners.clear();
    this.db.close();
  }
}
