// Puts mediasoup's C++ worker in place after `npm install`. mediasoup's own install script is denied
// (package.json allowScripts), so this script does its job, offline-capable and cached:
//
//   1. MEDIASOUP_WORKER_BIN set and executable: mediasoup uses it; nothing to do.
//   2. A cached worker for this mediasoup version/platform/arch runs: link it into node_modules.
//   3. A worker already in node_modules/mediasoup/worker/out runs: adopt it into the cache.
//   4. mediasoup's prebuilt worker from its GitHub release (short timeout; skipped offline).
//   5. Build from source against the system libraries (Debian 12: libuv, OpenSSL, libsrtp2, usrsctp,
//      Abseil, nlohmann-json), replacing mediasoup's meson wraps, which would download sources, with
//      the subprojects in scripts/setup/mediasoup/subprojects. Missing apt packages are installed when
//      running as root; meson >= 1.1 comes from pip into the cache when the system's is older.
//
// Cache: ${LIVEBRIDGE_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/livebridge}/mediasoup-worker/<version>-<platform>-<arch>/
// holds mediasoup-worker, worker-info.json and build.log. The worker is hard-linked (or copied) to
// node_modules/mediasoup/worker/out/Release/mediasoup-worker, where mediasoup looks for it.
//
// A failure never fails `npm install`: it prints one paragraph and exits 0, unless
// LIVEBRIDGE_REQUIRE_MEDIASOUP=1 (or --require) asks for exit 1. Flags: --require, --force (ignore the
// cache and node_modules' worker: fetch or build again), --no-download (skip the prebuilt download).
// Env: MEDIASOUP_WORKER_BIN, MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD,
// MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL, LIVEBRIDGE_MEDIASOUP_DOWNLOAD_TIMEOUT_MS (default 20000),
// LIVEBRIDGE_MEDIASOUP_MESON_ARGS (extra `meson setup` arguments), LIVEBRIDGE_BUILD_JOBS, MESON.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const TAG = '[livebridge] mediasoup worker:';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const SUBPROJECTS = path.join(HERE, 'mediasoup', 'subprojects');
const FLAGS = new Set(process.argv.slice(2));
const REQUIRED = process.env.LIVEBRIDGE_REQUIRE_MEDIASOUP === '1' || FLAGS.has('--require');
const FORCE = FLAGS.has('--force');
const NO_DOWNLOAD =
  FLAGS.has('--no-download') || Boolean(process.env.MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD);
const IS_WINDOWS = process.platform === 'win32';
const BIN_NAME = IS_WINDOWS ? 'mediasoup-worker.exe' : 'mediasoup-worker';
const MIN_MESON = [1, 1, 0];

/** Debian packages that provide what the source build needs; `check` says whether it is already there. */
const REQUIREMENTS = [
  { what: 'a C/C++ compiler', apt: 'build-essential', check: () => onPath('cc') && onPath('c++') },
  { what: 'pkg-config', apt: 'pkg-config', check: () => onPath('pkg-config') },
  { what: 'ninja', apt: 'ninja-build', check: () => onPath('ninja') },
  { what: 'python3', apt: 'python3', check: () => onPath('python3') },
  { what: 'libuv >= 1.40', apt: 'libuv1-dev', check: () => pkgConfig('libuv >= 1.40') },
  { what: 'OpenSSL >= 1.1.1', apt: 'libssl-dev', check: () => pkgConfig('openssl >= 1.1.1') },
  { what: 'libsrtp2', apt: 'libsrtp2-dev', check: () => pkgConfig('libsrtp2') },
  { what: 'usrsctp', apt: 'libusrsctp-dev', check: () => pkgConfig('usrsctp') },
  { what: 'Abseil', apt: 'libabsl-dev', check: () => pkgConfig('absl_flat_hash_map') },
  { what: 'nlohmann-json', apt: 'nlohmann-json3-dev', check: () => pkgConfig('nlohmann_json >= 3.10') },
];

