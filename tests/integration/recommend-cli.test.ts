// The recommend CLI as the scorer runs it: `npm run --silent recommend -- --train TRAIN --queries QUERIES`,
// trained on a 300-click slice of YOOCHOOSE (tests/fixtures/recommend/SOURCE.txt), one JSON line per query
// on stdout in order, typed errors on stderr for bad lines while the rest is answered.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/processes';

const work = mkdtempSync(path.join(tmpdir(), 'recommend-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const TRAIN = path.join(ROOT, 'tests/fixtures/recommend/yoochoose-train-300.tsv');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, timeout: 60_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
const cli = (...args: string[]): Promise<Run> =>
  run(process.execPath, ['--import', 'tsx', 'scripts/recommend-cli.ts', ...args]);
const file = (name: string, content: string): string => {
  const p = path.join(work, name);
  writeFileSync(p, content);
  return p;
};
type Answer = { id: string; items: string[] };
const answers = (stdout: string): Answer[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Answer);

const trainRows = readFileSync(TRAIN, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'));
const catalogue = new Set(trainRows.map((r) => r[1]!));
// session 3 of the slice, clicked in this order in the log
const session3 = trainRows.filter((r) => r[0] === '3').map((r) => r[1]!);

describe('npm run --silent recommend -- --train TRAIN --queries QUERIES', () => {
  it('answers every query in order with exactly 20 distinct known items; bad lines get typed errors and the rest goes on', async () => {
    const lines = [
      JSON.stringify({ id: 'a', items: session3.slice(0, 2) }),
      '{"id": "broken",',
      JSON.stringify({ id: 'only-unknown', items: ['no-such-item', 'nor-this'] }),
      JSON.stringify({ items: ['x'] }),
      '',
      JSON.stringify({ id: 'with-unknown', items: [session3[0], 'no-such-item'] }),
      JSON.stringify({ id: 'empty', items: [] }),
      JSON.stringify({ id: 'b', items: session3.slice(0, 1) }),
    ];
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const { code, stdout, stderr } = await run(npm, [
      'run',
      '--silent',
      'recommend',
      '--',
      '--train',
      TRAIN,
      '--queries',
      file('q.jsonl', `${lines.join('\n')}\n`),
    ]);
    expect(code).toBe(0);
    const out = answers(stdout);
    expect(out.map((o) => o.id)).toEqual(['a', 'only-unknown', 'with-unknown', 'empty', 'b']);
    for (const o of out) {
      expect(Object.keys(o)).toEqual(['id', 'items']);
      expect(o.items).toHaveLength(20);
      expect(new Set(o.items).size).toBe(20);
      for (const item of o.items) expect(catalogue.has(item)).toBe(true);
    }
    // Unknown items are ignored: a query of only unknown items is the empty session (popular items),
    // and an unknown item beside a known one changes nothing.
    expect(out[1]!.items).toEqual(out[3]!.items);
    expect(out[2]!.items).toEqual(out[4]!.items);
    expect(out[0]!.items).not.toEqual(out[3]!.items);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^recommend: queries line 2: bad_json: /),
      expect.stringMatching(/^recommend: queries line 4: bad_query: "id"/),
    ]);
  });

  it('reports a malformed TRAIN line by number and trains on the rest', async () => {
    const train = readFileSync(TRAIN, 'utf8').split('\n');
    train.splice(5, 0, 'garbage line', '3\t214716935\tnot-a-time');
    const { code, stdout, stderr } = await cli(
      '--train',
      file('train.tsv', train.join('\n')),
      '--queries',
      file('one.jsonl', '{"id":"q","items":[]}'),
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/train line 6: bad_columns/);
    expect(stderr).toMatch(/train line 7: bad_timestamp/);
    expect(answers(stdout)[0]!.items).toHaveLength(20);
  });

  it('fails with a usage message and exit 2 when a file is missing', async () => {
    const { code, stdout, stderr } = await cli('--train', path.join(work, 'nope.tsv'), '--queries', TRAIN);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/file not found/);
  });
});
