// item-kNN (session-rec knn/iknn.py): the last clicked item's neighbours by co-occurrence in TRAIN
// sessions, cosine-like normalised: sim(i, j) = co(i, j) / ((supp(i) + lambda)^alpha * (supp(j) + lambda)^(1-alpha)),
// co counted over click pairs of a session, supp = clicks of the item. Keeps the n_sims best per item.
import type { SessionLog } from './log';
import type { ItemScores, NextItemModel } from './model';

export interface ItemKnnOptions {
  /** Neighbours kept per item (session-rec default 100). */
  neighbours: number;
  /** Shrinkage added to the supports (session-rec default 20). */
  lambda: number;
  /** Asymmetry of the normalisation; 0.5 is cosine (session-rec default). */
  alpha: number;
}

export const ITEM_KNN_DEFAULTS: ItemKnnOptions = { neighbours: 100, lambda: 20, alpha: 0.5 };

export class ItemKnnModel implements NextItemModel {
  readonly name = 'item-kNN';
  private readonly sims: ItemScores[];

  constructor(log: SessionLog, options: Partial<ItemKnnOptions> = {}) {
    const o = { ...ITEM_KNN_DEFAULTS, ...options };
    const n = log.names.length;
    const supp = new Float64Array(n);
    const co: Map<number, number>[] = Array.from({ length: n }, () => new Map());
    for (const s of log.sessions) {
      const counts = new Map<number, number>();
      for (const item of s.items) counts.set(item, (counts.get(item) ?? 0) + 1);
      for (const [i, ci] of counts) {
        supp[i]! += ci;
        const row = co[i]!;
        for (const [j, cj] of counts) if (j !== i) row.set(j, (row.get(j) ?? 0) + ci * cj);
      }
    }
    this.sims = co.map((row, i) => {
      const scored: [number, number][] = [];
      for (const [j, c] of row) {
        scored.push([j, c / ((supp[i]! + o.lambda) ** o.alpha * (supp[j]! + o.lambda) ** (1 - o.alpha))]);
      }
      scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      return new Map(scored.slice(0, o.neighbours));
    });
  }

  score(session: readonly number[]): ItemScores {
    const last = session[session.length - 1];
    return last === undefined ? new Map() : new Map(this.sims[last]);
  }
}
