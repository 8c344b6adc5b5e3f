// V-SKNN, vector-multiplication session kNN (session-rec knn/vsknn.py, Ludewig & Jannach 2018):
// candidate neighbours are the `sampleSize` most recent TRAIN sessions sharing an item with the query;
// similarity is the dot product of the query vector, whose positions decay towards the oldest click,
// with the neighbour's binary item vector; the k most similar neighbours vote for their items with their
// similarity times 1/step, step = how far back the most recent query item they share was clicked.
import type { SessionLog } from './log';
import type { ItemScores, NextItemModel } from './model';

/** Weight of the query's click at 1-based position i of length n. */
export type PositionDecay = 'linear' | 'div' | 'quadratic' | 'same';

export interface VsknnOptions {
  k: number;
  sampleSize: number;
  decay: PositionDecay;
  /** 'div' scores a neighbour's items by 1/step (session-rec weighting_score), 'same' by 1. */
  scoreDecay: 'div' | 'same';
  /** IDF weighting of a neighbour's items: score * (1 + idfWeight * idf); 0 is off. */
  idfWeight: number;
  /**
   * Not in session-rec's V-SKNN (STAN-style, Garg et al. 2019): a neighbour's item at distance d from
   * the shared item's position in that neighbour votes exp(-(d - 1) / neighbourPositionDecay); 0 is off.
   */
  neighbourPositionDecay: number;
  /** Not in session-rec's V-SKNN: a neighbour that ended t days before TRAIN's end weighs exp(-t / this); 0 is off. */
  recencyDays: number;
}

/** session-rec's V-SKNN configuration: k=100, sample 500 recent, linear decay as in the paper, 1/step. */
export const VSKNN_DEFAULTS: VsknnOptions = {
  k: 100,
  sampleSize: 500,
  decay: 'linear',
  scoreDecay: 'div',
  idfWeight: 0,
  neighbourPositionDecay: 0,
  recencyDays: 0,
};

export function positionWeight(decay: PositionDecay, i: number, n: number): number {
  switch (decay) {
    case 'linear':
      return Math.max(0, 1 - 0.1 * (n - i));
    case 'div':
      return i / n;
    case 'quadratic':
      return (i / n) ** 2;
    case 'same':
      return 1;
  }
}

export class VsknnModel implements NextItemModel {
  readonly name: string;
  private readonly options: VsknnOptions;
  private readonly sessionItems: Set<number>[];
  private readonly itemSessions: Int32Array[];
  private readonly idf: Float64Array;
  private readonly sequences: readonly (readonly number[])[];
  private readonly age: Float64Array;

  constructor(log: SessionLog, options: Partial<VsknnOptions> = {}, name = 'V-SKNN') {
    this.name = name;
    this.options = { ...VSKNN_DEFAULTS, ...options };
    this.sessionItems = log.sessions.map((s) => new Set(s.items));
    this.sequences = log.sessions.map((s) => s.items);
    const end = log.sessions[log.sessions.length - 1]?.lastTs ?? 0;
    this.age = Float64Array.from(log.sessions, (s) => (end - s.lastTs) / 86_400);
    const lists: number[][] = Array.from({ length: log.names.length }, () => []);
    // Sessions are sorted oldest first, so every list is ascending: a larger index is more recent.
    this.sessionItems.forEach((items, sessionIndex) => {
      for (const item of items) lists[item]!.push(sessionIndex);
    });
    this.itemSessions = lists.map((l) => Int32Array.from(l));
    const total = Math.max(1, log.sessions.length);
    this.idf = Float64Array.from(lists, (l) => (l.length > 0 ? Math.log(total / l.length) : 0));
  }

  /** The sampleSize most recent sessions containing any of `items` (merging the per-item lists). */
  private candidates(items: readonly number[]): number[] {
    const lists = items.map((i) => this.itemSessions[i]!).filter((l) => l.length > 0);
    const heads = lists.map((l) => l.length - 1);
    const out: number[] = [];
    while (out.length < this.options.sampleSize) {
      let best = -1;
      for (let l = 0; l < lists.length; l++)
        if (heads[l]! >= 0 && lists[l]![heads[l]!]! > best) best = lists[l]![heads[l]!]!;
      if (best < 0) break;
      out.push(best);
      for (let l = 0; l < lists.length; l++) if (heads[l]! >= 0 && lists[l]![heads[l]!] === best) heads[l]!--;
    }
    return out;
  }

  /** The k nearest neighbours as [session index, similarity], most similar first. */
  neighbours(session: readonly number[]): [number, number][] {
    const n = session.length;
    const weights = new Map<number, number>();
    // A repeated item keeps the weight of its latest position.
    session.forEach((item, i) => weights.set(item, positionWeight(this.options.decay, i + 1, n)));
    const unique = [...weights.keys()];
    const scored: [number, number][] = [];
    for (const s of this.candidates(unique)) {
      const items = this.sessionItems[s]!;
      let dot = 0;
      for (const item of unique) if (items.has(item)) dot += weights.get(item)!;
      if (dot <= 0) continue;
      const { recencyDays } = this.options;
      scored.push([s, (dot / unique.length) * (recencyDays > 0 ? Math.exp(-this.age[s]! / recencyDays) : 1)]);
    }
    scored.sort((a, b) => b[1] - a[1] || b[0] - a[0]);
    return scored.slice(0, this.options.k);
  }

  score(session: readonly number[]): ItemScores {
    const scores: ItemScores = new Map();
    if (session.length === 0) return scores;
    const { scoreDecay, idfWeight, neighbourPositionDecay } = this.options;
    const add = (item: number, vote: number): void => {
      const v = idfWeight > 0 ? vote * (1 + idfWeight * this.idf[item]!) : vote;
      scores.set(item, (scores.get(item) ?? 0) + v);
    };
    for (const [s, sim] of this.neighbours(session)) {
      const items = this.sessionItems[s]!;
      let step = 1;
      let i = session.length - 1;
      for (; i >= 0 && !items.has(session[i]!); i--) step++;
      const vote = scoreDecay === 'div' ? sim / step : sim;
      if (neighbourPositionDecay > 0) {
        // Each item once, at its distance closest to the shared item's last position in the neighbour.
        const seq = this.sequences[s]!;
        const at = seq.lastIndexOf(session[i]!);
        const best = new Map<number, number>();
        seq.forEach((item, j) => {
          const w = Math.exp(-Math.max(0, Math.abs(j - at) - 1) / neighbourPositionDecay);
          if (w > (best.get(item) ?? 0)) best.set(item, w);
        });
        for (const [item, w] of best) add(item, vote * w);
      } else {
        for (const item of items) add(item, vote);
      }
    }
    return scores;
  }
}
