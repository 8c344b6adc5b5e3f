// POP (session-rec baselines/pop.py): every query gets the globally most clicked items of TRAIN.
import type { SessionLog } from './log';
import { Popularity, type ItemScores, type NextItemModel } from './model';

export class PopModel implements NextItemModel {
  readonly name = 'POP';
  private readonly scores: ItemScores = new Map();
  constructor(log: SessionLog, pop = new Popularity(log), top = 100) {
    const max = pop.counts[pop.order[0] ?? 0] ?? 1;
    for (const item of pop.order.subarray(0, top)) this.scores.set(item, pop.counts[item]! / max);
  }
  score(): ItemScores {
    return new Map(this.scores);
  }
}
