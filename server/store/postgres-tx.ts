import type pg from 'pg';

/** Thrown inside inTransaction to roll back and make the transaction return `value` instead. */
export class Rollback<T> {
  constructor(readonly value: T) {}
}

/** Runs `fn` in a transaction on one pooled client; a thrown Rollback rolls back and returns its value. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      const value = await fn(client);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK');
      if (error instanceof Rollback) return error.value as T;
      throw error;
    }
  } finally {
    client.release();
  }
}
