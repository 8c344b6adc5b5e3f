// S-POP (session-rec baselines/spop.py): items clicked most often in the current session first, then the
// global popularity. The session count dominates; global popularity (scaled below 1) breaks ties and fills.
import type { SessionLog } from './log';
import { Popularity, type ItemScores, type NextItemModel } from './model';

export class SessionPopModel implements NextItemModel {
  readonly name = 'S-POP';
  private readonly global: ItemScores = new Map();
  constructor(log: SessionLog, pop = new Popularity(log), top = 100) {
    const max = pop.counts[pop.order[0] ?? 0] ?? 1;
    for (const item of pop.order.subarray(0, top)) this.global.set(item, (pop.counts[item]! / max) * 0.5);
  }
  score(session: readonly number[]): ItemScores {
    const scores = new Map(this.global);
    for (const item of session)
      scores.set(item, Math.floor(scores.get(item) ?? 0) + 1 + (this.global.get(item) ?? 0));
    return scores;
  }
}
