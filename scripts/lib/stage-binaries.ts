// Stages the native helpers the desktop package carries (electron-builder.yml extraResources: dist/bin ->
// resources/bin): the mediasoup worker `npm install` set up (MEDIASOUP_WORKER_BIN, else mediasoup's own
// out/Release) and FFmpeg (LIVEBRIDGE_FFMPEG, else the first `ffmpeg` on PATH). What is missing is
// reported, not fatal: the package then falls back to the user's own, as `npm start` does.
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths';

export const BIN_OUT = path.join(ROOT, 'dist', 'bin');

export interface StagedBinary {
  name: 'mediasoup-worker' | 'ffmpeg';
  /** Where it was copied from, or null with the reason it is missing. */
  from: string | null;
  missing?: string;
}

const isFile = (file: string) => existsSync(file) && statSync(file).isFile();

function onPath(bin: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  const exe = platform === 'win32' ? '.exe' : '';
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isFile(path.join(dir, `${bin}${exe}`))) return path.join(dir, `${bin}${exe}`);
  }
  return null;
}

export function findBinaries(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  root = ROOT,
): StagedBinary[] {
  const exe = platform === 'win32' ? '.exe' : '';
  const ownWorker = path.join(root, 'node_modules/mediasoup/worker/out/Release', `mediasoup-worker${exe}`);
  const worker = env.MEDIASOUP_WORKER_BIN || (isFile(ownWorker) ? ownWorker : null);
  const ffmpeg = env.LIVEBRIDGE_FFMPEG || onPath('ffmpeg', env, platform);
  return [
    worker && isFile(worker)
      ? { name: 'mediasoup-worker', from: worker }
      : { name: 'mediasoup-worker', from: null, missing: 'no mediasoup worker: run npm run setup:mediasoup' },
    ffmpeg && isFile(ffmpeg)
      ? { name: 'ffmpeg', from: ffmpeg }
      : {
          name: 'ffmpeg',
          from: null,
          missing: 'no FFmpeg: set LIVEBRIDGE_FFMPEG or run npm run setup:ffmpeg',
        },
  ];
}

/** Copies what was found into `out` (emptied first), executable. */
export function stageBinaries(
  binaries: StagedBinary[] = findBinaries(),
  out = BIN_OUT,
  platform: NodeJS.Platform = process.platform,
): StagedBinary[] {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const exe = platform === 'win32' ? '.exe' : '';
  for (const binary of binaries) {
    if (!binary.from) continue;
    const target = path.join(out, `${binary.name}${exe}`);
    copyFileSync(binary.from, target);
    chmodSync(target, 0o755);
  }
  return binaries;
}
