// The one SQL layer under every store (rooms, products, orders, comments, moderation, host events): a small
// dialect adapter over better-sqlite3 (the embedded default) and pg (PostgreSQL, when DATABASE_URL is set).
// Each store's SQL is written once, with `?` placeholders; the drivers are sql-sqlite.ts and sql-postgres.ts.
//
// Why an adapter and not Kysely: µs per call on the 2-core machine shared with other work (load 13 to 20:
// read ratios, not absolutes), median of 6 rounds, from two scratch scripts run with nice -n 15: the
// candidates on the same SQL (raw driver / Kysely 0.28.20 / adapter sketch), and the old repository vs
// these stores (old / new; the patch after a get, as a host edit does).
//                               SQLite                          PostgreSQL
//                               raw / Kysely / sketch  old / new  raw / Kysely / sketch  old / new
//   addComments (20 rows)       369 / 1048 / 464       483 / 471  2835 / 4280 / 7581     3311 / 3986
//   placeOrder                  294 / 1339 / 231       229 / 235  5655 / 7372 / 4088     4561 / 4742
//   patchProduct (with base)    135 /  629 /  62       195 / 102  4837 / 3701 / 2879     4019 / 3168
// On SQLite Kysely prepares every statement anew (better-sqlite3 keeps no cache) and builds each query:
// 3 to 10 times the cost; it also begins transactions DEFERRED. On PostgreSQL round trips dominate and
// the columns are alike within the noise. So: SQL written once with `?` placeholders, statements cached.
//
// The rules: rows come back alike from both (BIGINT as a JS number: every value here, ms timestamps and
// minor units, is far below 2^53). Updates are atomic: one conditional statement (compare-and-set) or a
// transaction, never a read then a write outside one. A SQLite file has one gate per process: a
// transaction holds it across its awaits and every other statement on that file waits for it, so nothing
// interleaves with it; PostgreSQL runs transactions on one pooled client each.

export type Dialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | null;

/** What one statement returns, alike from both drivers. */
export interface SqlResult<R> {
  rows: R[];
  /** Rows inserted, updated or deleted. */
  changes: number;
}

/** What a driver gives the layer: statements on one connection (or pool), inside or outside a transaction. */
export interface SqlConnection {
  query<R>(text: string, params: readonly SqlValue[]): Promise<SqlResult<R>>;
  /** Several statements without parameters (migrations). */
  script(text: string): Promise<void>;
  /** Inserts rows as one atomic step (in the caller's transaction, when there is one). */
  insertRows(insert: RowsInsert): Promise<void>;
}

/** `INSERT INTO table (columns) VALUES (row), (row), … tail`, each row one value per column. */
export interface RowsInsert {
  table: string;
  columns: readonly string[];
  rows: readonly (readonly SqlValue[])[];
  /** What follows the values, e.g. `ON CONFLICT (id) DO NOTHING`. */
  tail: string;
}

/** Statements, on the database or in one of its transactions. `?` marks each parameter. */
export interface SqlExecutor {
  all<R>(text: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** The first row, or undefined. */
  get<R>(text: string, params?: readonly SqlValue[]): Promise<R | undefined>;
  /** Runs a statement; returns how many rows it changed. */
  run(text: string, params?: readonly SqlValue[]): Promise<number>;
  insertRows(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly SqlValue[])[],
    tail?: string,
  ): Promise<void>;
  script(text: string): Promise<void>;
}

export interface TransactionOptions {
  /** Also keeps out every other exclusive transaction on this database, on any node (migrations). */
  exclusive?: boolean;
}

export interface SqlDatabase extends SqlExecutor {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in one transaction: committed when it returns, rolled back when it throws (a thrown Rollback
   * rolls back and returns its value). Statements inside go through `tx`, never through the database: on
   * SQLite such a statement would wait for this very transaction to end, on PostgreSQL run outside it.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Safe to call twice. */
  close(): Promise<void>;
}

/** Thrown inside a transaction to roll it back and make `transaction` return `value` instead. */
export class Rollback<T> {
  constructor(readonly value: T) {}
}

/** `?, ?, ?` for a list of `n` values (an IN list); at least one, so `IN ()` is never written. */
export const marks = (n: number) => Array.from({ length: Math.max(1, n) }, () => '?').join(', ');

/** The statements of the SqlExecutor interface over one driver connection. */
export class Executor implements SqlExecutor {
  constructor(private readonly connection: SqlConnection) {}

  async all<R>(text: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return (await this.connection.query<R>(text, params)).rows;
  }

  async get<R>(text: string, params: readonly SqlValue[] = []): Promise<R | undefined> {
    return (await this.connection.query<R>(text, params)).rows[0];
  }

  async run(text: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.connection.query(text, params)).changes;
  }

  async insertRows(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly SqlValue[])[],
    tail = '',
  ): Promise<void> {
    if (rows.length > 0) await this.connection.insertRows({ table, columns, rows, tail });
  }

  script(text: string): Promise<void> {
    return this.connection.script(text);
  }
}

/**
 * Runs `fn` between `begin` and COMMIT on one connection; a throw rolls back (a Rollback's value is then
 * the answer). A failed ROLLBACK (the database had already rolled back) leaves the first error to report.
 */
export async function runTransaction<T>(
  connection: SqlConnection,
  begin: string,
  fn: (tx: SqlExecutor) => Promise<T>,
): Promise<T> {
  await connection.query(begin, []);
  try {
    const value = await fn(new Executor(connection));
    await connection.query('COMMIT', []);
    return value;
  } catch (error) {
    await connection.query('ROLLBACK', []).catch(() => undefined);
    if (error instanceof Rollback) return error.value as T;
    throw error;
  }
}

/** One table's INSERT … VALUES for `count` rows, with `?` placeholders. */
export function insertText({ table, columns, tail }: RowsInsert, count: number): string {
  const row = `(${marks(columns.length)})`;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: count }, () => row).join(', ')} ${tail}`;
}
