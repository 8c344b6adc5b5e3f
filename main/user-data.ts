import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'LiveBridge Studio';

/**
 * The folder Electron's app.getPath('userData') would use, so both modes share settings and data:
 * LIVEBRIDGE_HOME wins, then the platform's config folder.
 */
export function defaultUserDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.LIVEBRIDGE_HOME) return path.resolve(env.LIVEBRIDGE_HOME);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}
