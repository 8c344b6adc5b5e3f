// Helpers for the analytics tests: a live room with a pinned product, viewers reporting through raw
// socket.io clients, and the check that stored rollups equal those recomputed from the stored raw facts.
import { randomUUID } from 'node:crypto';
import type { RollupBucket, ViewerEvent } from '../../core/protocol/analytics-events';
import { BUCKET_MS } from '../../core/protocol/analytics-events';
import { recompute } from '../../core/metrics/replay';
import type { StudioStore } from '../../server/store/store';
import { connectAs, value, type RoomSocket } from './room-clients';

type Body = ViewerEvent extends infer E ? (E extends ViewerEvent ? Omit<E, 'id' | 't'> : never) : never;

/** One event with a fresh id. */
export const ev = (body: Body): ViewerEvent => ({ id: randomUUID(), t: 0, ...body }) as ViewerEvent;

export async function liveShop(url: string, opened: RoomSocket[]) {
  const host = await connectAs(url, { role: 'host', clientName: 'Mei' }, opened);
  const { room } = value(
    await host.emitWithAck('room:create', { title: 'Analytics', hostLanguage: 'zh-CN' }),
  );
  value(await host.emitWithAck('live:start', { roomId: room.id }));
  const product = value(
    await host.emitWithAck('product:upsert', {
      roomId: room.id,
      titles: { en: 'Scarf' },
      prices: { USD: 1500 },
      stock: 10,
    }),
  );
  value(await host.emitWithAck('product:pin', { roomId: room.id, productId: product.id }));
  return { host, room, product };
}

export const track = (s: RoomSocket, roomId: string, events: ViewerEvent[], lang?: string) =>
  s.emitWithAck('analytics:track', { roomId, events, ...(lang ? { lang } : {}) });

/** Waits until the store holds the rollups of every bucket up to the one holding `until` (ms). */
export async function storedThrough(store: StudioStore, roomId: string, until: number, timeoutMs = 20_000) {
  const target = Math.floor(until / BUCKET_MS) * BUCKET_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rollups = await store.analytics.rollups(roomId);
    if ((rollups.at(-1)?.start ?? -1) >= target) return rollups;
    if (Date.now() > deadline) throw new Error(`no rollup through ${target} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The stored rollups, and those recomputed from the stored raw facts, over the same buckets. */
export async function storedAndRecomputed(store: StudioStore, roomId: string) {
  const stored = await store.analytics.rollups(roomId);
  const last = stored.at(-1)!.start;
  const facts = await store.analytics.facts(roomId);
  const recomputed: RollupBucket[] = recompute(roomId, facts, last + BUCKET_MS).map((c) => c.bucket);
  return { stored, recomputed, facts };
}

export const total = (buckets: RollupBucket[], pick: (b: RollupBucket) => number) =>
  buckets.reduce((n, b) => n + pick(b), 0);
