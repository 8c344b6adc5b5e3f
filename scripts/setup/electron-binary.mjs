// Fetches Electron's binary after `npm install` (Electron 45 ships no install script of its own and would
// otherwise download on first launch). Offline machines must still install: a failed download is reported
// in one clear message and the studio falls back to browser mode.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function electronDir() {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

const dir = electronDir();
if (!dir) {
  console.log(
    '[livebridge] electron is not installed (production install?): the studio will use browser mode.',
  );
  process.exit(0);
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log(
    '[livebridge] ELECTRON_SKIP_BINARY_DOWNLOAD is set: not fetching Electron; `npm start` will use browser mode.',
  );
  process.exit(0);
}
const pathFile = path.join(dir, 'path.txt');
if (existsSync(pathFile) && existsSync(path.join(dir, 'dist', readFileSync(pathFile, 'utf8')))) {
  process.exit(0);
}
const timeoutMs = Number(process.env.LIVEBRIDGE_ELECTRON_DOWNLOAD_TIMEOUT_MS ?? 300_000);
const result = spawnSync(process.execPath, [path.join(dir, 'install.js')], {
  encoding: 'utf8',
  timeout: timeoutMs,
  stdio: ['ignore', 'pipe', 'pipe'],
});
if (result.status === 0) {
  console.log('[livebridge] Electron binary installed.');
} else {
  const output = `${result.stderr ?? ''}${result.stdout ?? ''}${result.error ? String(result.error) : ''}`;
  const reason =
    output.match(
      /(fetch failed|getaddrinfo \S+ \S+|ENOTFOUND \S+|ECONNREFUSED \S+|ETIMEDOUT|EAI_AGAIN \S+)/,
    )?.[0] ??
    (result.signal
      ? `timed out after ${timeoutMs} ms`
      : output.trim().split('\n')[0] || `exit ${result.status}`);
  console.log(
    `[livebridge] Electron's binary could not be downloaded (${reason}). Install continues: ` +
      '`npm start` opens the studio in browser mode. When online, run `npm run setup:electron`.',
  );
}