class SetupError extends Error {}

const elapsed = () => {
  const s = Math.round(performance.now() / 100) / 10;
  return s < 60
    ? `${s.toFixed(1)}s`
    : `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
};
const say = (message) => console.log(`${TAG} ${message} (${elapsed()})`);
const errorText = (error) => {
  const cause = error?.cause;
  const causeText = cause
    ? ` (${cause.code ?? ''}${cause.code && cause.message ? ' ' : ''}${cause.message ?? ''})`
    : '';
  return `${error?.message ?? String(error)}${causeText}`;
};

let logFile = null;
let currentChild = null;
// Stopped (Ctrl-C, `timeout`, CI cancel): stop the running apt/pip/meson/ninja too, not just ourselves.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    currentChild?.kill('SIGTERM');
    console.log(`${TAG} stopped by ${signal}`);
    process.exit(128 + os.constants.signals[signal]);
  });
}

async function main() {
  const mediasoupDir = findMediasoup();
  if (!mediasoupDir) {
    throw new SetupError('the mediasoup package is not installed (run `npm install` first)');
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(mediasoupDir, 'package.json'), 'utf8'));
  const version = pkg.version;
  const key = `${version}-${process.platform}-${process.arch}`;
  const cacheRoot =
    process.env.LIVEBRIDGE_CACHE_DIR ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'livebridge');
  const cacheDir = path.join(cacheRoot, 'mediasoup-worker', key);
  const cachedBin = path.join(cacheDir, BIN_NAME);
  const targetBin = path.join(mediasoupDir, 'worker', 'out', 'Release', BIN_NAME);
  const ctx = { version, key, pkg, mediasoupDir, cacheRoot, cacheDir, cachedBin, targetBin };

  const custom = process.env.MEDIASOUP_WORKER_BIN;
  if (custom) {
    if (isExecutableFile(custom)) {
      say(`using MEDIASOUP_WORKER_BIN=${custom}; nothing to build or link`);
      return;
    }
    say(
      `MEDIASOUP_WORKER_BIN=${custom} is not an executable file; setting up the worker anyway, ` +
        'but mediasoup will keep trying that path until the variable is unset',
    );
  }

  if (!FORCE && workerRuns(cachedBin)) {
    const how = linkIntoNodeModules(ctx);
    say(`mediasoup ${version} worker ready (${how}, cache ${cachedBin})`);
    return;
  }
  if (!FORCE && workerRuns(targetBin)) {
    storeInCache(ctx, targetBin, { source: 'node_modules (pre-existing)' });
    linkIntoNodeModules(ctx);
    say(`adopted the existing ${targetBin} into the cache (${cachedBin})`);
    return;
  }

  if (FORCE) say(`--force: fetching or building anew (cache ${cacheDir})`);
  else if (fs.existsSync(cachedBin)) {
    say(`the cached ${cachedBin} does not run (system libraries removed?); replacing it`);
  } else say(`no cached worker for ${key} (cache ${cacheDir})`);
  if (NO_DOWNLOAD)
    say('prebuilt download skipped (--no-download or MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD)');
  if (NO_DOWNLOAD || !(await downloadPrebuilt(ctx))) {
    await buildFromSource(ctx);
  }
  const how = linkIntoNodeModules(ctx);
  if (!workerRuns(targetBin)) throw new SetupError(`${targetBin} does not run after ${how}`);
  say(`mediasoup ${version} worker ready (${how}, cache ${cachedBin})`);
}

function findMediasoup() {
  try {
    return path.dirname(createRequire(path.join(ROOT, 'package.json')).resolve('mediasoup/package.json'));
  } catch {
    const dir = path.join(ROOT, 'node_modules', 'mediasoup');
    return fs.existsSync(path.join(dir, 'package.json')) ? dir : null;
  }
}

function isExecutableFile(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * mediasoup's own check for a fetched worker: run it without the MEDIASOUP_VERSION env and expect exit
 * code 41 ("you don't seem to be my real father!", worker/src/main.cpp). That proves the file is an
 * executable for this machine whose shared libraries all load, in a few milliseconds.
 */
function workerRuns(bin) {
  if (!isExecutableFile(bin)) return false;
  const result = spawnSync(bin, [], { env: {}, stdio: 'ignore', timeout: 5000 });
  return result.status === 41;
}

function sameFile(a, b) {
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** Atomically puts `src` at `dest`: a hard link when possible, else a copy. Returns how. */
function placeFile(src, dest, preferLink) {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.tmp-${process.pid}`);
  fs.rmSync(tmp, { force: true });
  let how = 'copied';
  try {
    if (!preferLink) throw new Error('copy requested');
    fs.linkSync(src, tmp);
    how = 'hard-linked';
  } catch {
    fs.copyFileSync(src, tmp);
    fs.chmodSync(tmp, 0o755);
  }
  fs.renameSync(tmp, dest);
  return how;
}

