// Smoke runs of the benchmarks (`npm run bench -- --smoke-all [NAME...]`, and a step of `npm test`): each
// benchmark in its own process at its smoke sizes, one after the other (they are CPU heavy), checking that it
// exits 0 and that its last line is a JSON object whose promised figures are all there and finite. Timings
// are not checked: they are noise on a shared machine. `--json FILE` writes the results for scripts/run-tests.mjs.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_DIR, BENCHES, badFigures, benchTableProblems, type BenchEntry } from './bench-table';

const ROOT = path.resolve(BENCH_DIR, '../..');
/** A smoke run aims at under a minute; past this it is killed (with everything it started) and fails. */
const TIMEOUT_MS = Number(process.env.BENCH_SMOKE_TIMEOUT_MS ?? 240_000);
const TAIL_LINES = 40;

export interface SmokeResult {
  name: string;
  seconds: number;
  ok: boolean;
  /** Promised keys absent from the JSON line. */
  missing: string[];
  /** Promised keys (or parts of them) that hold null, NaN, Infinity or nothing. */
  notFinite: string[];
  /** Why it failed otherwise: exit status, timeout, no JSON line. */
  error: string | null;
  /** The JSON line, when there was one. */
  figures: unknown;
}

export interface SmokeSummary {
  passed: number;
  failed: number;
  skipped: number;
  results: SmokeResult[];
}

const out = (s: string) => process.stdout.write(`${s}\n`);

/** The process group of the smoke now running: a Ctrl-C of ours ends it too (it has its own group). */
let running: number | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    if (running !== null) killGroup(running);
    process.exit(130);
  });

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? '';
}

/** Runs one benchmark's smoke in a child process (its own process group, so a timeout can end all of it). */
export function smokeOne(name: string, entry: BenchEntry, timeoutMs = TIMEOUT_MS): Promise<SmokeResult> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(BENCH_DIR, 'run.ts'), name, '--smoke'],
    {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, // plain text in a failure's output
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let stdout = '';
  let both = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += String(d);
    both += String(d);
  });
  child.stderr.on('data', (d: Buffer) => (both += String(d)));
  running = child.pid!;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid!);
  }, timeoutMs);
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(child.pid!); // anything it started and left behind (a browser, a server)
      running = null;
      const seconds = (Date.now() - started) / 1000;
      let figures: unknown = null;
      let error: string | null = null;
      try {
        figures = JSON.parse(lastLine(stdout));
        if (figures === null || typeof figures !== 'object' || Array.isArray(figures)) throw new Error();
      } catch {
        figures = null;
        error = 'the last line of its output is not a JSON object';
      }
      if (timedOut) error = `killed after ${timeoutMs / 1000} s`;
      else if (code !== 0) error = `exited with ${code ?? signal}`;
      const { missing, notFinite } = figures
        ? badFigures(figures, entry.keys)
        : { missing: [], notFinite: [] };
      const ok = error === null && missing.length === 0 && notFinite.length === 0;
      if (!ok) {
        const tail = both.split('\n').slice(-TAIL_LINES).join('\n');
        out(`--- ${name}: last ${TAIL_LINES} lines of its output ---\n${tail}\n--- end of ${name} ---`);
      }
      resolve({ name, seconds, ok, missing, notFinite, error, figures });
    });
  });
}

function describe(r: SmokeResult): string {
  const why = [
    r.error,
    r.missing.length ? `missing: ${r.missing.join(', ')}` : '',
    r.notFinite.length ? `not finite: ${r.notFinite.join(', ')}` : '',
  ].filter(Boolean);
  return `${r.name.padEnd(12)} ${r.seconds.toFixed(1).padStart(7)} s  ${r.ok ? 'ok' : `FAILED  ${why.join('; ')}`}`;
}

/** Runs the smokes of `names` (default: every benchmark) one at a time; each counts as one test. */
export async function runSmoke(names: string[] = Object.keys(BENCHES)): Promise<SmokeSummary> {
  const results: SmokeResult[] = [];
  const problems = benchTableProblems();
  for (const p of problems) out(`bench table: ${p}`);
  out(`bench smoke runs on ${os.cpus().length} cores, one at a time: ${names.join(', ')}`);
  for (const name of names) {
    const entry = BENCHES[name];
    if (!entry) {
      const error = `no benchmark named ${name} (known: ${Object.keys(BENCHES).join(', ')})`;
      results.push({ name, seconds: 0, ok: false, missing: [], notFinite: [], error, figures: null });
      continue;
    }
    out(`smoke: ${name} …`);
    const r = await smokeOne(name, entry);
    out(describe(r));
    results.push(r);
  }
  out('\nbench         seconds  result');
  for (const r of results) out(describe(r));
  const failed = results.filter((r) => !r.ok).length + problems.length;
  return { passed: results.length - results.filter((r) => !r.ok).length, failed, skipped: 0, results };
}

/** CLI: `[NAME...] [--json FILE]`; resolves with the exit status (1 when anything failed). */
export async function smokeMain(args: string[]): Promise<number> {
  const at = args.indexOf('--json');
  const jsonFile = at >= 0 ? args[at + 1] : undefined;
  const names = args.filter((a, i) => !a.startsWith('--') && !(at >= 0 && i === at + 1));
  const summary = await runSmoke(names.length ? names : undefined);
  if (jsonFile) {
    mkdirSync(path.dirname(path.resolve(jsonFile)), { recursive: true });
    writeFileSync(jsonFile, JSON.stringify(summary, null, 2));
  }
  out(`bench smoke: ${summary.passed} passed, ${summary.failed} failed`);
  return summary.failed === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(BENCH_DIR, 'smoke.ts'))
  process.exit(await smokeMain(process.argv.slice(2)));
