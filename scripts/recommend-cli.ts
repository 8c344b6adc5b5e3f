// `npm run --silent recommend -- --train TRAIN.tsv --queries QUERIES.jsonl`: trains the session-based
// recommender (core/recommend, OURS) on TRAIN (TSV, header session_id<TAB>item_id<TAB>ts; session-rec's
// SessionId<TAB>ItemId<TAB>Time too), then answers each QUERIES line {"id":..,"items":[..]} with
// {"id":..,"items":[20 item ids, best first]} on stdout, in order, as it goes. A bad line of either file
// is a typed error on stderr ("recommend: queries line 7: bad_json: ...") and the rest goes on; items
// TRAIN never saw are ignored (a query of only unknown items gets the popular items). `-` reads stdin.
import { parseArgs } from 'node:util';
import { inputLines, JsonlOut } from './lib/line-io';
import { HybridModel } from '../core/recommend/hybrid';
import { knownItems, SessionLogBuilder, type RecommendInputError } from '../core/recommend/log';
import { Popularity, rankItems } from '../core/recommend/model';
import { parseQueryLine } from '../core/recommend/query';

const USAGE = 'usage: npm run --silent recommend -- --train TRAIN.tsv --queries QUERIES.jsonl [--n 20]';

function fail(message: string, code: number): never {
  process.stderr.write(`recommend: ${message}\n`);
  process.exit(code);
}

function options(): { train: string; queries: string; n: number } {
  try {
    const { values } = parseArgs({
      options: {
        train: { type: 'string' },
        queries: { type: 'string' },
        n: { type: 'string', default: '20' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stderr.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (!values.train) fail(`no --train file\n${USAGE}`, 2);
    if (!values.queries) fail(`no --queries file\n${USAGE}`, 2);
    if (values.train === '-' && values.queries === '-')
      fail('only one of --train and --queries can be stdin', 2);
    const n = Number(values.n);
    if (!Number.isInteger(n) || n < 1) fail(`--n must be a positive integer, got ${values.n}`, 2);
    return { train: values.train, queries: values.queries, n };
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
}

const lines = (file: string) => inputLines(file, (_code, message) => fail(message, 2));

const report = (error: RecommendInputError): void => {
  process.stderr.write(`recommend: ${error.message}\n`);
};

async function main(): Promise<void> {
  const { train, queries, n } = options();
  const builder = new SessionLogBuilder();
  for await (const line of lines(train)) {
    const error = builder.add(line);
    if (error) report(error);
  }
  const log = builder.build();
  const pop = new Popularity(log);
  const model = new HybridModel(log);

  const out = new JsonlOut();
  let lineNo = 0;
  for await (const raw of lines(queries)) {
    lineNo++;
    const line = lineNo === 1 ? raw.replace(/^\ufeff/, '') : raw;
    if (line.trim() === '') continue;
    const { query, error } = parseQueryLine(line, lineNo);
    if (error) report(error);
    if (!query) continue;
    const ids = rankItems(model.score(knownItems(log, query.items)), pop, n).map((i) => log.names[i]!);
    await out.write({ id: query.id, items: ids });
  }
  out.end();
}

main().catch((error: unknown) => fail((error as Error).stack ?? String(error), 1));
