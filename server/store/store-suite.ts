// Test support: runs one body of tests against both stores, SQLite always and PostgreSQL when it is
// reachable, so the two implementations are held to the same behaviour. Not a test file itself.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { freshPostgresDatabase, postgresReachable } from '../../tests/support/services';
import type { Product } from '../../core/protocol/room-events';
import type { Room } from '../../core/protocol/socket-events';
import { openRepository, type NewOrder, type StudioRepository } from './repository';
import { MIGRATIONS } from './migrations';

const pgSkip = await postgresReachable();
if (pgSkip) console.warn(`[store tests] PostgreSQL suite skipped: ${pgSkip}`);

export interface StoreContext {
  repo: StudioRepository;
  /** Where the database is, for another connection or process to open it. */
  location: { databaseUrl?: string; sqliteFile: string };
  reopen(): Promise<StudioRepository>;
  dispose(): Promise<void>;
}

/** A separate database at schema version `version`, with `seed` run on it, opened but not migrated. */
export type LegacyStore = (
  version: number,
  seed: string[],
) => Promise<{ repo: StudioRepository; dispose(): Promise<void> }>;

export const room = (id: string): Room => ({
  id,
  title: 'Summer sale 夏季特卖 <b>',
  hostLanguage: 'zh-CN',
  status: 'created',
  createdAt: 1_760_000_000_123,
});

export const product = (id: string, stock: number): Product => ({
  id,
  roomId: 'r-1',
  titles: { en: 'Sunglasses', 'zh-CN': '太阳镜' },
  prices: { USD: 1999, CNY: 12900 },
  stock,
  images: [],
  arAsset: null,
  aliases: ['墨镜', 'shades'],
  pinned: false,
  updatedAt: 1,
});

export const newOrder = (
  o: Pick<NewOrder, 'id' | 'productId' | 'idempotencyKey'> & Partial<NewOrder>,
): NewOrder => ({
  roomId: 'r-1',
  buyerId: 'b',
  quantity: 1,
  currency: 'USD',
  now: 1,
  ...o,
});

const SCHEMA_MIGRATIONS =
  'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)';

const STORES: { kind: 'sqlite' | 'postgres'; open(): Promise<StoreContext>; legacy: LegacyStore }[] = [
  {
    kind: 'sqlite',
    async open() {
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lb-store-')), 'db.sqlite');
      const reopen = () => openRepository({ sqliteFile: file });
      return { repo: await reopen(), reopen, location: { sqliteFile: file }, dispose: async () => undefined };
    },
    async legacy(version, seed) {
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lb-store-old-')), 'db.sqlite');
      const db = new Database(file);
      // One transaction: a file without WAL would otherwise sync after every statement.
      db.transaction(() => {
        db.exec(SCHEMA_MIGRATIONS);
        for (const m of MIGRATIONS.filter((m) => m.version <= version)) {
          db.exec(m.sql);
          db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
        }
        for (const sql of seed) db.exec(sql);
      })();
      db.close();
      return { repo: await openRepository({ sqliteFile: file }), dispose: async () => undefined };
    },
  },
  {
    kind: 'postgres',
    async open() {
      const db = await freshPostgresDatabase();
      const reopen = () => openRepository({ databaseUrl: db.url, sqliteFile: ':memory:' });
      return {
        repo: await reopen(),
        reopen,
        location: { databaseUrl: db.url, sqliteFile: ':memory:' },
        dispose: () => db.drop(),
      };
    },
    async legacy(version, seed) {
      const db = await freshPostgresDatabase();
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        await client.query(SCHEMA_MIGRATIONS);
        for (const m of MIGRATIONS.filter((m) => m.version <= version)) {
          await client.query(m.postgres ?? m.sql);
          await client.query('INSERT INTO schema_migrations VALUES ($1, $2, 0)', [m.version, m.name]);
        }
        for (const sql of seed) await client.query(sql);
      } finally {
        await client.end();
      }
      return {
        repo: await openRepository({ databaseUrl: db.url, sqliteFile: ':memory:' }),
        dispose: () => db.drop(),
      };
    },
  },
];

/**
 * Declares `body` once per store, on a fresh database each (not migrated yet). `ctx` is filled in before
 * the first test and stays the same object, so a test may swap `ctx.repo` (a reopen) for those after it.
 */
export function describeStores(
  title: string,
  body: (kind: 'sqlite' | 'postgres', ctx: StoreContext, legacy: LegacyStore) => void,
): void {
  for (const store of STORES) {
    describe.skipIf(store.kind === 'postgres' && pgSkip !== null)(`${store.kind} ${title}`, () => {
      const ctx = {} as StoreContext;
      beforeAll(async () => {
        Object.assign(ctx, await store.open());
      });
      afterAll(async () => {
        await ctx.repo?.close();
        await ctx.dispose?.();
      });
      body(store.kind, ctx, store.legacy);
    });
  }
}
