// "You may also like" for one room: every viewer's trail of products (the cards they clicked, what they
// bought), oldest first, and the room's sales. A viewer's next products come from the session recommender
// the offline contract measures (core/recommend: V-SKNN, sequential rules and item-kNN fused), trained on
// the room's trails; a viewer with no trail, or one the model knows nothing about, gets the best sellers.
import { HYBRID_DEFAULT_WEIGHTS, HybridModel } from '../../core/recommend/hybrid';
import type { SessionLog, TrainSession } from '../../core/recommend/log';
import { Popularity, rankItems } from '../../core/recommend/model';

/** Trails kept per room (the oldest are dropped), and products per trail. */
const MAX_TRAILS = 20_000;
const MAX_TRAIL = 50;
/** The model is trained again at most this often, and only when trails changed. */
const RETRAIN_MS = 2_000;

interface Trained {
  log: SessionLog;
  model: HybridModel;
  pop: Popularity;
}

export class SessionTrails {
  private readonly trails = new Map<string, { items: string[]; lastAt: number }>();
  private readonly sales = new Map<string, number>();
  private trained: Trained | null = null;
  private trainedAt = 0;
  private changed = false;

  /** `who` saw, clicked or bought `productId` at `at`. */
  add(who: string, productId: string, at: number): void {
    let trail = this.trails.get(who);
    if (!trail) {
      if (this.trails.size >= MAX_TRAILS) this.trails.delete(this.trails.keys().next().value!);
      trail = { items: [], lastAt: at };
      this.trails.set(who, trail);
    }
    if (trail.items.at(-1) !== productId) {
      trail.items.push(productId);
      if (trail.items.length > MAX_TRAIL) trail.items.shift();
      this.changed = true;
    }
    trail.lastAt = Math.max(trail.lastAt, at);
  }

  sold(productId: string): void {
    this.sales.set(productId, (this.sales.get(productId) ?? 0) + 1);
  }

  /** The products `who` (one or more of a viewer's keys) went through, oldest first. */
  trailOf(keys: readonly string[]): string[] {
    const parts = keys
      .map((k) => this.trails.get(k))
      .filter((t) => t !== undefined)
      .sort((a, b) => a.lastAt - b.lastAt);
    return parts.flatMap((t) => t.items);
  }

  /** Products by units sold, best first; unsold ones keep `catalog` order after them. */
  bestSellers(catalog: readonly string[]): string[] {
    const rank = new Map(catalog.map((id, i) => [id, i]));
    return [...catalog].sort(
      (a, b) => (this.sales.get(b) ?? 0) - (this.sales.get(a) ?? 0) || rank.get(a)! - rank.get(b)!,
    );
  }

  /** The next products for a trail, best first (only those the model has evidence for). */
  next(trail: readonly string[], n: number, now: number): string[] {
    const t = this.model(now);
    if (!t || trail.length === 0) return [];
    const session = trail.map((id) => t.log.index.get(id)).filter((i) => i !== undefined);
    if (session.length === 0) return [];
    const scores = t.model.score(session);
    if (![...scores.values()].some((s) => s > 0)) return [];
    const ranked = rankItems(scores, t.pop, n, new Set(session.slice(-1)));
    return ranked.filter((i) => (scores.get(i) ?? 0) > 0).map((i) => t.log.names[i]!);
  }

  private model(now: number): Trained | null {
    if (this.trained && (!this.changed || now - this.trainedAt < RETRAIN_MS)) return this.trained;
    const names: string[] = [];
    const index = new Map<string, number>();
    const sessions: TrainSession[] = [];
    for (const trail of this.trails.values()) {
      if (trail.items.length < 2) continue;
      const items = trail.items.map((id) => {
        let i = index.get(id);
        if (i === undefined) {
          i = names.length;
          names.push(id);
          index.set(id, i);
        }
        return i;
      });
      sessions.push({ items, lastTs: trail.lastAt / 1000 });
    }
    this.changed = false;
    this.trainedAt = now;
    if (sessions.length === 0) return (this.trained = null);
    sessions.sort((a, b) => a.lastTs - b.lastTs);
    const log: SessionLog = { names, index, sessions };
    this.trained = { log, model: new HybridModel(log, HYBRID_DEFAULT_WEIGHTS), pop: new Popularity(log) };
    return this.trained;
  }
}
