// `npm run bench -- NAME`: runs one benchmark; each prints a table and ends with one JSON line.
// `npm run bench -- NAME --smoke`: the same at its smoke sizes (bench-table.ts), under about a minute.
// `npm run bench`: the names, one a line. `npm run bench -- --smoke-all [NAME...]`: every smoke, checked.
// The table lives in bench-table.ts, so that a test can read it without running anything.
import { BENCHES } from './bench-table';

const args = process.argv.slice(2);
if (args.includes('--smoke-all')) {
  const { smokeMain } = await import('./smoke');
  process.exit(await smokeMain(args.filter((a) => a !== '--smoke-all')));
}
const benchName = args[0];
if (benchName === undefined) {
  process.stdout.write(`${Object.keys(BENCHES).join('\n')}\n`);
  process.exit(0);
}
const bench = BENCHES[benchName];
if (!bench) {
  process.stderr.write(
    'Usage: npm run bench -- NAME [--smoke]   (or --smoke-all [NAME...])\n' +
      `${benchName.startsWith('--') ? 'Name a benchmark first;' : `No benchmark named ${benchName};`} ` +
      `there are: ${Object.keys(BENCHES).join(', ')}\n`,
  );
  process.exit(2);
}
if (args.includes('--smoke')) {
  // Set before the benchmark's module loads: it reads its sizes from the environment as it starts.
  for (const [key, value] of Object.entries(bench.smoke)) process.env[key] = value;
  process.env.BENCH_SMOKE = '1';
  process.stderr.write(
    `smoke run of ${benchName}: ${Object.entries(bench.smoke)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}\n`,
  );
}
await bench.run();
