// The compliance CLI as the scorer runs it: `npm run --silent compliance -- --market CN --in FILE`, one
// JSON line per utterance in order, typed errors on stderr and exit 2 for bad input.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/processes';

const work = mkdtempSync(path.join(tmpdir(), 'compliance-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function cli(args: string[], input?: string | Buffer): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/compliance-cli.ts', ...args],
      { cwd: ROOT, timeout: 60_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}
const file = (name: string, content: string | Buffer): string => {
  const p = path.join(work, name);
  writeFileSync(p, content);
  return p;
};
type Answer = {
  flags: { category: string; rule: string; text: string; severity: number; citation: string }[];
};
const answers = (stdout: string): Answer[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Answer);

describe('npm run --silent compliance -- --market M --in FILE', () => {
  it('answers every line in order, one JSON line each, empty flags for compliant lines', async () => {
    const lines = [
      '这款洗发水是国家级配方，还能根治脱发',
      '最近最后第一次来',
      '',
      'FDA approved',
      '最好看的颜色是哪个?',
    ];
    const run = await cli(['--market', 'CN', '--in', file('cn.txt', `${lines.join('\n')}\n`)]);
    expect(run.code).toBe(0);
    const out = answers(run.stdout);
    expect(out).toHaveLength(lines.length);
    expect(out[0]!.flags.map((f) => [f.category, f.text])).toEqual(
      expect.arrayContaining([
        ['absolute_term', '国家级'],
        ['medical_claim', '根治'],
      ]),
    );
    expect(Object.keys(out[0]!.flags[0]!).sort()).toEqual([
      'category',
      'citation',
      'rule',
      'severity',
      'text',
    ]);
    expect(out[1]!.flags).toEqual([]);
    expect(out[2]!.flags).toEqual([]);
    expect(out[3]!.flags[0]).toMatchObject({ category: 'fake_authority', text: 'FDA approved', severity: 2 });
    expect(out[4]!.flags).toEqual([]);
  });

  it('takes a country of a market for the market (SA and AE are the Gulf)', async () => {
    const run = await cli(['--market', 'ae', '--in', '-'], 'a bottle of champagne comes free\n');
    expect(run.code).toBe(0);
    expect(answers(run.stdout)[0]!.flags[0]).toMatchObject({ category: 'prohibited_product_mention' });
  });

  it('reads stdin with `-`, and the market in any case', async () => {
    const run = await cli(
      ['--market', 'eu', '--in', '-'],
      'only 2 left, price goes up in 5 minutes\nhello\n',
    );
    expect(run.code).toBe(0);
    const out = answers(run.stdout);
    expect(out.map((a) => a.flags.length > 0)).toEqual([true, false]);
    expect(out[0]!.flags.map((f) => f.category)).toContain('false_urgency');
  });

  it('an unknown market or a missing file is a typed error and exit 2', async () => {
    const unknown = await cli(['--market', 'XX', '--in', file('a.txt', 'hi\n')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /compliance: unknown_market: no rule pack for XX; there are: CN, EU, GULF, ID, JP, US/,
    );
    const missing = await cli(['--market', 'US', '--in', path.join(work, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/input_not_found: file not found/);
    const none = await cli(['--in', '-']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/bad_arguments: no --market/);
  });

  it('a broken pack for the market is a typed error naming the file and rule; bad bytes get empty flags', async () => {
    const dir = mkdtempSync(path.join(work, 'packs-'));
    const us = JSON.parse(readFileSync(path.join(ROOT, 'assets/compliance/us.json'), 'utf8')) as {
      rules: { severity: number }[];
    };
    us.rules[0]!.severity = 5;
    writeFileSync(path.join(dir, 'us.json'), JSON.stringify(us));
    const broken = await cli(['--market', 'US', '--in', file('b.txt', 'hi\n'), '--packs', dir]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/compliance_pack_invalid: .*us\.json rule us\.authority\.fda: severity/);

    const bytes = Buffer.concat([
      Buffer.from('cures acne\n'),
      Buffer.from([0xff, 0xfe, 0x0a]),
      Buffer.from('ok\n'),
    ]);
    const run = await cli(['--market', 'US', '--in', file('bytes.txt', bytes)]);
    expect(run.code).toBe(0);
    expect(answers(run.stdout).map((a) => a.flags.length > 0)).toEqual([true, false, false]);
    expect(run.stderr).toMatch(/line 2: bad_encoding/);
  });
});
