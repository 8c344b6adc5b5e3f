// SR, sequential rules (session-rec baselines/sr.py): a rule a -> b gains 1/d each time b is clicked d
// steps after a (d <= steps) in a TRAIN session; the last clicked item's rules score the candidates.
// Each item keeps its `pruning` strongest rules.
import type { SessionLog } from './log';
import type { ItemScores, NextItemModel } from './model';

export interface SequentialRulesOptions {
  /** Largest step distance that makes a rule (session-rec default 10). */
  steps: number;
  /** Rules kept per item, 0 for all (session-rec default 20). */
  pruning: number;
}

export const SEQUENTIAL_RULES_DEFAULTS: SequentialRulesOptions = { steps: 10, pruning: 20 };

export class SequentialRulesModel implements NextItemModel {
  readonly name = 'SR';
  private readonly rules: ItemScores[];

  constructor(log: SessionLog, options: Partial<SequentialRulesOptions> = {}) {
    const o = { ...SEQUENTIAL_RULES_DEFAULTS, ...options };
    const rules: ItemScores[] = Array.from({ length: log.names.length }, () => new Map());
    for (const s of log.sessions) {
      const items = s.items;
      for (let k = 1; k < items.length; k++) {
        const item = items[k]!;
        for (let d = 1; d <= o.steps && k - d >= 0; d++) {
          const prev = items[k - d]!;
          if (prev === item) continue;
          const row = rules[prev]!;
          row.set(item, (row.get(item) ?? 0) + 1 / d);
        }
      }
    }
    this.rules =
      o.pruning > 0
        ? rules.map((row) =>
            row.size <= o.pruning
              ? row
              : new Map([...row].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, o.pruning)),
          )
        : rules;
  }

  score(session: readonly number[]): ItemScores {
    const last = session[session.length - 1];
    return last === undefined ? new Map() : new Map(this.rules[last]);
  }
}
