// What every next-item model is: given the session so far (known items, oldest first) it scores candidate
// items; ranking, popularity fill-in and the "exactly N, no duplicates" rule live here, once.
import type { SessionLog } from './log';

/** Candidate item -> score; higher is better. Items not in the map have no evidence. */
export type ItemScores = Map<number, number>;

export interface NextItemModel {
  readonly name: string;
  /** Scores candidates for the item after `session` (item numbers, oldest first, maybe empty). */
  score(session: readonly number[]): ItemScores;
}

/** Click counts per item over the whole log, and the items by descending count (ties: first seen). */
export class Popularity {
  readonly counts: Float64Array;
  readonly order: Int32Array;
  constructor(log: SessionLog) {
    this.counts = new Float64Array(log.names.length);
    for (const s of log.sessions) for (const item of s.items) this.counts[item]! += 1;
    const order = Int32Array.from(log.names.keys());
    order.sort((a, b) => this.counts[b]! - this.counts[a]! || a - b);
    this.order = order;
  }
}

/**
 * The top `n` items by score, ties broken by popularity; when fewer than `n` items have a score the
 * list is filled with the most popular others, so it has min(n, catalogue) distinct items.
 * `exclude` items (e.g. the session's own) are left out.
 */
export function rankItems(
  scores: ItemScores,
  pop: Popularity,
  n: number,
  exclude?: ReadonlySet<number>,
): number[] {
  const entries: [number, number][] = [];
  for (const [item, s] of scores) if (s > 0 && !exclude?.has(item)) entries.push([item, s]);
  const counts = pop.counts;
  const better = (a: [number, number], b: [number, number]): number =>
    b[1] - a[1] || counts[b[0]]! - counts[a[0]]! || a[0] - b[0];
  let top: [number, number][];
  if (entries.length > n * 4) {
    // Partial selection: keep a sorted window of n while scanning.
    top = [];
    for (const e of entries) {
      if (top.length === n && better(e, top[n - 1]!) >= 0) continue;
      let i = top.length;
      if (top.length === n) {
        top.pop();
        i = n - 1;
      }
      while (i > 0 && better(e, top[i - 1]!) < 0) i--;
      top.splice(i, 0, e);
    }
  } else {
    top = entries.sort(better).slice(0, n);
  }
  const out = top.map((e) => e[0]);
  if (out.length < n) {
    const taken = new Set(out);
    for (const item of pop.order) {
      if (out.length >= n) break;
      if (!taken.has(item) && !exclude?.has(item)) out.push(item);
    }
  }
  return out;
}

/** Scales scores so the best is 1 (a no-op for an empty map). */
export function normalizeMax(scores: ItemScores): ItemScores {
  let max = 0;
  for (const s of scores.values()) if (s > max) max = s;
  if (max > 0 && max !== 1) for (const [k, s] of scores) scores.set(k, s / max);
  return scores;
}
