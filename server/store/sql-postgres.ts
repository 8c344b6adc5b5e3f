// The PostgreSQL driver of the SQL layer (sql.ts): a pg pool shared by every gateway node's statements; a
// transaction runs on one pooled client. `?` placeholders become $1..$n; BIGINT comes back as a number.
import pg from 'pg';
import {
  Executor,
  insertText,
  runTransaction,
  type RowsInsert,
  type SqlConnection,
  type SqlDatabase,
  type SqlExecutor,
  type SqlResult,
  type SqlValue,
  type TransactionOptions,
} from './sql';

/** Every migrator of one database takes this advisory lock, so two nodes starting together take turns. */
const MIGRATION_LOCK = 74201;
/** PostgreSQL's limit on parameters in one statement. */
const MAX_PARAMS = 65_535;
/** int8 (BIGINT, COUNT) and numeric (SUM, AVG of BIGINT): strings in pg, numbers in SQLite. */
const AS_NUMBER = new Set([20, 1700]);

/** Types parsed as the SQLite driver returns them (the schema holds no number beyond 2^53). */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    AS_NUMBER.has(oid) ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const numbered = new Map<string, string>();

/** `?` -> `$n`, once per text. The stores write `?` only as a placeholder, never inside a literal. */
function numberPlaceholders(text: string): string {
  let out = numbered.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    if (numbered.size >= 1000) numbered.clear();
    numbered.set(text, out);
  }
  return out;
}

class PostgresConnection implements SqlConnection {
  constructor(
    private readonly target: pg.Pool | pg.PoolClient,
    /** Runs a multi-statement insert atomically: the pool opens a transaction, a client is in one. */
    private readonly atomically: (fn: (tx: SqlExecutor) => Promise<void>) => Promise<void>,
  ) {}

  async query<R>(text: string, params: readonly SqlValue[]): Promise<SqlResult<R>> {
    const result = await this.target.query(numberPlaceholders(text), params as SqlValue[]);
    return { rows: result.rows as R[], changes: result.rowCount ?? 0 };
  }

  async script(text: string): Promise<void> {
    await this.target.query(text);
  }

  async insertRows(insert: RowsInsert): Promise<void> {
    // One statement of many rows: one round trip, however many rows (up to the parameter limit).
    const size = Math.floor(MAX_PARAMS / insert.columns.length);
    if (insert.rows.length <= size) {
      await this.query(insertText(insert, insert.rows.length), insert.rows.flat());
      return;
    }
    await this.atomically(async (tx) => {
      for (let from = 0; from < insert.rows.length; from += size) {
        const rows = insert.rows.slice(from, from + size);
        await tx.run(insertText(insert, rows.length), rows.flat());
      }
    });
  }
}

export class PostgresDatabase extends Executor implements SqlDatabase {
  readonly dialect = 'postgres';
  private closed = false;

  private constructor(private readonly pool: pg.Pool) {
    super(new PostgresConnection(pool, (fn) => this.transaction(fn)));
  }

  static async connect(databaseUrl: string): Promise<PostgresDatabase> {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: 10,
      connectionTimeoutMillis: 5000,
      types,
    });
    // An idle client losing its connection must not take the backend down with it.
    pool.on('error', () => undefined);
    await pool.query('SELECT 1');
    return new PostgresDatabase(pool);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      const inside: PostgresConnection = new PostgresConnection(client, (work) => work(new Executor(inside)));
      return await runTransaction(inside, 'BEGIN', async (tx) => {
        if (options?.exclusive) await tx.run('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
        return fn(tx);
      });
    } catch (error) {
      // The client may be mid-way through a failed exchange: do not hand it to the next caller.
      broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
