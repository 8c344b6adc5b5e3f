// Where the packaged app carries its native helpers: electron-builder's extraResources put the mediasoup
// worker and FFmpeg in resources/bin (outside app.asar: a binary inside the archive cannot be executed).
// The backend process gets their paths in the variables the backend already reads.
import path from 'node:path';

export const BUNDLED_BIN_DIR = 'bin';

export interface BundledBinaries {
  mediasoupWorker: string;
  ffmpeg: string;
}

export function bundledBinaries(resourcesPath: string, platform: NodeJS.Platform): BundledBinaries {
  const exe = platform === 'win32' ? '.exe' : '';
  const dir = path.join(resourcesPath, BUNDLED_BIN_DIR);
  return {
    mediasoupWorker: path.join(dir, `mediasoup-worker${exe}`),
    ffmpeg: path.join(dir, `ffmpeg${exe}`),
  };
}

/**
 * The backend process's environment: packaged, the bundled binaries (unless the user set their own
 * MEDIASOUP_WORKER_BIN / LIVEBRIDGE_FFMPEG); from a checkout, what `npm install` set up.
 */
export function backendEnv(options: {
  env: NodeJS.ProcessEnv;
  isPackaged: boolean;
  resourcesPath: string;
  platform: NodeJS.Platform;
  exists: (file: string) => boolean;
}): NodeJS.ProcessEnv {
  const env = { ...options.env };
  if (!options.isPackaged) return env;
  const bins = bundledBinaries(options.resourcesPath, options.platform);
  if (!env.MEDIASOUP_WORKER_BIN && options.exists(bins.mediasoupWorker)) {
    env.MEDIASOUP_WORKER_BIN = bins.mediasoupWorker;
  }
  if (!env.LIVEBRIDGE_FFMPEG && options.exists(bins.ffmpeg)) env.LIVEBRIDGE_FFMPEG = bins.ffmpeg;
  return env;
}
