import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Room } from '../../core/protocol/socket-events';
import { MIGRATIONS } from './migrations';
import { roomFromRow, type RoomRow, type StudioRepository } from './repository';

export class SqliteRepository implements StudioRepository {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
  }

  async migrate(): Promise<number> {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    const applied = new Set(
      this.db
        .prepare('SELECT version FROM schema_migrations')
        .all()
        .map((r) => (r as { version: number }).version),
    );
    const apply = this.db.transaction((m: (typeof MIGRATIONS)[number]) => {
      this.db.exec(m.sql);
      this.db
        .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        .run(m.version, m.name, Date.now());
    });
    for (const m of MIGRATIONS) if (!applied.has(m.version)) apply(m);
    return Math.max(0, ...MIGRATIONS.map((m) => m.version));
  }

  async createRoom(room: Room, hostKeyHash?: string): Promise<Room> {
    this.db
      .prepare(
        'INSERT INTO rooms (id, title, host_language, status, created_at, host_key_hash) VALUES (@id, @title, @hostLanguage, @status, @createdAt, @hostKeyHash)',
      )
      .run({ ...room, hostKeyHash: hostKeyHash ?? null });
    return room;
  }

  async getHostKeyHash(id: string): Promise<string | null> {
    const row = this.db.prepare('SELECT host_key_hash FROM rooms WHERE id = ?').get(id) as
      { host_key_hash: string | null } | undefined;
    return row?.host_key_hash ?? null;
  }

  async setRoomStatus(id: string, status: Room['status']): Promise<Room | null> {
    this.db.prepare('UPDATE rooms SET status = ? WHERE id = ?').run(status, id);
    return this.getRoom(id);
  }

  async getRoom(id: string): Promise<Room | null> {
    const row = this.db.prepare('SELECT * FROM rooms WHERE id = ?').get(id) as RoomRow | undefined;
    return row ? roomFromRow(row) : null;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
