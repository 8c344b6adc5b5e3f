// Schema changes, applied in order by both stores. Write SQL that SQLite and PostgreSQL both accept;
// where they differ, give a `postgres` variant.
export interface Migration {
  version: number;
  name: string;
  sql: string;
  postgres?: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'rooms',
    sql: `CREATE TABLE rooms (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      host_language TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('created', 'live', 'ended')),
      created_at BIGINT NOT NULL
    )`,
  },
  {
    version: 2,
    name: 'room host key',
    sql: 'ALTER TABLE rooms ADD COLUMN host_key_hash TEXT',
  },
];
