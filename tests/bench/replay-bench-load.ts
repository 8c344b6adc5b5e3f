// Writes the replay bench's stream (replay-bench-data.ts, replay-bench-presence.ts) into the backend's own
// StudioStore, as the live handlers would have written it over two hours: the backend stamps times itself
// (Date.now()), so a past stream cannot be sent through its sockets at live rates in less than its length.
// What goes in, each with the helpers the handlers use:
// - the room (created, live, its host key's hash) and its products; its first live time set to the stream
//   start (rooms.live_started_at: the one column no store method can set to a past time, so plain SQL);
// - comments with their insight from the real InsightEngine (the shipped sentiment model), ids from
//   commentId, stored in batches as the CommentHub does, and each viewer comment's 'comment' fact;
// - orders placed and moved placed -> paying -> paid (or cancelled) through OrdersStore (stock reserved and
//   given back), each change's 'order' fact from orderFact;
// - the live start and pin facts (liveFact, pinFact), the audience's presence, card and click facts
//   (viewerFact), and the 10 s rollups recomputed from all of them (RoomAnalytics, as the hub closes them);
// - the host's marks as stored outbox events ('analytics.mark'); every final caption in 3 languages through
//   the caption store (CaptionLinesStore.add, as the caption archive writes each published batch).
import { randomBytes, randomUUID } from 'node:crypto';
import { liveFact, orderFact, commentFact, pinFact } from '../../server/analytics/viewer-facts';
import type { AnalyticsFact } from '../../core/metrics/facts';
import { RoomAnalytics } from '../../core/metrics/room-analytics';
import type { Caption } from '../../core/protocol/captions';
import type { CommentInsight, Order, Product } from '../../core/protocol/room-events';
import { hashKey } from '../../server/auth/host-key';
import { InsightEngine } from '../../server/insight/insight-engine';
import { ProductMatcher } from '../../server/insight/products';
import { loadSentiment } from '../../server/insight/sentiment';
import { commentId } from '../../server/room/room-handlers';
import type { SqlDatabase } from '../../server/store/sql';
import type { NewComment, StudioStore } from '../../server/store/store';
import { quietLogger } from '../support/quiet-logger';
import { productTitles, Rng, type StreamPlan } from './replay-bench-data';
import { Audience } from './replay-bench-presence';

const WINDOW_MS = 60_000;
const BATCH = 5000;

export interface LoadedStream {
  roomId: string;
  hostKey: string;
  title: string;
  /** Stream time 0, ms since the epoch. */
  liveAt: number;
  productIds: string[];
  /** What went into the store, by kind. */
  counts: Record<string, number>;
  peakOnline: number;
  /** Placed GMV per currency (minor units), orders that were not cancelled. */
  gmv: Record<string, number>;
  /** A few comment and caption texts, for searches that must find something. */
  samples: { comments: string[]; captions: string[] };
  seconds: number;
}

async function inBatches<T>(items: readonly T[], write: (batch: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) await write(items.slice(i, i + BATCH));
}

