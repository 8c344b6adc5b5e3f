// The SQLite driver of the SQL layer (sql.ts): better-sqlite3, synchronous, one connection per store.
// Statements are prepared once and kept. A transaction is async (the stores' code awaits between its
// statements), so it holds its file's gate from BEGIN IMMEDIATE to COMMIT and every other statement on
// that file in this process waits: nothing joins the open transaction by accident, and a second
// connection never blocks the event loop on a write lock that only this thread could release.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Executor, insertText, runTransaction } from './sql';
import type { RowsInsert, SqlConnection, SqlDatabase, SqlExecutor, SqlResult, SqlValue } from './sql';

/**
 * Lets one transaction at a time hold a database file; statements outside it wait until it is done. Each
 * check is made in the same synchronous step as the work it guards, so nothing slips in between.
 */
class Gate {
  private held: Promise<void> | null = null;
  users = 0;

  enter(): Promise<() => void> {
    if (this.held) return this.held.then(() => this.enter());
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    return Promise.resolve(() => {
      this.held = null;
      release();
    });
  }

  /** Runs `work` now when no transaction holds the gate, else as soon as none does. */
  run<T>(work: () => T): Promise<T> {
    return this.held ? this.held.then(() => this.run(work)) : settle(work);
  }
}

/** The answer of synchronous `work` as a promise, a throw as a rejection. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/** One gate per file in this process, shared by every connection to it (':memory:' is never shared). */
const gates = new Map<string, Gate>();

function gateFor(file: string): { gate: Gate; release(): void } {
  if (file === ':memory:') return { gate: new Gate(), release: () => undefined };
  const key = path.resolve(file);
  const gate = gates.get(key) ?? new Gate();
  gates.set(key, gate);
  gate.users++;
  return {
    gate,
    release: () => {
      if (--gate.users === 0) gates.delete(key);
    },
  };
}

/** Statements on the one connection; with a gate (outside a transaction) they wait for an open one. */
class SqliteConnection implements SqlConnection {
  constructor(
    private readonly db: Database.Database,
    private readonly statement: (text: string) => Database.Statement,
    private readonly gate: Gate | null,
  ) {}

  private now<T>(work: () => T): Promise<T> {
    return this.gate ? this.gate.run(work) : settle(work);
  }

  query<R>(text: string, params: readonly SqlValue[]): Promise<SqlResult<R>> {
    return this.now(() => {
      const stmt = this.statement(text);
      if (!stmt.reader) return { rows: [], changes: stmt.run(params).changes };
      const rows = stmt.all(params) as R[];
      return { rows, changes: rows.length };
    });
  }

  script(text: string): Promise<void> {
    return this.now(() => void this.db.exec(text));
  }

  insertRows({ table, columns, rows, tail }: RowsInsert): Promise<void> {
    // One cached single-row statement per row: preparing a many-row INSERT costs more than it saves on
    // SQLite (it grows faster than the row count). Outside a transaction the loop is one of its own.
    const stmt = this.statement(insertText({ table, columns, rows, tail }, 1));
    const all = () => {
      for (const row of rows) stmt.run(row);
    };
    return this.now(() => (this.gate ? this.db.transaction(all).immediate() : all()));
  }
}

export class SqliteDatabase extends Executor implements SqlDatabase {
  readonly dialect = 'sqlite';
  private readonly inside: SqliteConnection;
  private readonly gate: Gate;
  private readonly releaseGate: () => void;

  private constructor(
    private readonly db: Database.Database,
    statement: (text: string) => Database.Statement,
    shared: { gate: Gate; release(): void },
  ) {
    super(new SqliteConnection(db, statement, shared.gate));
    this.inside = new SqliteConnection(db, statement, null);
    this.gate = shared.gate;
    this.releaseGate = shared.release;
  }

  static open(file: string): SqliteDatabase {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Another process may hold the write lock for a moment (two gateway nodes on one file).
    db.pragma('busy_timeout = 5000');
    const statements = new Map<string, Database.Statement>();
    const statement = (text: string) => {
      let stmt = statements.get(text);
      if (!stmt) {
        // IN lists make texts of many lengths; keep the cache bounded.
        if (statements.size >= 500) statements.clear();
        statements.set(text, (stmt = db.prepare(text)));
      }
      return stmt;
    };
    return new SqliteDatabase(db, statement, gateFor(file));
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const leave = await this.gate.enter();
    try {
      // IMMEDIATE: the write lock from the start, so a transaction that reads first never fails to
      // upgrade when another process wrote meanwhile. Exclusive ones need nothing more on SQLite.
      return await runTransaction(this.inside, 'BEGIN IMMEDIATE', fn);
    } finally {
      leave();
    }
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.db.close();
    this.releaseGate();
  }
}
