import pg from 'pg';
import type { Room } from '../../core/protocol/socket-events';
import { MIGRATIONS } from './migrations';
import { roomFromRow, type RoomRow, type StudioRepository } from './repository';

export class PostgresRepository implements StudioRepository {
  readonly kind = 'postgres';
  private closed = false;

  private constructor(private readonly pool: pg.Pool) {}

  static async connect(databaseUrl: string): Promise<PostgresRepository> {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000 });
    // An idle client losing its connection must not take the backend down with it.
    pool.on('error', () => undefined);
    await pool.query('SELECT 1');
    return new PostgresRepository(pool);
  }

  async migrate(): Promise<number> {
    const client = await this.pool.connect();
    try {
      // One migrator at a time across gateway nodes sharing this database.
      await client.query('SELECT pg_advisory_lock(74201)');
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      );
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((r) => r.version));
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.postgres ?? m.sql);
          await client.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
            [m.version, m.name, Date.now()],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(74201)').catch(() => undefined);
      client.release();
    }
    return Math.max(0, ...MIGRATIONS.map((m) => m.version));
  }

  async createRoom(room: Room, hostKeyHash?: string): Promise<Room> {
    await this.pool.query(
      'INSERT INTO rooms (id, title, host_language, status, created_at, host_key_hash) VALUES ($1, $2, $3, $4, $5, $6)',
      [room.id, room.title, room.hostLanguage, room.status, room.createdAt, hostKeyHash ?? null],
    );
    return room;
  }

  async getHostKeyHash(id: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ host_key_hash: string | null }>(
      'SELECT host_key_hash FROM rooms WHERE id = $1',
      [id],
    );
    return rows[0]?.host_key_hash ?? null;
  }

  async setRoomStatus(id: string, status: Room['status']): Promise<Room | null> {
    await this.pool.query('UPDATE rooms SET status = $1 WHERE id = $2', [status, id]);
    return this.getRoom(id);
  }

  async getRoom(id: string): Promise<Room | null> {
    const { rows } = await this.pool.query<RoomRow>('SELECT * FROM rooms WHERE id = $1', [id]);
    return rows[0] ? roomFromRow(rows[0]) : null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