function linkIntoNodeModules(ctx) {
  if (sameFile(ctx.cachedBin, ctx.targetBin)) return 'already linked into node_modules';
  return `${placeFile(ctx.cachedBin, ctx.targetBin, true)} into node_modules`;
}

function storeInCache(ctx, bin, info) {
  fs.mkdirSync(ctx.cacheDir, { recursive: true });
  placeFile(bin, ctx.cachedBin, false);
  const infoFile = path.join(ctx.cacheDir, 'worker-info.json');
  const data = {
    mediasoup: ctx.version,
    platform: process.platform,
    arch: process.arch,
    createdAt: new Date().toISOString(),
    ...info,
  };
  fs.writeFileSync(`${infoFile}.tmp-${process.pid}`, `${JSON.stringify(data, null, 2)}\n`);
  fs.renameSync(`${infoFile}.tmp-${process.pid}`, infoFile);
}

// ---------------------------------------------------------------------------------------------------
// Prebuilt download, as mediasoup's npm-scripts.mjs postinstall does it (GitHub release tarball).

async function downloadPrebuilt(ctx) {
  const base =
    process.env.MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL ||
    `${String(ctx.pkg.repository?.url ?? 'https://github.com/versatica/mediasoup')
      .replace(/^git\+/, '')
      .replace(/\.git$/, '')}/releases/download`;
  const tarName = `mediasoup-worker-${ctx.version}-${process.platform}-${process.arch}.tgz`;
  const url = `${base}/${ctx.version}/${tarName}`;
  const timeoutMs = Number(process.env.LIVEBRIDGE_MEDIASOUP_DOWNLOAD_TIMEOUT_MS ?? 20_000);
  const work = path.join(ctx.cacheDir, `download-${process.pid}`);
  say(`trying the prebuilt worker ${url} (timeout ${Math.round(timeoutMs / 1000)}s)`);
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(new Error(`no response in ${timeoutMs} ms`)), timeoutMs);
  try {
    const res = await fetch(url, { signal: controller.signal });
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    // Headers arrived: give the body (a few MB) more time than the connection.
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error('download too slow')), Math.max(timeoutMs, 120_000));
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });
    const tgz = path.join(work, tarName);
    await pipeline(Readable.fromWeb(res.body), fs.createWriteStream(tgz));
    clearTimeout(timer);
    const tar = spawnSync('tar', ['-xzf', tgz, '-C', work], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`tar failed: ${(tar.stderr || tar.error || '').toString().trim()}`);
    const bin = path.join(work, BIN_NAME);
    if (fs.existsSync(bin)) fs.chmodSync(bin, 0o755);
    if (!workerRuns(bin)) throw new Error('the prebuilt worker does not run on this machine (libc?)');
    storeInCache(ctx, bin, { source: 'prebuilt', url });
    say('got the prebuilt worker');
    return true;
  } catch (error) {
    const reason = controller.signal.aborted ? errorText(controller.signal.reason) : errorText(error);
    say(`prebuilt worker unavailable (${reason}); building from source`);
    return false;
  } finally {
    clearTimeout(timer);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// Build from source against the system libraries.

function onPath(cmd) {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return dirs.some((dir) => isExecutableFile(path.join(dir, cmd)));
}

function pkgConfig(spec) {
  if (!onPath('pkg-config')) return false;
  const [name, ...constraint] = spec.split(' ');
  const args = constraint.length ? [`${name} ${constraint.join(' ')}`] : [name];
  return spawnSync('pkg-config', ['--exists', ...args], { stdio: 'ignore' }).status === 0;
}

function logLine(text) {
  if (logFile !== null) fs.appendFileSync(logFile, `${text}\n`);
}

/**
 * Runs a command with its output appended to the build log; `onLine` sees each output line. Resolves
 * to { code, firstError }: the first line that looks like an error, for the one-paragraph summary.
 */
function run(cmd, args, { env, cwd, onLine } = {}) {
  logLine(`\n$ ${[cmd, ...args].join(' ')}${cwd ? `   (in ${cwd})` : ''}`);
  return new Promise((resolve) => {
    const out = fs.createWriteStream(logFile, { flags: 'a' });
    let errorLine = null; // a compiler's, meson's or apt's error line
    let failedLine = null; // ninja's FAILED: <target>
    let settled = false;
    const finish = (code, note) => {
      if (settled) return;
      settled = true;
      out.end(`${note}\n`, () => resolve({ code, firstError: errorLine ?? failedLine }));
    };
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    currentChild = child;
    const reader = () => {
      let pending = '';
      return (chunk) => {
        out.write(chunk);
        pending += chunk.toString();
        const lines = pending.split(/\r?\n/);
        pending = lines.pop();
        for (const line of lines) {
          if (!errorLine && /(^|\s)(fatal error|error|ERROR|E):\s/.test(line)) errorLine = line.trim();
          if (!failedLine && /^FAILED:/.test(line)) failedLine = line.trim();
          onLine?.(line);
        }
      };
    };
    child.stdout.on('data', reader());
    child.stderr.on('data', reader());
    child.on('error', (error) => finish(-1, `${error}`));
    child.on('close', (code, signal) => {
      currentChild = null;
      finish(code ?? -1, `[exit ${code ?? signal}]`);
    });
  });
}

async function runOrThrow(what, cmd, args, options) {
  const { code, firstError } = await run(cmd, args, options);
  if (code !== 0) throw new SetupError(`${what} failed (exit ${code})${firstError ? `: ${firstError}` : ''}`);
}

function versionAtLeast(text, min) {
  const parts = String(text)
    .trim()
    .split(/[.+-]/)
    .map((n) => Number.parseInt(n, 10));
  for (let i = 0; i < min.length; i++) {
    const n = Number.isNaN(parts[i]) || parts[i] === undefined ? 0 : parts[i];
    if (n !== min[i]) return n > min[i];
  }
  return true;
}

async function ensureSystemPackages() {
  const missing = () => REQUIREMENTS.filter((r) => !r.check());
  let lacking = missing();
  if (lacking.length === 0) return;
  const packages = [...new Set(lacking.map((r) => r.apt))];
  const aptCommand = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!onPath('apt-get')) {
    throw new SetupError(
      `missing build requirements: ${lacking.map((r) => r.what).join(', ')}. ` +
        `Install them with your package manager (Debian/Ubuntu: ${packages.join(' ')})`,
    );
  }
  if (!isRoot) {
    throw new SetupError(
      `missing build requirements: ${lacking.map((r) => r.what).join(', ')}. ` +
        `Install them with: sudo apt-get update && sudo ${aptCommand}`,
    );
  }
  say(`installing ${packages.join(' ')} with apt-get`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  // A failed update (one unreachable mirror) may still leave usable package lists: try the install anyway.
  await run('apt-get', ['update'], { env });
  await runOrThrow('apt-get install', 'apt-get', aptCommand.split(' ').slice(1), { env });
  lacking = missing();
  if (lacking.length) {
    throw new SetupError(`still missing after apt-get: ${lacking.map((r) => r.what).join(', ')}`);
  }
}

/** A meson >= 1.1: $MESON, the system's, or one pip-installed into the cache. Returns { cmd, args, env, version }. */
async function ensureMeson(ctx) {
  const probe = (cmd, args, env) => {
    const r = spawnSync(cmd, [...args, '--version'], { encoding: 'utf8', env: { ...process.env, ...env } });
    const version = r.status === 0 ? r.stdout.trim() : null;
    return version && versionAtLeast(version, MIN_MESON) ? { cmd, args, env, version } : null;
  };
  if (process.env.MESON) {
    const found = probe(process.env.MESON, [], {});
    if (found) return found;
    say(`MESON=${process.env.MESON} is not a meson >= ${MIN_MESON.join('.')}; ignoring it`);
  }
  if (onPath('meson')) {
    const found = probe('meson', [], {});
    if (found) return found;
  }
  // Resolve the real interpreter (not a pyenv shim, which may pick another Python in another folder).
  const py = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  if (py.status !== 0) throw new SetupError('python3 does not run');
  const python = py.stdout.trim();
  const pipDir = path.join(ctx.cacheRoot, 'mediasoup-worker', 'tools', 'meson-pip');
  const viaPip = () =>
    probe(python, ['-m', 'mesonbuild.mesonmain'], {
      PYTHONPATH: [pipDir, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
    });
  const cached = fs.existsSync(pipDir) ? viaPip() : null;
  if (cached) return cached;

  if (spawnSync(python, ['-m', 'pip', '--version'], { stdio: 'ignore' }).status !== 0) {
    throw new SetupError(
      `meson >= ${MIN_MESON.join('.')} is needed and ${python} has no pip ` +
        '(Debian: apt-get install python3-pip, or pip install meson yourself)',
    );
  }
  say(`installing meson >= ${MIN_MESON.join('.')} with pip into ${pipDir}`);
  const staging = `${pipDir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  await runOrThrow('pip install meson', python, [
    '-m',
    'pip',
    'install',
    '--no-input',
    '--disable-pip-version-check',
    '--target',
    staging,
    `meson>=${MIN_MESON.join('.')}`,
  ]);
  fs.rmSync(pipDir, { recursive: true, force: true });
  fs.renameSync(staging, pipDir);
  const installed = viaPip();
  if (!installed) throw new SetupError(`meson installed into ${pipDir} does not run`);
  return installed;
}

/** Removes build folders left by runs that died (their pid is gone). */
function removeStaleBuilds(cacheDir) {
  for (const name of fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []) {
    const pid = Number(/^(?:build|download)-(\d+)$/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (error) {
      alive = error.code === 'EPERM';
    }
    if (!alive) fs.rmSync(path.join(cacheDir, name), { recursive: true, force: true });
  }
}

async function buildFromSource(ctx) {
  if (IS_WINDOWS) {
    throw new SetupError('building the worker from source is not supported on Windows by this script');
  }
  fs.mkdirSync(ctx.cacheDir, { recursive: true });
  removeStaleBuilds(ctx.cacheDir);
  logFile = path.join(ctx.cacheDir, 'build.log');
  fs.writeFileSync(
    logFile,
    `mediasoup ${ctx.key} worker build, ${new Date().toISOString()}\nsource: ${ctx.mediasoupDir}/worker\n`,
  );
  const started = performance.now();
  say(`building from source; full log: ${logFile}`);

  await ensureSystemPackages();
  const meson = await ensureMeson(ctx);
  say(`using meson ${meson.version}`);
  logLine(`meson: ${[meson.cmd, ...meson.args].join(' ')} ${meson.version}`);

  // A private copy of the worker sources: node_modules stays untouched, and the wraps (which would
  // download libuv, OpenSSL, ... from the internet) are replaced with subprojects that use the system's.
  const work = path.join(ctx.cacheDir, `build-${process.pid}`);
  const src = path.join(work, 'worker');
  const out = path.join(work, 'out');
  fs.rmSync(work, { recursive: true, force: true });
  const workerDir = path.join(ctx.mediasoupDir, 'worker');
  const skip = new Set(['out', 'prebuild', 'subprojects'].map((d) => path.join(workerDir, d)));
  fs.cpSync(workerDir, src, { recursive: true, filter: (p) => !skip.has(p) });
  fs.cpSync(SUBPROJECTS, path.join(src, 'subprojects'), { recursive: true });

  const extra = (process.env.LIVEBRIDGE_MEDIASOUP_MESON_ARGS ?? '').split(/\s+/).filter(Boolean);
  say('configuring (meson setup)');
  await runOrThrow(
    'meson setup',
    meson.cmd,
    [
      ...meson.args,
      'setup',
      '--buildtype',
      'release',
      '-Db_ndebug=true',
      '-Db_pie=true',
      '-Db_staticpic=true',
      '-Db_colorout=never',
      '--wrap-mode=nodownload',
      '-Dms_log_trace=false',
      '-Dms_log_file_line=false',
      '-Dms_rtc_logger_rtp=false',
      ...extra,
      out,
      src,
    ],
    { env: meson.env },
  );

  const jobs = Number(process.env.LIVEBRIDGE_BUILD_JOBS) || os.availableParallelism();
  say(`compiling with ninja -j${jobs} (about 170 steps; ~7 minutes on 2 cores)`);
  let lastShown = 0;
  await runOrThrow('ninja', 'ninja', ['-C', out, '-j', String(jobs), BIN_NAME], {
    env: { ...meson.env, NINJA_STATUS: '[%f/%t] ' },
    onLine: (line) => {
      const m = /^\[(\d+)\/(\d+)\]/.exec(line);
      if (!m) return;
      const [done, total] = [Number(m[1]), Number(m[2])];
      const tenth = Math.floor((done / total) * 10);
      if (tenth > lastShown) {
        lastShown = tenth;
        say(`compiling ${done}/${total} (${tenth * 10}%)`);
      }
    },
  });

  const built = path.join(out, BIN_NAME);
  if (!workerRuns(built)) throw new SetupError(`the built ${built} does not run`);
  const seconds = Math.round((performance.now() - started) / 1000);
  const cxx = spawnSync('c++', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
  storeInCache(ctx, built, { source: 'built from source', buildSeconds: seconds, meson: meson.version, cxx });
  logLine(`\nbuilt in ${seconds}s; stored as ${ctx.cachedBin}`);
  fs.rmSync(work, { recursive: true, force: true });
  say(`built in ${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`);
}

try {
  await main();
} catch (error) {
  const reason = error instanceof SetupError ? error.message : (error?.stack ?? String(error));
  const log = logFile ? ` Full build log: ${logFile}.` : '';
  console.log(
    `${TAG} could not be set up: ${reason}.${log} ` +
      (REQUIRED
        ? 'LIVEBRIDGE_REQUIRE_MEDIASOUP=1 is set, so this is an error.'
        : 'The install continues, but live streaming will be unavailable until the worker is in place: ' +
          'fix the cause above and run `npm run setup:mediasoup` ' +
          '(node scripts/setup/mediasoup-worker.mjs), or point MEDIASOUP_WORKER_BIN at a ' +
          'mediasoup-worker binary of the same version.'),
  );
  process.exitCode = REQUIRED ? 1 : 0;
}
