// What the line-oriented CLIs (recommend, compliance) share: reading a file (or stdin, `-`) line by line
// with a typed failure when it cannot be read, and writing JSONL answers in batches that an interactive
// stdin still sees at once, waiting for stdout to drain past 64 KiB.
import { createReadStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export type InputFailure = 'input_not_found' | 'input_unreadable';

/** The lines of `file` (`-`: stdin); `fail` is called (and must not return) when it cannot be read. */
export function inputLines(
  file: string,
  fail: (code: InputFailure, message: string) => never,
): AsyncIterable<string> {
  if (file !== '-') {
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      fail(
        'input_not_found',
        code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file} (${code})`,
      );
    }
    if (!isFile) fail('input_not_found', `not a file: ${file}`);
  }
  const stream = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  stream.on('error', (error: NodeJS.ErrnoException) =>
    fail('input_unreadable', `cannot read ${file} (${error.code ?? error.message})`),
  );
  return createInterface({ input: stream, crlfDelay: Infinity });
}

/** JSONL to stdout: one line per answer, written once a batch of input is done or every 64 KiB. */
export class JsonlOut {
  private out = '';
  private flushScheduled = false;

  async write(answer: unknown): Promise<void> {
    this.out += `${JSON.stringify(answer)}\n`;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.end();
      });
    }
    if (this.out.length > 1 << 16) {
      const chunk = this.out;
      this.out = '';
      if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
    }
  }

  /** Writes what is left. */
  end(): void {
    if (this.out.length > 0) process.stdout.write(this.out);
    this.out = '';
  }
}
