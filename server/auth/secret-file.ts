// The token secret of a backend: LIVEBRIDGE_TOKEN_SECRET, or one generated once and kept (mode 0600) in the
// data folder, so tokens survive restarts.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newSecret } from './tokens';

export function tokenSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.LIVEBRIDGE_TOKEN_SECRET) return env.LIVEBRIDGE_TOKEN_SECRET;
  const file = path.join(dataDir, 'token-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = newSecret();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
