// The sentiment CLI as the scorer runs it: `npm run --silent sentiment -- --in FILE`, one JSON object per
// input line on stdout, in order, nothing else; errors on stderr with a non-zero exit.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SENTIMENT_MODEL_DIR } from '../../server/insight/sentiment-model-file';
import { ROOT } from '../support/processes';

const work = mkdtempSync(path.join(tmpdir(), 'sentiment-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function run(command: string, args: string[], timeout = 60_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, timeout, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
const cli = (...args: string[]): Promise<Run> =>
  run(process.execPath, ['--import', 'tsx', 'scripts/sentiment-cli.ts', ...args]);
const file = (name: string, content: string): string => {
  const p = path.join(work, name);
  writeFileSync(p, content);
  return p;
};
const parse = (stdout: string): { label: string; score: number; lang: string }[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { label: string; score: number; lang: string });

describe('npm run --silent sentiment -- --in FILE', () => {
  it('writes one JSON object per line, in order, empty lines included, and nothing else', async () => {
    const input = file('comments.txt', '666666\n\n垃圾 差评\n\n\n🔥🔥🔥\nthis is a scam, never again\n');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const { code, stdout } = await run(npm, ['run', '--silent', 'sentiment', '--', '--in', input]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(7);
    const out = lines.map((l) => JSON.parse(l) as { label: string; score: number; lang: string });
    expect(out.map((o) => o.label)).toEqual(['pos', 'neu', 'neg', 'neu', 'neu', 'pos', 'neg']);
    expect(out[1]).toEqual({ label: 'neu', score: 0, lang: 'und' });
    expect(out[2]!.lang).toBe('zh');
    for (const o of out) {
      expect(Object.keys(o)).toEqual(['label', 'score', 'lang']);
      expect(o.score).toBeGreaterThanOrEqual(-1);
      expect(o.score).toBeLessThanOrEqual(1);
    }
  });

  it('takes CRLF files, a byte-order mark and a last line without newline', async () => {
    const { code, stdout } = await cli('--in', file('crlf.txt', '\ufeffyyds\r\n\r\nque asco'));
    expect(code).toBe(0);
    expect(parse(stdout).map((o) => o.label)).toEqual(['pos', 'neu', 'neg']);
    expect(stdout.split('\n')).toHaveLength(4);
  });

  it('writes nothing for an empty file', async () => {
    const { code, stdout } = await cli('--in', file('empty.txt', ''));
    expect(code).toBe(0);
    expect(stdout).toBe('');
  });

  it('streams 100,000 lines in order', async () => {
    // Every 997th line is a complaint, odd lines praise, even lines empty: any reordering shows.
    const text = (i: number): string => (i % 997 === 996 ? '垃圾 差评' : i % 2 === 1 ? 'great stream!!' : '');
    const expected = (i: number): string => (i % 997 === 996 ? 'neg' : i % 2 === 1 ? 'pos' : 'neu');
    const lines = Array.from({ length: 100_000 }, (_, i) => text(i));
    const started = Date.now();
    const { code, stdout } = await cli('--in', file('big.txt', `${lines.join('\n')}\n`));
    const seconds = (Date.now() - started) / 1000;
    expect(code).toBe(0);
    const out = parse(stdout);
    expect(stdout.split('\n')).toHaveLength(100_001);
    expect(out).toHaveLength(100_000);
    const wrong = out.findIndex((o, i) => o.label !== expected(i));
    expect(wrong).toBe(-1);
    console.log(`sentiment CLI: 100,000 lines in ${seconds.toFixed(1)} s (including start-up)`);
  }, 120_000);

  it('fails clearly on a missing file: message on stderr, nothing on stdout, exit 2', async () => {
    const { code, stdout, stderr } = await cli('--in', path.join(work, 'does-not-exist.txt'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^sentiment: input file not found: .*does-not-exist\.txt\n$/);
  });

  it('fails clearly without an input argument', async () => {
    const { code, stderr } = await cli();
    expect(code).toBe(2);
    expect(stderr).toContain('usage:');
  });

  it('reports a damaged model in one line, without a stack trace', async () => {
    const dir = mkdtempSync(path.join(work, 'model-'));
    copyFileSync(path.join(SENTIMENT_MODEL_DIR, 'model.json'), path.join(dir, 'model.json'));
    writeFileSync(path.join(dir, 'weights.bin'), 'not weights');
    const { code, stdout, stderr } = await cli('--in', file('one.txt', 'hi\n'), '--model', dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^sentiment: sentiment model file .*weights\.bin does not match its checksum/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
