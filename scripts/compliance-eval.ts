// `npm run --silent compliance:eval [-- --heldout] [--flores] [--show]`: scores the compliance checker
// on our own labelled set (tests/fixtures/compliance/<market>.tsv, or <market>.heldout.tsv with
// --heldout): per market, a line is flagged when it gets any flag; precision, recall, F1 and the
// false-alarm rate (compliant lines flagged), plus how many true positives carry the expected category.
// --flores also runs every market over all FLORES-200 dev sentences per language (real text, expected
// compliant) and counts the lines flagged; --show prints the misses and false alarms.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkLine } from '../core/compliance';
import { loadPacks } from '../server/compliance/pack-files';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = path.join(ROOT, 'tests/fixtures/compliance');
const FLORES = path.resolve(
  process.env.LIVEBRIDGE_DATA_DIR ?? path.join(ROOT, '../shared/data'),
  'mt/flores200_dev500.tsv',
);
const MARKETS = ['CN', 'US', 'EU', 'ID', 'JP', 'GULF'];

const { values } = parseArgs({
  options: { heldout: { type: 'boolean' }, flores: { type: 'boolean' }, show: { type: 'boolean' } },
});
const { packs, errors } = loadPacks();
for (const e of errors) process.stderr.write(`compliance-eval: ${e.message}\n`);

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const results: Record<string, Record<string, number>> = {};
const rows: string[][] = [
  ['market', 'lines', 'pos', 'TP', 'FP', 'FN', 'P', 'R', 'F1', 'false alarm', 'cat ok'],
];
for (const market of MARKETS) {
  const file = path.join(FIXTURES, `${market.toLowerCase()}${values.heldout ? '.heldout' : ''}.tsv`);
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let neg = 0;
  let catOk = 0;
  for (const line of lines) {
    const tab = line.indexOf('\t');
    const label = line.slice(0, tab);
    const text = line.slice(tab + 1);
    const flags = checkLine(text, market, packs);
    const positive = label !== '0';
    if (!positive) neg++;
    if (positive && flags.length > 0) {
      tp++;
      const got = new Set(flags.map((f) => f.category));
      if (label.split(',').every((c) => got.has(c as never))) catOk++;
    } else if (positive) fn++;
    else if (flags.length > 0) fp++;
    if (values.show && positive !== flags.length > 0)
      process.stderr.write(
        `${market} ${positive ? 'MISS' : 'FALSE'} ${label}\t${text}\t${flags.map((f) => `${f.rule}:${f.text}`).join(' ')}\n`,
      );
  }
  const p = tp + fp ? tp / (tp + fp) : 1;
  const r = tp + fn ? tp / (tp + fn) : 1;
  const f1 = p + r ? (2 * p * r) / (p + r) : 0;
  const fa = neg ? fp / neg : 0;
  results[market] = { lines: lines.length, precision: p, recall: r, f1, false_alarm_rate: fa };
  rows.push([
    market,
    `${lines.length}`,
    `${tp + fn}`,
    `${tp}`,
    `${fp}`,
    `${fn}`,
    pct(p),
    pct(r),
    pct(f1),
    pct(fa),
    `${catOk}/${tp}`,
  ]);
}
const print = (table: string[][]) => {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const r of table) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}\n`);
};
process.stdout.write(
  `our own labelled set, ${values.heldout ? 'HELD-OUT' : 'dev'} part (tests/fixtures/compliance)\n`,
);
print(rows);

const flores: Record<string, Record<string, number>> = {};
if (values.flores) {
  if (!existsSync(FLORES)) process.stderr.write(`compliance-eval: ${FLORES} not found, no FLORES figures\n`);
  else {
    const table = readFileSync(FLORES, 'utf8').split('\n').filter(Boolean);
    const header = table[0]!.split('\t');
    const langs = header.slice(2);
    const frows: string[][] = [['flores lang', ...MARKETS]];
    for (const [k, lang] of langs.entries()) {
      const sentences = table.slice(1).map((l) => l.split('\t')[k + 2] ?? '');
      const row = [lang];
      flores[lang] = {};
      for (const market of MARKETS) {
        let flagged = 0;
        for (const s of sentences) {
          const flags = checkLine(s, market, packs);
          if (flags.length === 0) continue;
          flagged++;
          if (values.show)
            process.stderr.write(
              `FLORES ${lang} ${market}: ${flags.map((f) => `${f.rule}:${f.text}`).join(' ')}\t${s}\n`,
            );
        }
        flores[lang]![market] = flagged;
        row.push(`${flagged}/${sentences.length}`);
      }
      frows.push(row);
    }
    process.stdout.write('\nFLORES-200 dev, every sentence per language, lines flagged per market\n');
    print(frows);
  }
}
process.stdout.write(
  `${JSON.stringify({ part: values.heldout ? 'heldout' : 'dev', markets: results, flores })}\n`,
);
