// `npm run --silent compliance -- --market CN --in FILE`: checks one host utterance per line of FILE
// (`-` reads stdin) against the market's rule pack (assets/compliance) and prints one JSON line per input
// line, in order: {"flags":[{"category","rule","text","severity","citation"}]} (no flags: compliant).
// The languages of each line come from its scripts (core/compliance languagesOf). An unknown market, a
// missing file or a pack that does not validate is a typed error on stderr and exit 2; a line that cannot
// be checked is answered with no flags and an error on stderr.
import { statSync, createReadStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { checkLine, resolveMarket, type Flag } from '../core/compliance';
import { loadPacks, PACK_DIR } from './lib/compliance-packs';

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

function lines(file: string): AsyncIterable<string> {
  if (file !== '-') {
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      fail(
        'input_not_found',
        code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file} (${code})`,
        2,
      );
    }
    if (!isFile) fail('input_not_found', `not a file: ${file}`, 2);
  }
  const stream = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  stream.on('error', (error: NodeJS.ErrnoException) =>
    fail('input_unreadable', `cannot read ${file} (${error.code ?? error.message})`, 2),
  );
  return createInterface({ input: stream, crlfDelay: Infinity });
}

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

  let out = '';
  // Answers go out once a batch of input is done (so an interactive stdin sees them), or every 64 KiB.
  let flushScheduled = false;
  const flushSoon = (): void => {
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      if (out.length > 0) process.stdout.write(out);
      out = '';
    });
  };
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
    out += `${JSON.stringify({ flags })}\n`;
    flushSoon();
    if (out.length > 1 << 16) {
      const chunk = out;
      out = '';
      if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
    }
  }
  if (out.length > 0) process.stdout.write(out);
  out = '';
}

main().catch((error: unknown) => fail('internal', (error as Error).stack ?? String(error), 1));
