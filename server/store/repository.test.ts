// One suite, run against both stores: SQLite always, PostgreSQL when it is reachable.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, postgresReachable } from '../../tests/support/services';
import type { Room } from '../../core/protocol/socket-events';
import { openRepository, type StudioRepository } from './repository';
import { MIGRATIONS } from './migrations';

const pgSkip = await postgresReachable();
if (pgSkip) console.warn(`[store tests] PostgreSQL suite skipped: ${pgSkip}`);

const room = (id: string): Room => ({
  id,
  title: 'Summer sale 夏季特卖 <b>',
  hostLanguage: 'zh-CN',
  status: 'created',
  createdAt: 1_760_000_000_123,
});

function suite(
  kind: 'sqlite' | 'postgres',
  open: () => Promise<{
    repo: StudioRepository;
    reopen(): Promise<StudioRepository>;
    dispose(): Promise<void>;
  }>,
) {
  describe.skipIf(kind === 'postgres' && pgSkip !== null)(`${kind} repository`, () => {
    let ctx: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      ctx = await open();
    });
    afterAll(async () => {
      await ctx.repo.close();
      await ctx.dispose();
    });

    it('migrates to the latest version, and again without harm', async () => {
      const latest = Math.max(...MIGRATIONS.map((m) => m.version));
      expect(await ctx.repo.migrate()).toBe(latest);
      expect(await ctx.repo.migrate()).toBe(latest);
      expect(ctx.repo.kind).toBe(kind);
    });

    it('stores a room exactly as given, text and millisecond timestamps included', async () => {
      await ctx.repo.createRoom(room('r-1'));
      expect(await ctx.repo.getRoom('r-1')).toEqual(room('r-1'));
      expect(await ctx.repo.getRoom('missing')).toBeNull();
    });

    it('refuses a second room with the same id', async () => {
      await expect(ctx.repo.createRoom(room('r-1'))).rejects.toThrow();
    });

    it('keeps rooms across a reopen', async () => {
      await ctx.repo.close();
      ctx.repo = await ctx.reopen();
      await ctx.repo.migrate();
      expect(await ctx.repo.getRoom('r-1')).toEqual(room('r-1'));
    });
  });
}

suite('sqlite', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lb-store-')), 'db.sqlite');
  const reopen = () => openRepository({ sqliteFile: file });
  return { repo: await reopen(), reopen, dispose: async () => undefined };
});

suite('postgres', async () => {
  const db = await freshPostgresDatabase();
  const reopen = () => openRepository({ databaseUrl: db.url, sqliteFile: ':memory:' });
  return { repo: await reopen(), reopen, dispose: () => db.drop() };
});
