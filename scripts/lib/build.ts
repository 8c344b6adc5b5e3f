// Builds what `npm start` serves: the renderer (Vite) and, for Electron, the main and preload bundles
// (esbuild). Skips a step when its output is newer than every source it depends on.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { ELECTRON_OUT, RENDERER_OUT, ROOT } from './paths';

function newestMtime(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    if (!statSync(dir).isDirectory()) {
      newest = Math.max(newest, statSync(dir).mtimeMs);
      return;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  dirs.forEach(walk);
  return newest;
}

function isFresh(stamp: string, sources: string[]): boolean {
  return existsSync(stamp) && statSync(stamp).mtimeMs >= newestMtime(sources.map((s) => path.join(ROOT, s)));
}

export async function buildRenderer({ force = false, quiet = false } = {}): Promise<boolean> {
  const stamp = path.join(RENDERER_OUT, '.built');
  const sources = [
    'renderer',
    'core',
    'locales',
    'assets',
    'vite.config.ts',
    // The AR tracker's models and WASM binaries are copied from these packages (vite.config.ts): an upgrade
    // rebuilds.
    'node_modules/@vladmandic/human/package.json',
    'node_modules/@tensorflow/tfjs-backend-wasm/package.json',
  ];
  if (!force && isFresh(stamp, sources)) return false;
  if (!quiet) process.stderr.write('Building the studio UI…\n');
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
  writeFileSync(stamp, new Date().toISOString());
  return true;
}

export async function buildElectron({ force = false } = {}): Promise<boolean> {
  const stamp = path.join(ELECTRON_OUT, '.built');
  if (!force && isFresh(stamp, ['electron', 'main', 'core', 'server'])) return false;
  mkdirSync(ELECTRON_OUT, { recursive: true });
  const esbuild = await import('esbuild');
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    sourcemap: true,
    // Native addons stay outside the bundle (onnxruntime-node loads its .node binary beside itself).
    // mediasoup stays a package too: it finds its worker (MEDIASOUP_WORKER_BIN) and its own files from there.
    external: ['electron', 'better-sqlite3', 'bufferutil', 'utf-8-validate', 'onnxruntime-node', 'mediasoup'],
    logLevel: 'warning',
    // The bundle is CommonJS: give code that uses import.meta.url (createRequire) the file's URL.
    banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__import_meta_url' },
  };
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: [path.join(ROOT, 'electron/main.ts')],
      outfile: path.join(ELECTRON_OUT, 'main.cjs'),
    }),
    // The embedded backend runs in a utility process from its own file (electron/backend-lifecycle.ts).
    esbuild.build({
      ...common,
      entryPoints: [path.join(ROOT, 'server/backend-process.ts')],
      outfile: path.join(ELECTRON_OUT, 'backend-process.cjs'),
    }),
    // The captions worker (worker_threads) runs from its own file beside main.cjs.
    esbuild.build({
      ...common,
      entryPoints: [path.join(ROOT, 'main/captions/captions-worker.ts')],
      outfile: path.join(ELECTRON_OUT, 'captions-worker.cjs'),
    }),
    esbuild.build({
      ...common,
      entryPoints: [path.join(ROOT, 'electron/preload.ts')],
      outfile: path.join(ELECTRON_OUT, 'preload.cjs'),
      // A sandboxed preload can require only electron and a few Node built-ins: everything else is bundled.
      platform: 'browser',
    }),
  ]);
  writeFileSync(stamp, new Date().toISOString());
  return true;
}
