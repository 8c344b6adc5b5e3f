// `npm run --silent recommend:eval -- --train TRAIN --test TEST`: session-rec's next-item protocol on
// a train/test pair of click logs (TSV, header session_id/item_id/ts or SessionId/ItemId/Time): every
// prefix of every test session is a query for its next item. Prints HR@20 / MRR@20 and queries/s of
// POP, S-POP, item-kNN, SR, V-SKNN and OURS (plus two ablations: V-SKNN with OURS' settings but no
// fusion, and OURS with the session's items excluded, which shows that choice), then one JSON line. `--export-queries FILE` also writes the prefixes as CLI QUERIES lines
// (ids q0, q1, ...); `--score FILE` scores such a CLI output instead of running the models.
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { evaluateModel, prefixQueries, type PrefixQuery, type Scored } from '../core/recommend/evaluate';
import { HYBRID_VSKNN, HybridModel, tuneOnTrain } from '../core/recommend/hybrid';
import { ItemKnnModel } from '../core/recommend/item-knn';
import { SessionLogBuilder, type SessionLog } from '../core/recommend/log';
import { Popularity, rankItems, type NextItemModel } from '../core/recommend/model';
import { PopModel } from '../core/recommend/pop';
import { SequentialRulesModel } from '../core/recommend/sequential-rules';
import { SessionPopModel } from '../core/recommend/spop';
import { VsknnModel } from '../core/recommend/vsknn';

const USAGE =
  'usage: npm run --silent recommend:eval -- --train TRAIN --test TEST [--export-queries FILE] [--score CLI_OUTPUT]';
const N = 20;

async function readTrain(file: string): Promise<SessionLog> {
  const builder = new SessionLogBuilder();
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    const error = builder.add(line);
    if (error) process.stderr.write(`recommend:eval: ${error.message}\n`);
  }
  return builder.build();
}

/** Test sessions as raw item ids in click order (sessions grouped by id, in order of first click). */
async function readTest(file: string): Promise<string[][]> {
  const sessions = new Map<string, string[]>();
  let first = true;
  let columns = [0, 1];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    const fields = line.split('\t').map((f) => f.trim());
    if (first) {
      first = false;
      const lower = fields.map((f) => f.toLowerCase());
      const s = lower.findIndex((f) => f === 'sessionid' || f === 'session_id');
      const i = lower.findIndex((f) => f === 'itemid' || f === 'item_id');
      if (s >= 0 && i >= 0) {
        columns = [s, i];
        continue;
      }
    }
    const session = fields[columns[0]!];
    const item = fields[columns[1]!];
    if (!session || !item) continue;
    const list = sessions.get(session);
    if (list) list.push(item);
    else sessions.set(session, [item]);
  }
  return [...sessions.values()];
}

function scoreCliOutput(file: string, queries: readonly PrefixQuery[], log: SessionLog): Scored {
  let hits = 0;
  let rr = 0;
  const answers = new Map<string, string[]>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const { id, items } = JSON.parse(line) as { id: string; items: string[] };
    answers.set(id, items);
  }
  queries.forEach((q, i) => {
    const items = answers.get(`q${i}`) ?? [];
    const at = q.target < 0 ? -1 : items.slice(0, N).indexOf(log.names[q.target]!);
    if (at >= 0) {
      hits++;
      rr += 1 / (at + 1);
    }
  });
  return { hr: hits / queries.length, mrr: rr / queries.length, queries: queries.length, seconds: 0 };
}

/** OURS with the session's own items left out of the list: measures the reminder choice. */
function excludingSession(model: NextItemModel, pop: Popularity): NextItemModel {
  return {
    name: 'OURS, session items excluded',
    score: (session) => {
      const scores = model.score(session);
      for (const item of session) scores.delete(item);
      return new Map(rankItems(scores, pop, N, new Set(session)).map((item, i) => [item, N - i]));
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      train: { type: 'string' },
      test: { type: 'string' },
      'export-queries': { type: 'string' },
      score: { type: 'string' },
    },
  });
  if (!values.train || !values.test) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const log = await readTrain(values.train);
  const test = await readTest(values.test);
  const queries = prefixQueries(log, test);
  const unknownTargets = queries.filter((q) => q.target < 0).length;
  if (values['export-queries']) {
    let text = '';
    let at = 0;
    for (const ids of test)
      for (let i = 1; i < ids.length; i++)
        text += `${JSON.stringify({ id: `q${at++}`, items: ids.slice(0, i) })}\n`;
    writeFileSync(values['export-queries'], text);
  }
  if (values.score) {
    const r = scoreCliOutput(values.score, queries, log);
    process.stdout.write(
      `CLI output ${values.score}: HR@20 ${(r.hr * 100).toFixed(2)}  MRR@20 ${(r.mrr * 100).toFixed(2)}  (${r.queries} queries)\n`,
    );
    process.stdout.write(`${JSON.stringify({ queries: r.queries, hr20: r.hr, mrr20: r.mrr })}\n`);
    return;
  }
  const pop = new Popularity(log);
  const started = Date.now();
  const tuning = tuneOnTrain(log);
  const ours = new HybridModel(log, tuning.weights);
  const oursTrainSeconds = (Date.now() - started) / 1000;
  const models: NextItemModel[] = [
    new PopModel(log, pop),
    new SessionPopModel(log, pop),
    new ItemKnnModel(log),
    new SequentialRulesModel(log),
    new VsknnModel(log),
    new VsknnModel(log, HYBRID_VSKNN, 'V-SKNN, OURS settings'),
    ours,
    excludingSession(ours, pop),
  ];
  const cores = availableParallelism();
  process.stdout.write(
    `train: ${log.sessions.length} sessions, ${log.names.length} items; test: ${test.length} sessions, ${queries.length} prefix queries (${unknownTargets} with a next item not in train); ${cores} cores\n`,
  );
  process.stdout.write(
    `OURS weights ${JSON.stringify(tuning.weights)} (${tuning.source} on ${tuning.validationQueries} TRAIN last-day queries, ${oursTrainSeconds.toFixed(1)} s to tune and train)\n\n`,
  );
  process.stdout.write(`| model | HR@20 | MRR@20 | queries/s |\n|---|---:|---:|---:|\n`);
  const results: Record<string, { hr20: number; mrr20: number; qps: number }> = {};
  for (const model of models) {
    const r = evaluateModel(model, pop, queries, N);
    const qps = r.queries / Math.max(r.seconds, 1e-9);
    results[model.name] = { hr20: r.hr, mrr20: r.mrr, qps: Math.round(qps) };
    process.stdout.write(
      `| ${model.name} | ${(r.hr * 100).toFixed(2)} | ${(r.mrr * 100).toFixed(2)} | ${Math.round(qps)} |\n`,
    );
  }
  const baselines = ['POP', 'S-POP', 'item-kNN', 'SR', 'V-SKNN'];
  const best = Math.max(...baselines.map((b) => results[b]!.mrr20));
  process.stdout.write(
    `\n${JSON.stringify({ queries: queries.length, cores, weights: tuning.weights, results, mrr20: results.OURS!.mrr20, mrr20_best_baseline: best, beats_all_baselines: results.OURS!.mrr20 > best })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`recommend:eval: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
