// The alert rules over a real (SQLite) store: alerts raised once, cleared when the condition goes, the same
// condition seen on two "nodes" (two books over one database) stored and told once, thresholds from the store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, RoomMetrics } from '../../core/protocol/analytics-events';
import type { Product } from '../../core/protocol/room-events';
import type { Room } from '../../core/protocol/socket-events';
import { quietLogger } from '../../tests/support/quiet-logger';
import { openStore, type StudioStore } from '../store/store';
import { AlertBook } from './alert-book';
import { AlertRules } from './alert-rules';
import { Thresholds } from './thresholds';

let store: StudioStore;
let now = 1_000_000;
const clock = () => now;
const liveRoom: Room = { id: 'r1', title: 'T', hostLanguage: 'en', status: 'live', createdAt: 0 };

function node() {
  const told: Alert[] = [];
  const book = new AlertBook(store.alerts, (a) => told.push(a), quietLogger, clock);
  const thresholds = new Thresholds(store.thresholds, clock);
  const rules = new AlertRules({
    book,
    thresholds,
    products: store.products,
    rooms: { get: async (id) => (id === 'r1' ? liveRoom : null) },
    clock,
  });
  return { told, book, rules, thresholds };
}

const metrics = (gpm: Record<string, number>) => ({ gpm }) as RoomMetrics;
const product = (stock: number): Product => ({
  id: 'p1',
  roomId: 'r1',
  titles: { en: 'Sunglasses' },
  prices: { USD: 1000 },
  stock,
  images: [],
  arAsset: null,
  aliases: [],
  pinned: false,
  updatedAt: now,
});

beforeEach(async () => {
  store = await openStore({ sqliteFile: ':memory:' });
  await store.migrate();
});
afterEach(() => store.close());

describe('alert rules over the store', () => {
  it('raises gpm_drop once while it holds, clears it when GPM recovers', async () => {
    const { told, rules } = node();
    await rules.window('r1', metrics({ USD: 500 }), metrics({ USD: 1000 }), 10_000);
    await rules.window('r1', metrics({ USD: 400 }), metrics({ USD: 1000 }), 20_000);
    expect(told.map((a) => [a.kind, a.open, a.detail.currency])).toEqual([['gpm_drop', true, 'USD']]);
    await rules.window('r1', metrics({ USD: 950 }), metrics({ USD: 1000 }), 30_000);
    expect(told.map((a) => [a.kind, a.open])).toEqual([
      ['gpm_drop', true],
      ['gpm_drop', false],
    ]);
    expect(told[1]!.id).toBe(told[0]!.id);
    const stored = await store.alerts.ofRoom('r1');
    expect(stored.map((a) => a.open)).toEqual([false]);
  });

  it('the same condition seen by two nodes is stored once and told by one of them only', async () => {
    const a = node();
    const b = node();
    await Promise.all([
      a.rules.window('r1', metrics({ USD: 100 }), metrics({ USD: 1000 }), 10_000),
      b.rules.window('r1', metrics({ USD: 100 }), metrics({ USD: 1000 }), 10_000),
    ]);
    expect(a.told.length + b.told.length).toBe(1);
    expect(await store.alerts.ofRoom('r1')).toHaveLength(1);
    // Either node clears it, once (the other learns of it from the store).
    await Promise.all([
      a.rules.window('r1', metrics({ USD: 1000 }), metrics({ USD: 1000 }), 20_000),
      b.rules.window('r1', metrics({ USD: 1000 }), metrics({ USD: 1000 }), 20_000),
    ]);
    const cleared = [...a.told, ...b.told].filter((x) => !x.open);
    expect(cleared).toHaveLength(1);
    expect(await store.alerts.openOf('r1')).toEqual([]);
  });

  it('sold_out when stock reaches 0, cleared by a restock; stock_low in between', async () => {
    const { told, rules } = node();
    await rules.product('r1', product(3));
    await rules.product('r1', product(0));
    await rules.product('r1', product(20));
    expect(told.map((a) => `${a.kind}:${a.open}`)).toEqual([
      'stock_low:true',
      'sold_out:true',
      'stock_low:false',
      'sold_out:false',
    ]);
    expect(told[1]!.detail).toMatchObject({ productId: 'p1', stock: 0, title: 'Sunglasses' });
  });

  it('stream_poor after two poor reports, then cleared; thresholds come from the store', async () => {
    const { told, rules, thresholds } = node();
    const h = (lossPct: number) => ({ roomId: 'r1', videoKbps: 900, lossPct, fps: 30, captionLagMs: null });
    await rules.health('r1', h(12), 1);
    expect(told).toEqual([]);
    expect(rules.latestHealth('r1')).toMatchObject({ poor: true, at: 1 });
    await rules.health('r1', h(12), 2);
    expect(told.map((a) => a.kind)).toEqual(['stream_poor']);
    await rules.health('r1', h(0), 3);
    expect(told.map((a) => a.open)).toEqual([true, false]);
    // A room that tolerates 15% loss.
    await thresholds.set('r1', { lossPct: 15 });
    await rules.health('r1', h(12), 4);
    await rules.health('r1', h(12), 5);
    expect(told).toHaveLength(2);
    expect(rules.latestHealth('r1')!.poor).toBe(false);
  });

  it('negative_mood from the last minute of comments, cleared by the tick once the minute has passed', async () => {
    const { told, rules } = node();
    for (let i = 0; i < 10; i++) rules.comment('r1', 'neg', now + i);
    now += 1000;
    await rules.tick();
    expect(told.map((a) => `${a.kind}:${a.open}`)).toEqual(['negative_mood:true']);
    now += 61_000;
    await rules.tick();
    expect(told.map((a) => `${a.kind}:${a.open}`)).toEqual(['negative_mood:true', 'negative_mood:false']);
  });

  it('no_video for a live room without a video producer for 10 s; a producer clears it', async () => {
    const { told, rules } = node();
    rules.live('r1');
    now += 9_000;
    await rules.tick();
    expect(told).toEqual([]);
    now += 1_000;
    await rules.tick();
    expect(told.map((a) => `${a.kind}:${a.open}`)).toEqual(['no_video:true']);
    await rules.producerOpened('r1', 'v1', 'video');
    expect(told.map((a) => `${a.kind}:${a.open}`)).toEqual(['no_video:true', 'no_video:false']);
    rules.producerClosed('r1', 'v1');
    now += 10_000;
    await rules.tick();
    expect(told.map((a) => a.open)).toEqual([true, false, true]);
    expect(new Set(told.map((a) => a.id)).size).toBe(2); // raised again: a new alert
  });

  it('acknowledges once: who and when; a second acknowledgement keeps the first', async () => {
    const { told, rules, book } = node();
    await rules.product('r1', product(0));
    const id = told[0]!.id;
    const acked = await book.acknowledge('r1', id, 'ops-alice');
    expect(acked!.acknowledged).toEqual({ by: 'ops-alice', at: now });
    now += 5;
    expect((await book.acknowledge('r1', id, 'ops-bob'))!.acknowledged).toEqual({
      by: 'ops-alice',
      at: now - 5,
    });
    expect(told.map((a) => a.acknowledged?.by ?? null)).toEqual([null, 'ops-alice']);
    expect(await book.acknowledge('other-room', id, 'ops-bob')).toBeNull();
  });
});
