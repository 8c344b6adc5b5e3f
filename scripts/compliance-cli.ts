// `npm run --silent compliance -- --market CN --in FILE`: checks one host utterance per line of FILE
// (`-` reads stdin) against the market's rule pack (assets/compliance) and prints one JSON line per input
// line, in order: {"flags":[{"category","rule","text","severity","citation"}]} (no flags: compliant).
// The languages of each line come from its scripts (core/compliance languagesOf). An unknown market, a
// missing file or a pack that does not validate is a typed error on stderr and exit 2; a line that cannot
// be checked is answered with no flags and an error on stderr.
import { parseArgs } from 'node:util';
import { inputLines, JsonlOut } from './lib/line-io';
import path from 'node:path';
import { checkLine, resolveMarket, type Flag } from '../core/compliance';
import { loadPacks, PACK_DIR } from '../server/compliance/pack-files';

const USAGE =
  'usage: npm run --silent compliance -- --market CN|US|EU|ID|JP|GULF (or SA, AE, DE, FR...) --in FILE|- [--packs DIR]';

function fail(code: string, message: string, exit: number): never {
  process.stderr.write(`compliance: ${code}: ${message}\n`);
  process.exit(exit);
}

function options(): { market: string; input: string; packs: string } {
  try {
    const { values } = parseArgs({
      options: {
        market: { type: 'string' },
        in: { type: 'string' },
        packs: { type: 'string', default: PACK_DIR },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stderr.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (!values.market) fail('bad_arguments', `no --market\n${USAGE}`, 2);
    if (!values.in) fail('bad_arguments', `no --in file\n${USAGE}`, 2);
    return { market: values.market, input: values.in, packs: values.packs };
  } catch (error) {
    return fail('bad_arguments', `${(error as Error).message}\n${USAGE}`, 2);
  }
}

const lines = (file: string) => inputLines(file, (code, message) => fail(code, message, 2));

const brief = (f: Flag) => ({
  category: f.category,
  rule: f.rule,
  text: f.text,
  severity: f.severity,
  citation: f.citation,
});

async function main(): Promise<void> {
  const { market: asked, input, packs: dir } = options();
  let loaded: ReturnType<typeof loadPacks>;
  try {
    loaded = loadPacks(dir);
  } catch (error) {
    return fail('packs_unreadable', `${dir}: ${(error as Error).message}`, 2);
  }
  const { packs, errors } = loaded;
  const bad = errors.find((e) => path.basename(e.file).toLowerCase() === `${asked.toLowerCase()}.json`);
  if (bad) fail(bad.code, bad.message, 2);
  const market = resolveMarket(packs, asked);
  if (market === null) {
    // The market's pack may be the one that did not load (named by an alias): say so.
    if (errors.length) fail(errors[0]!.code, errors.map((e) => e.message).join('; '), 2);
    fail('unknown_market', `no rule pack for ${asked}; there are: ${[...packs.keys()].join(', ')}`, 2);
  }
  for (const e of errors)
    process.stderr.write(`compliance: ${e.code}: ${e.message} (other market, ignored)\n`);

  const out = new JsonlOut();
  let lineNo = 0;
  for await (const raw of lines(input)) {
    lineNo++;
    const line = lineNo === 1 ? raw.replace(/^\ufeff/, '') : raw;
    let flags: ReturnType<typeof brief>[] = [];
    try {
      if (line.includes('\ufffd'))
        process.stderr.write(`compliance: line ${lineNo}: bad_encoding: not UTF-8\n`);
      flags = checkLine(line, market, packs).map(brief);
    } catch (error) {
      process.stderr.write(`compliance: line ${lineNo}: check_failed: ${(error as Error).message}\n`);
    }
    await out.write({ flags });
  }
  out.end();
}

main().catch((error: unknown) => fail('internal', (error as Error).stack ?? String(error), 1));
