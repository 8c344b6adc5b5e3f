// The one storage interface of the backend. SQLite is the embedded default; PostgreSQL is used when
// DATABASE_URL is set. Both run the same migrations and the same test suite.
import type { Room } from '../../core/protocol/socket-events';

export interface StudioRepository {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending migrations; returns the schema version afterwards. */
  migrate(): Promise<number>;
  /** Stores a new room with the sha256 of its host's key (the key itself is never stored). */
  createRoom(room: Room, hostKeyHash?: string): Promise<Room>;
  getRoom(id: string): Promise<Room | null>;
  getHostKeyHash(id: string): Promise<string | null>;
  setRoomStatus(id: string, status: Room['status']): Promise<Room | null>;
  close(): Promise<void>;
}

export interface RoomRow {
  id: string;
  title: string;
  host_language: string;
  status: Room['status'];
  created_at: number | string;
  host_key_hash?: string | null;
}

export function roomFromRow(row: RoomRow): Room {
  return {
    id: row.id,
    title: row.title,
    hostLanguage: row.host_language,
    status: row.status,
    createdAt: Number(row.created_at),
  };
}

export interface OpenRepositoryOptions {
  databaseUrl?: string | undefined;
  sqliteFile: string;
}

export async function openRepository(options: OpenRepositoryOptions): Promise<StudioRepository> {
  if (options.databaseUrl) {
    const { PostgresRepository } = await import('./postgres-repository');
    return PostgresRepository.connect(options.databaseUrl);
  }
  const { SqliteRepository } = await import('./sqlite-repository');
  return new SqliteRepository(options.sqliteFile);
}
