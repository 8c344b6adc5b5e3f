// Which backend the desktop app uses: a remote one (`--server URL`, LIVEBRIDGE_SERVER_URL, or the
// setting kept in backend.json in the user data folder), else its own embedded backend.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export type BackendChoice =
  { kind: 'remote'; url: string; hostToken: string | null; opsToken: string | null } | { kind: 'embedded' };

/** The setting: `{ "server": "https://live.example.com", "hostToken": "v1...." }` (hostToken optional). */
export const SAVED_BACKEND_FILE = 'backend.json';
const SavedBackendSchema = z.object({
  server: z.string().max(2048).nullable().optional(),
  hostToken: z.string().max(2048).nullable().optional(),
  opsToken: z.string().max(2048).nullable().optional(),
});
export type SavedBackend = z.infer<typeof SavedBackendSchema>;

/** The saved setting, if any; a damaged file is an error that names it (never silently embedded). */
export function readSavedBackend(userDataDir: string): SavedBackend | null {
  const file = path.join(userDataDir, SAVED_BACKEND_FILE);
  if (!existsSync(file)) return null;
  try {
    return SavedBackendSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new Error(`${file} is not a valid backend setting (${(error as Error).message.split('\n')[0]})`);
  }
}

function httpOrigin(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new Error(`--server must be an http(s) URL, got ${server}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`--server must be an http(s) URL, got ${server}`);
  }
  return url.origin;
}

/** The command line wins over the environment, which wins over the saved setting. */
export function chooseBackend(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  saved: SavedBackend | null = null,
): BackendChoice {
  let server: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--server') server = argv[i + 1];
    else if (arg.startsWith('--server=')) server = arg.slice('--server='.length);
  }
  const fromSetting = !server && !env.LIVEBRIDGE_SERVER_URL && Boolean(saved?.server);
  server ??= env.LIVEBRIDGE_SERVER_URL || saved?.server || undefined;
  if (!server) return { kind: 'embedded' };
  return {
    kind: 'remote',
    url: httpOrigin(server),
    hostToken: env.LIVEBRIDGE_HOST_TOKEN || (fromSetting ? saved?.hostToken : null) || null,
    opsToken: env.LIVEBRIDGE_OPS_TOKEN || (fromSetting ? saved?.opsToken : null) || null,
  };
}
