// Real PostgreSQL and Redis for integration tests when they are reachable; a test that cannot reach them
// says so and is skipped, it never pretends.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Backend, BackendOptions } from '../../server/backend';

export const POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `PostgreSQL not reachable at ${POSTGRES_ADMIN_URL}: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A brand-new database for one test file; dropped by the returned disposer. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lb_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function redisReachable(): Promise<string | null> {
  const { createClient } = await import('redis');
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return `Redis not reachable at ${REDIS_URL}: ${(error as Error).message}`;
  } finally {
    await client.quit().catch(() => undefined);
  }
}

/**
 * A backend on an in-memory SQLite database or on a fresh PostgreSQL database, for suites that run against
 * both stores; `close` stops it and drops the database.
 */
export async function backendOnStore(
  kind: 'sqlite' | 'postgres',
  options: Omit<BackendOptions, 'sqliteFile' | 'databaseUrl'>,
): Promise<{ backend: Backend; close(): Promise<void> }> {
  const { startBackend } = await import('../../server/backend');
  const db = kind === 'postgres' ? await freshPostgresDatabase() : null;
  const backend = await startBackend({ ...options, sqliteFile: ':memory:', databaseUrl: db?.url });
  return {
    backend,
    async close() {
      await backend.close();
      await db?.drop();
    },
  };
}