export async function loadStream(
  store: StudioStore,
  db: SqlDatabase,
  plan: StreamPlan,
  progress: (line: string) => void,
): Promise<LoadedStream> {
  const started = Date.now();
  const { sizes } = plan;
  const rng = new Rng(7);
  const liveAt = started - sizes.durationMs;
  const counts: Record<string, number> = {};
  const count = (kind: string, n: number) => (counts[kind] = (counts[kind] ?? 0) + n);

  // The room, live since liveAt.
  const roomId = randomUUID();
  const hostKey = randomBytes(24).toString('base64url');
  const title = `Replay bench: ${Math.round(sizes.durationMs / 60_000)} min stream`;
  await store.rooms.create(
    { id: roomId, title, hostLanguage: 'zh-CN', status: 'created', createdAt: liveAt - 120_000 },
    hashKey(hostKey),
  );
  await store.rooms.setStatus(roomId, 'live');
  await db.run('UPDATE rooms SET live_started_at = ? WHERE id = ?', [liveAt, roomId]);
  const products: Product[] = [];
  for (let i = 0; i < sizes.products; i++) {
    const p = await store.products.upsert({
      id: randomUUID(),
      roomId,
      titles: productTitles(i),
      prices: { CNY: 4900 + i * 3000, USD: 699 + i * 400 },
      stock: 1_000_000,
      images: [],
      arAsset: null,
      aliases: [],
      pinned: false,
      updatedAt: liveAt - 60_000,
    });
    products.push(p!);
  }
  const productIds = products.map((p) => p.id);
  const lastPin = plan.pins.at(-1)?.product ?? null;
  await store.products.pin(roomId, lastPin === null ? null : productIds[lastPin]!);
  count('room + products', 1 + products.length);

  // Comments, with the insight the gateway computes (once per distinct text: the catalog does not change).
  const sentiment = await loadSentiment(quietLogger);
  const engine = new InsightEngine({ list: async () => products }, sentiment);
  const matcher = new ProductMatcher(products);
  const insight = new Map<string, CommentInsight>();
  const handles = Array.from({ length: plan.commenters }, () => rng.id('u'));
  const subs = handles.map(() => randomUUID());
  const hostHandle = rng.id('u');
  const comments: NewComment[] = plan.comments.map((c) => {
    let x = insight.get(c.text);
    if (!x) insight.set(c.text, (x = engine.analyzeText(c.text, matcher)));
    const handle = c.byHost ? hostHandle : handles[c.commenter]!;
    const sub = c.byHost ? `host-${roomId}` : subs[c.commenter]!;
    return {
      id: commentId(roomId, sub, rng.id('k', 16)),
      roomId,
      t: c.t,
      a: handle,
      n: c.byHost ? 'Host' : `Viewer ${handle.slice(-4)}`,
      text: c.text,
      k: c.byHost ? 'h' : 'v',
      x,
      createdAt: liveAt + c.t,
    };
  });
  await inBatches(comments, (b) => store.comments.add(b));
  count('comments', comments.length);
  progress(`  ${comments.length} comments stored (${insight.size} distinct texts analysed)`);

  // Room facts: live start, pins, viewer comments, every order change.
  const roomFacts: AnalyticsFact[] = [liveFact(roomId, 'start', liveAt, { title, host: 'Bench host' })];
  for (const pin of plan.pins)
    roomFacts.push(pinFact(roomId, pin.product === null ? null : productIds[pin.product]!, liveAt + pin.t));
  for (const c of comments) {
    const f = commentFact(c);
    if (f) roomFacts.push(f);
  }
  const end = liveAt + sizes.durationMs - 1;
  const gmv: Record<string, number> = {};
  const langs = ['zh-CN', 'en', 'es', 'ja'];
  for (const o of plan.orders) {
    const at = liveAt + o.t;
    const placed = await store.orders.place({
      id: randomUUID(),
      roomId,
      productId: productIds[o.product]!,
      buyerId: handles[o.buyer]!,
      quantity: o.quantity,
      currency: o.currency,
      idempotencyKey: rng.id('k', 24),
      now: at,
    });
    if (!placed.ok) throw new Error(`an order could not be placed: ${placed.reason}`);
    const changes: Order[] = [placed.order];
    const move = async (from: Order, to: Order['status'], when: number) => {
      const next = await store.orders.transition(roomId, from.id, from.status, to, Math.min(end, when));
      if (!next) throw new Error(`order ${from.id} did not move ${from.status} -> ${to}`);
      changes.push(next);
      return next;
    };
    if (o.outcome === 'paid') {
      const paying = await move(placed.order, 'paying', at + o.payingAfterMs);
      await move(paying, 'paid', at + o.payingAfterMs + (o.settleAfterMs % 3000));
    } else if (o.outcome === 'cancelled') await move(placed.order, 'cancelled', at + o.settleAfterMs);
    if (o.outcome !== 'cancelled') gmv[o.currency] = (gmv[o.currency] ?? 0) + placed.order.amountMinor;
    for (const change of changes) roomFacts.push(orderFact(change, langs[o.buyer % langs.length]!));
  }
  count('orders', plan.orders.length);
  progress(`  ${plan.orders.length} orders placed and settled`);
  roomFacts.sort((a, b) => a.at - b.at);

  // Facts window by window with the audience's, and the rollups they make, as the hub closes them.
  const audience = new Audience(roomId, sizes.durationMs, sizes.peakViewers, plan.pins, productIds, liveAt);
  const analytics = new RoomAnalytics(roomId);
  let next = 0;
  let rollups = 0;
  let peakOnline = 0;
  for (let from = 0; from < sizes.durationMs; from += WINDOW_MS) {
    const facts = audience.window(from, from + WINDOW_MS);
    while (next < roomFacts.length && roomFacts[next]!.at < liveAt + from + WINDOW_MS)
      facts.push(roomFacts[next++]!);
    facts.sort((a, b) => a.at - b.at);
    await inBatches(facts, (b) => store.analytics.addFacts(b));
    for (const f of facts) {
      analytics.apply(f);
      count(`fact:${f.kind}`, 1);
    }
    const closed = analytics.closeUntil(liveAt + from - WINDOW_MS);
    for (const c of closed) peakOnline = Math.max(peakOnline, c.bucket.room.online);
    await store.analytics.upsertRollups(closed, liveAt + from);
    rollups += closed.length;
    if (from % (20 * WINDOW_MS) === 0 && from > 0)
      progress(
        `  facts stored up to minute ${from / 60_000} (${Math.round((Date.now() - started) / 1000)} s)`,
      );
  }
  // Buckets over by the history's end; the one it ends in is still open, as on the hub (closed after the end).
  const last = analytics.closeUntil(liveAt + sizes.durationMs);
  for (const c of last) peakOnline = Math.max(peakOnline, c.bucket.room.online);
  await store.analytics.upsertRollups(last, end);
  count('rollups (10 s)', rollups + last.length);

  // The host's marks, as the outbox handler stores them.
  for (const m of plan.marks) {
    const at = liveAt + m.t;
    await store.hostEvents.record(
      [{ id: randomUUID(), roomId, type: 'analytics.mark', payload: { label: m.label, at } }],
      at + 300,
    );
  }
  count('marks', plan.marks.length);

  // Every final caption, each utterance's 3 languages published together as the studio does. Caption times
  // run on the host's captions clock (started a little after going live); the server stamps receipt.
  const clockAt = liveAt + 1500;
  const byUtterance = new Map<number, Caption[]>();
  for (const c of plan.captions) {
    const list = byUtterance.get(c.utterance) ?? [];
    list.push({
      id: `u${c.utterance}`,
      lang: c.lang,
      text: c.text,
      final: true,
      startMs: c.startMs - 1500,
      endMs: c.endMs - 1500,
      emittedAt: clockAt + c.endMs - 1500 + 150,
      source: c.lang === 'zh-CN',
      terms: [],
      engine: 'local',
    });
    byUtterance.set(c.utterance, list);
  }
  for (const list of byUtterance.values())
    await store.captionLines.add(roomId, list, clockAt + list[0]!.endMs + 400 + rng.int(500));
  count('captions', plan.captions.length);

  return {
    roomId,
    hostKey,
    title,
    liveAt,
    productIds,
    counts,
    peakOnline,
    gmv,
    samples: {
      comments: comments.filter((_, i) => i % 997 === 0).map((c) => c.text),
      captions: plan.captions.filter((_, i) => i % 101 === 0).map((c) => c.text),
    },
    seconds: (Date.now() - started) / 1000,
  };
}
