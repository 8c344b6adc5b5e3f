// `npm run --silent sentiment -- --in FILE`: one comment per line in (UTF-8), one JSON object per line
// out, same order, nothing else on stdout: {"label":"neg|neu|pos","score":number,"lang":string}.
// score is the signed polarity p(pos) - p(neg) in [-1, 1]. Lines are split on "\n" only (a "\r" before
// it is dropped); an empty line is a comment too ({"label":"neu","score":0,"lang":"und"}). The file is
// streamed, so its size does not matter. `--in -` reads standard input; `--model DIR` another model.
import { createReadStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { analyzeSentiment } from '../core/sentiment/analyze';
import { SentimentModelError, type SentimentModel } from '../core/sentiment/model';
import { loadSentimentModel, SENTIMENT_MODEL_DIR } from '../server/insight/sentiment-model-file';

const USAGE = 'usage: npm run --silent sentiment -- --in FILE [--model DIR]   (FILE "-" reads stdin)';

function fail(message: string, code: number): never {
  process.stderr.write(`sentiment: ${message}\n`);
  process.exit(code);
}

function options(): { input: string; modelDir: string } {
  try {
    const { values, positionals } = parseArgs({
      options: { in: { type: 'string' }, model: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
    if (values.help) {
      process.stderr.write(`${USAGE}\n`);
      process.exit(0);
    }
    const input = values.in ?? positionals[0];
    if (!input) fail(`no input file\n${USAGE}`, 2);
    return { input, modelDir: values.model ?? SENTIMENT_MODEL_DIR };
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
}

function checkInput(file: string): void {
  if (file === '-') return;
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? `input file not found: ${file}` : `cannot read input file ${file} (${code})`, 2);
  }
  if (!isFile) fail(`input is not a file: ${file}`, 2);
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000 || 0;

async function run(input: string, model: SentimentModel): Promise<void> {
  const stream = input === '-' ? process.stdin : createReadStream(input);
  stream.setEncoding('utf8');
  stream.on('error', (error: NodeJS.ErrnoException) =>
    fail(`cannot read ${input} (${error.code ?? error.message})`, 2),
  );
  let out = '';
  let pending = '';
  let first = true;
  const emit = (line: string): void => {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    const r = analyzeSentiment(text, model);
    out += `{"label":"${r.label}","score":${round(r.score)},"lang":${JSON.stringify(r.lang)}}\n`;
  };
  const flush = async (): Promise<void> => {
    if (out.length === 0) return;
    const chunk = out;
    out = '';
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  };
  for await (const chunk of stream as AsyncIterable<string>) {
    let data = pending + chunk;
    if (first) {
      if (data.charCodeAt(0) === 0xfeff) data = data.slice(1);
      first = false;
    }
    let start = 0;
    for (let nl = data.indexOf('\n'); nl >= 0; nl = data.indexOf('\n', start)) {
      emit(data.slice(start, nl));
      start = nl + 1;
    }
    pending = data.slice(start);
    if (out.length >= 1 << 16) await flush();
  }
  if (pending.length > 0) emit(pending);
  await flush();
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  fail(`cannot write output (${error.code ?? error.message})`, 1);
});

const { input, modelDir } = options();
checkInput(input);
let model: SentimentModel;
try {
  model = loadSentimentModel(modelDir);
} catch (error) {
  if (error instanceof SentimentModelError) fail(error.message, 1);
  throw error;
}
await run(input, model);
