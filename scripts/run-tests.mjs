// `npm test`: lint, typecheck, unit and integration tests (vitest), a smoke run of every benchmark (one at a
// time: each counts as a test), end-to-end tests (Playwright driving Debian's Chromium). Every step runs even
// when an earlier one fails; the last line sums up the tests.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) =>
  path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });
const vitestJson = path.join(results, 'vitest.json');
const playwrightJson = path.join(results, 'playwright.json');
const benchSmokeJson = path.join(results, 'bench-smoke.json');
for (const file of [vitestJson, playwrightJson, benchSmokeJson]) rmSync(file, { force: true });

// Lint, format and typecheck read files and nothing else: they run side by side (about 25 s saved on two
// cores), each one's output printed whole when it ends.
const checks = [
  ['lint', bin('eslint'), ['.']],
  ['format', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json']],
];
const steps = [
  [
    'unit+integration',
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`],
  ],
  // CPU heavy: alone, after the unit tests, each benchmark in turn (tests/bench/smoke.ts).
  ['bench-smoke', process.execPath, ['--import', 'tsx', 'tests/bench/smoke.ts', '--json', benchSmokeJson]],
  ['e2e', bin('playwright'), ['test']],
];

const summary = [];

function runBuffered(name, cmd, args) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, shell: process.platform === 'win32' });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    let ended = false;
    const done = (ok) => {
      if (ended) return;
      ended = true;
      process.stdout.write(`\n=== ${name} ===\n${Buffer.concat(chunks).toString()}`);
      resolve({ name, ok, seconds: (Date.now() - started) / 1000 });
    };
    child.on('error', (error) => {
      chunks.push(Buffer.from(`${error.message}\n`));
      done(false);
    });
    child.on('close', (code) => done(code === 0));
  });
}

summary.push(...(await Promise.all(checks.map(([name, cmd, args]) => runBuffered(name, cmd, args)))));
for (const [name, cmd, args] of steps) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const started = Date.now();
  const run = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  summary.push({ name, ok: run.status === 0, seconds: (Date.now() - started) / 1000 });
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (existsSync(benchSmokeJson)) {
  const b = JSON.parse(readFileSync(benchSmokeJson, 'utf8'));
  passed += b.passed;
  failed += b.failed;
  skipped += b.skipped;
}
if (existsSync(playwrightJson)) {
  const p = JSON.parse(readFileSync(playwrightJson, 'utf8')).stats;
  passed += p.expected + p.flaky;
  failed += p.unexpected;
  skipped += p.skipped;
}

process.stdout.write('\nstep               result  seconds\n');
for (const s of summary) {
  process.stdout.write(
    `${s.name.padEnd(18)} ${(s.ok ? 'ok' : 'FAILED').padEnd(7)} ${s.seconds.toFixed(1).padStart(7)}\n`,
  );
}
const allOk = summary.every((s) => s.ok);
if (!allOk && failed === 0) failed = summary.filter((s) => !s.ok).length; // a failed lint or build counts
process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(allOk ? 0 : 1);
