// The studio host's local SQLite, in both runtimes: Node's built-in node:sqlite where the runtime has it
// (Electron's Node 22+), better-sqlite3 otherwise (Node 20). better-sqlite3 is compiled for Node's ABI and
// cannot load inside an unpackaged Electron, so the host must not depend on it there.
import { createRequire } from 'node:module';

export interface LocalStatement {
  run(...params: unknown[]): { changes: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface LocalDb {
  readonly engine: 'node:sqlite' | 'better-sqlite3';
  exec(sql: string): void;
  prepare(sql: string): LocalStatement;
  /** Runs fn in one transaction (rolled back if it throws). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

const require = createRequire(import.meta.url);

export function openLocalDb(file: string): LocalDb {
  let db: { exec(sql: string): void; prepare(sql: string): LocalStatement; close(): void };
  let engine: LocalDb['engine'];
  try {
    const { DatabaseSync } = require('node:sqlite') as {
      DatabaseSync: new (file: string) => typeof db;
    };
    db = new DatabaseSync(file);
    engine = 'node:sqlite';
  } catch {
    const Database = require('better-sqlite3') as new (file: string) => typeof db;
    db = new Database(file);
    engine = 'better-sqlite3';
  }
  let depth = 0;
  return {
    engine,
    exec: (sql) => db.exec(sql),
    prepare: (sql) => db.prepare(sql),
    transaction(fn) {
      if (depth > 0) return fn();
      depth++;
      db.exec('BEGIN IMMEDIATE');
      try {
        const value = fn();
        db.exec('COMMIT');
        return value;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      } finally {
        depth--;
      }
    },
    close: () => db.close(),
  };
}
