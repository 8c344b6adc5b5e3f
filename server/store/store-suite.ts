// Test support: runs one body of tests against both stores, SQLite always and PostgreSQL when it is
// reachable, so the two implementations are held to the same behaviour. Not a test file itself.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { freshPostgresDatabase, postgresReachable } from '../../tests/support/services';
import type { Product } from '../../core/protocol/room-events';
import type { Room } from '../../core/protocol/socket-events';
import { MIGRATIONS } from './migrations';
import type { Dialect } from './sql';
import { openSql, openStore, type NewOrder, type StudioStore } from './store';

const pgSkip = await postgresReachable();
if (pgSkip) console.warn(`[store tests] PostgreSQL suite skipped: ${pgSkip}`);

export interface StoreContext {
  store: StudioStore;
  /** Where the database is, for another connection or process to open it. */
  location: { databaseUrl?: string; sqliteFile: string };
  reopen(): Promise<StudioStore>;
  dispose(): Promise<void>;
}

/** A separate database at schema version `version`, with `seed` run on it, opened but not migrated. */
export type LegacyStore = (
  version: number,
  seed: string[],
) => Promise<{ store: StudioStore; dispose(): Promise<void> }>;

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

type Location = StoreContext['location'];

/** A fresh, empty database of each kind, and how to get rid of it. */
const STORES: { kind: Dialect; fresh(): Promise<{ location: Location; dispose(): Promise<void> }> }[] = [
  {
    kind: 'sqlite',
    async fresh() {
      const sqliteFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'lb-store-')), 'db.sqlite');
      return { location: { sqliteFile }, dispose: async () => undefined };
    },
  },
  {
    kind: 'postgres',
    async fresh() {
      const db = await freshPostgresDatabase();
      return { location: { databaseUrl: db.url, sqliteFile: ':memory:' }, dispose: () => db.drop() };
    },
  },
];

/** Migrations up to `version` and then `seed`, through the SQL layer, as an older backend left them. */
async function legacyAt(location: Location, version: number, seed: string[]): Promise<void> {
  const db = await openSql(location);
  try {
    await db.transaction(async (tx) => {
      await tx.script(
        'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      );
      for (const m of MIGRATIONS.filter((m) => m.version <= version)) {
        await tx.script(m.sql);
        await tx.run('INSERT INTO schema_migrations VALUES (?, ?, 0)', [m.version, m.name]);
      }
      for (const sql of seed) await tx.script(sql);
    });
  } finally {
    await db.close();
  }
}

/**
 * Declares `body` once per store, on a fresh database each (not migrated yet). `ctx` is filled in before
 * the first test and stays the same object, so a test may swap `ctx.store` (a reopen) for those after it.
 */
export function describeStores(
  title: string,
  body: (kind: Dialect, ctx: StoreContext, legacy: LegacyStore) => void,
): void {
  for (const { kind, fresh } of STORES) {
    describe.skipIf(kind === 'postgres' && pgSkip !== null)(`${kind} ${title}`, () => {
      const ctx = {} as StoreContext;
      const legacy: LegacyStore = async (version, seed) => {
        const db = await fresh();
        await legacyAt(db.location, version, seed);
        return { store: await openStore(db.location), dispose: db.dispose };
      };
      beforeAll(async () => {
        const { location, dispose } = await fresh();
        const reopen = () => openStore(location);
        Object.assign(ctx, { store: await reopen(), reopen, location, dispose });
      });
      afterAll(async () => {
        await ctx.store?.close();
        await ctx.dispose?.();
      });
      body(kind, ctx, legacy);
    });
  }
}
