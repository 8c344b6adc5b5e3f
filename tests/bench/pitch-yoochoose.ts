// The YOOCHOOSE side of `npm run bench -- pitch`: the click log's item statistics (the simulated products'
// popularity and appeal), and the next-item recommender measured the way the recommend CLI runs it:
// MRR@20 of OURS and of the best of session-rec's five baselines over the test prefixes, and queries/s of
// answering QUERIES lines in-process (parse the line, score, rank 20, write the JSON answer).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateModel, prefixQueries, type PrefixQuery } from '../../core/recommend/evaluate';
import {
  HYBRID_DEFAULT_WEIGHTS,
  HybridModel,
  tuneOnTrain,
  type HybridWeights,
} from '../../core/recommend/hybrid';
import { ItemKnnModel } from '../../core/recommend/item-knn';
import { knownItems, SessionLogBuilder, type SessionLog } from '../../core/recommend/log';
import { Popularity, rankItems } from '../../core/recommend/model';
import { PopModel } from '../../core/recommend/pop';
import { parseQueryLine } from '../../core/recommend/query';
import { SequentialRulesModel } from '../../core/recommend/sequential-rules';
import { SessionPopModel } from '../../core/recommend/spop';
import { VsknnModel } from '../../core/recommend/vsknn';
import type { ItemStats } from './pitch-sim';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const YOOCHOOSE = 'ecommerce/yoochoose';
const TRAIN = 'yoochoose-clicks-100k_train_full.txt';
const TEST = 'yoochoose-clicks-100k_test.txt';

export interface ClickData {
  source: string;
  trainLines: string[];
  /** Test sessions as item ids in click order. */
  test: string[][];
}

/** The shared YOOCHOOSE 100k split, or (without ../shared/data) the repo's 300-click slice split 80/20. */
export function loadClicks(): ClickData {
  const dirs = [
    process.env.LIVEBRIDGE_DATA_DIR,
    path.resolve(HERE, '../../../shared/data'),
    path.resolve(HERE, '../../../../shared/data'),
  ].filter((d): d is string => !!d);
  for (const dir of dirs) {
    const train = path.join(dir, YOOCHOOSE, TRAIN);
    const test = path.join(dir, YOOCHOOSE, TEST);
    if (existsSync(train) && existsSync(test)) {
      return { source: `YOOCHOOSE 100k (${train})`, trainLines: lines(train), test: sessionsOf(lines(test)) };
    }
  }
  return fixtureClicks();
}

/** The repo's 300-click YOOCHOOSE slice, its first 80% of sessions as TRAIN, the rest as test. */
export function fixtureClicks(): ClickData {
  const slice = lines(path.resolve(HERE, '../fixtures/recommend/yoochoose-train-300.tsv'));
  const ids = [...new Set(slice.slice(1).map((l) => l.split('\t')[0]!.trim()))];
  const trainIds = new Set(ids.slice(0, Math.floor(ids.length * 0.8)));
  const inTrain = (l: string): boolean => trainIds.has(l.split('\t')[0]!.trim());
  return {
    source: 'tests/fixtures/recommend/yoochoose-train-300.tsv (no ../shared/data: a 300-click slice, 80/20)',
    trainLines: [slice[0]!, ...slice.slice(1).filter(inTrain)],
    test: sessionsOf([slice[0]!, ...slice.slice(1).filter((l) => !inTrain(l))]),
  };
}

function lines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

function sessionsOf(all: string[]): string[][] {
  const sessions = new Map<string, string[]>();
  for (const line of all.slice(1)) {
    const [session, item] = line.split('\t').map((f) => f.trim());
    if (!session || !item) continue;
    const list = sessions.get(session);
    if (list) list.push(item);
    else sessions.set(session, [item]);
  }
  return [...sessions.values()];
}

/** Per item: clicks, sessions and sessions that clicked it twice or more. */
export function itemStats(trainLines: string[]): ItemStats[] {
  const stats = new Map<string, ItemStats>();
  for (const items of sessionsOf(trainLines)) {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
    for (const [id, n] of counts) {
      const s = stats.get(id) ?? { id, clicks: 0, sessions: 0, repeatSessions: 0 };
      s.clicks += n;
      s.sessions++;
      if (n >= 2) s.repeatSessions++;
      stats.set(id, s);
    }
  }
  return [...stats.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

export interface RecommendFigures {
  queries: number;
  trainSeconds: number;
  weights: HybridWeights;
  weightsSource: string;
  qps: number;
  mrr: Record<string, number>;
  oursMrr: number;
  bestBaseline: string;
  bestBaselineMrr: number;
}

/** Every `step`-th prefix query, at most `limit`. */
function spread<T>(all: readonly T[], limit: number): T[] {
  if (all.length <= limit) return [...all];
  const step = all.length / limit;
  return Array.from({ length: limit }, (_, i) => all[Math.floor(i * step)]!);
}

export function measureRecommend(data: ClickData, maxQueries: number, tune: boolean): RecommendFigures {
  const builder = new SessionLogBuilder();
  for (const line of data.trainLines) builder.add(line);
  const log: SessionLog = builder.build();
  const started = performance.now();
  const tuning = tune ? tuneOnTrain(log) : null;
  const weights = tuning?.weights ?? HYBRID_DEFAULT_WEIGHTS;
  const ours = new HybridModel(log, weights);
  const trainSeconds = (performance.now() - started) / 1000;
  const pop = new Popularity(log);
  // The CLI's QUERIES lines: every prefix of every test session (ids q0, q1, ...), same order as the queries.
  const allLines: string[] = [];
  for (const ids of data.test)
    for (let i = 1; i < ids.length; i++)
      allLines.push(JSON.stringify({ id: `q${allLines.length}`, items: ids.slice(0, i) }));
  const queries: PrefixQuery[] = spread(prefixQueries(log, data.test), maxQueries);
  const queryLines = spread(allLines, maxQueries);
  const t = performance.now();
  let out = 0;
  queryLines.forEach((line, i) => {
    const { query } = parseQueryLine(line, i + 1);
    if (!query) return;
    const ids = rankItems(ours.score(knownItems(log, query.items)), pop, 20).map((item) => log.names[item]!);
    out += JSON.stringify({ id: query.id, items: ids }).length + 1;
  });
  const qps = queryLines.length / Math.max(1e-9, (performance.now() - t) / 1000);
  if (out === 0 && queryLines.length > 0) throw new Error('recommend answered nothing');
  const mrr: Record<string, number> = {};
  for (const model of [
    new PopModel(log, pop),
    new SessionPopModel(log, pop),
    new ItemKnnModel(log),
    new SequentialRulesModel(log),
    new VsknnModel(log),
    ours,
  ])
    mrr[model.name] = evaluateModel(model, pop, queries, 20).mrr;
  const baselines = ['POP', 'S-POP', 'item-kNN', 'SR', 'V-SKNN'];
  const bestBaseline = baselines.reduce((a, b) => (mrr[b]! > mrr[a]! ? b : a));
  return {
    queries: queries.length,
    trainSeconds,
    weights,
    weightsSource: tuning ? tuning.source : 'default (smoke: not tuned)',
    qps,
    mrr,
    oursMrr: mrr.OURS!,
    bestBaseline,
    bestBaselineMrr: mrr[bestBaseline]!,
  };
}
