// session-rec's next-item protocol: every prefix (length >= 1) of every test session is a query for the
// item that follows it; HR@N and MRR@N over all queries. Items the training log never saw are dropped
// from a query and, as a target, can never be hit but still count.
import type { Catalogue, SessionLog } from './log';
import { rankItems, type NextItemModel, type Popularity } from './model';

export interface PrefixQuery {
  /** Known items of the prefix, oldest first. */
  session: number[];
  /** The next item, or -1 when TRAIN does not know it. */
  target: number;
}

/** Prefix queries of sessions given as raw item ids in click order. */
export function prefixQueries(catalogue: Catalogue, sessions: Iterable<readonly string[]>): PrefixQuery[] {
  const out: PrefixQuery[] = [];
  for (const ids of sessions) {
    const known: number[] = [];
    for (let i = 0; i < ids.length - 1; i++) {
      const item = catalogue.index.get(ids[i]!);
      if (item !== undefined) known.push(item);
      out.push({ session: known.slice(), target: catalogue.index.get(ids[i + 1]!) ?? -1 });
    }
  }
  return out;
}

export interface Scored {
  hr: number;
  mrr: number;
  queries: number;
  seconds: number;
}

export function evaluateModel(
  model: NextItemModel,
  pop: Popularity,
  queries: readonly PrefixQuery[],
  n = 20,
): Scored {
  let hits = 0;
  let rr = 0;
  const started = performance.now();
  for (const q of queries) {
    const list = rankItems(model.score(q.session), pop, n);
    const at = q.target < 0 ? -1 : list.indexOf(q.target);
    if (at >= 0) {
      hits++;
      rr += 1 / (at + 1);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const count = Math.max(1, queries.length);
  return { hr: hits / count, mrr: rr / count, queries: queries.length, seconds };
}

/**
 * A time split of a training log for tuning: sessions ending in the last `days` days are validation
 * (as raw item-number sessions), the rest train. Null when either side would be empty.
 */
export function timeSplit(log: SessionLog, days = 1): { train: SessionLog; validation: number[][] } | null {
  const sessions = log.sessions;
  if (sessions.length < 2) return null;
  const cut = sessions[sessions.length - 1]!.lastTs - days * 86_400;
  let at = sessions.findIndex((s) => s.lastTs > cut);
  if (at <= 0) at = Math.floor(sessions.length * 0.9);
  if (at <= 0 || at >= sessions.length) return null;
  return {
    train: { names: log.names, index: log.index, sessions: sessions.slice(0, at) },
    validation: sessions.slice(at).map((s) => s.items),
  };
}

/** Prefix queries of already interned sessions, at most `limit` of them spread evenly. */
export function internalPrefixQueries(sessions: readonly number[][], limit = Infinity): PrefixQuery[] {
  const all: PrefixQuery[] = [];
  for (const items of sessions) {
    for (let i = 1; i < items.length; i++) all.push({ session: items.slice(0, i), target: items[i]! });
  }
  if (all.length <= limit) return all;
  const step = all.length / limit;
  return Array.from({ length: limit }, (_, i) => all[Math.floor(i * step)]!);
}
