// Finds Electron's binary without require('electron'): in Electron 45 that require downloads the binary
// on the spot, which hangs or fails offline. Null means browser mode.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface ElectronBinary {
  path: string;
  version: string;
}

export function findElectronBinary(): ElectronBinary | null {
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  try {
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = override ? path.join(override, rel) : path.join(dir, 'dist', rel);
    if (!existsSync(bin)) return null;
    const version = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string })
      .version;
    return { path: bin, version };
  } catch {
    return null;
  }
}

/** Why Electron cannot be used here, in words for the console; null when it can. */
export function electronUnavailableReason(env: NodeJS.ProcessEnv = process.env): string | null {
  if (!findElectronBinary()) {
    return "Electron's binary is not installed (it is downloaded after npm install when online; run npm run setup:electron)";
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return 'no display (DISPLAY and WAYLAND_DISPLAY are unset)';
  }
  return null;
}
