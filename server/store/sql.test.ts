// The SQL layer under the stores, on both databases: transactions all or nothing, statements outside a
// transaction never caught in it (also from a second connection), numbers alike (BIGINT, COUNT, SUM),
// large batches, and two nodes migrating one database at once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LATEST_VERSION } from './migrations';
import { Rollback, type SqlDatabase } from './sql';
import { describeStores } from './store-suite';
import { openSql } from './store';

const COLUMNS = ['k', 'v', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10'];

describeStores('SQL layer', (kind, ctx) => {
  let db: SqlDatabase;
  let second: SqlDatabase;
  beforeAll(async () => {
    db = await openSql(ctx.location);
    second = await openSql(ctx.location);
    await db.script(
      `CREATE TABLE t (${COLUMNS.map((c) => (c === 'k' ? 'k TEXT PRIMARY KEY' : `${c} BIGINT`)).join(', ')})`,
    );
  });
  afterAll(async () => {
    await db.close();
    await second.close();
    await db.close(); // twice is harmless
  });
  const keys = async () => (await db.all<{ k: string }>('SELECT k FROM t ORDER BY k')).map((r) => r.k);

  it('two nodes migrating one database at once both reach the latest version', async () => {
    const other = await ctx.reopen();
    try {
      expect(await Promise.all([ctx.store.migrate(), other.migrate(), ctx.store.migrate()])).toEqual([
        LATEST_VERSION,
        LATEST_VERSION,
        LATEST_VERSION,
      ]);
    } finally {
      await other.close();
    }
  });

  it('commits a transaction whole, and leaves nothing of one that throws or rolls back', async () => {
    await db.transaction(async (tx) => {
      await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]);
      await tx.run('UPDATE t SET v = v + ? WHERE k = ?', [1, 'a']);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['b', 1]);
        await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]); // duplicate key
      }),
    ).rejects.toThrow();
    const answer = await db.transaction(async (tx) => {
      await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['c', 1]);
      throw new Rollback('undone');
    });
    expect(answer).toBe('undone');
    expect(await keys()).toEqual(['a']);
    expect(await db.get('SELECT v FROM t WHERE k = ?', ['a'])).toEqual({ v: 2 });
  });

  it('never catches a statement made meanwhile, on this connection or another, in an open transaction', async () => {
    let inside!: () => void;
    const opened = new Promise<void>((resolve) => (inside = resolve));
    const rolledBack = db.transaction(async (tx) => {
      await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['in-tx', 1]);
      inside();
      // A real wait (timers, sockets): other callers run meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 100));
      throw new Rollback(null);
    });
    await opened;
    await Promise.all([
      db.run('INSERT INTO t (k, v) VALUES (?, ?)', ['same-connection', 1]),
      second.run('INSERT INTO t (k, v) VALUES (?, ?)', ['other-connection', 1]),
      rolledBack,
    ]);
    expect(await keys()).toEqual(['a', 'other-connection', 'same-connection']);
  });

  it('returns BIGINT values and counts as numbers, alike from both databases', async () => {
    await db.run('INSERT INTO t (k, v) VALUES (?, ?)', ['big', 1_760_000_000_123]);
    expect(await db.get('SELECT v FROM t WHERE k = ?', ['big'])).toEqual({ v: 1_760_000_000_123 });
    expect(await db.get('SELECT COUNT(*) AS n FROM t')).toEqual({ n: 4 });
    expect(await db.run('UPDATE t SET v = ? WHERE k IN (?, ?)', [0, 'a', 'big'])).toBe(2);
  });

  it(`inserts 6000 rows of ${COLUMNS.length} values at once, and skips those it holds already`, async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => [
      `row-${i}`,
      ...COLUMNS.slice(1).map((_, c) => i * c),
    ]);
    await db.insertRows('t', COLUMNS, rows, 'ON CONFLICT (k) DO NOTHING');
    await db.transaction((tx) =>
      tx.insertRows('t', COLUMNS, rows.slice(0, 10), 'ON CONFLICT (k) DO NOTHING'),
    );
    expect(await db.get("SELECT COUNT(*) AS n, SUM(c10) AS s FROM t WHERE k LIKE 'row-%'")).toEqual({
      n: 6000,
      s: (10 * 5999 * 6000) / 2,
    });
    expect(kind).toBe(db.dialect);
  });
});
