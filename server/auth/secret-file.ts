// The token secret of a backend: LIVEBRIDGE_TOKEN_SECRET, or one generated once and kept (mode 0600) in the
// data folder, so tokens survive restarts; and the subject of this machine's host (the studio's host token
// names it, so the host's replays stay its own across restarts).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newSecret, newSubject } from './tokens';

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

/** This data folder's host subject: generated once and kept beside the secret. */
export function hostSubject(dataDir: string): string {
  const file = path.join(dataDir, 'host-subject');
  if (existsSync(file)) {
    const sub = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{8,64}$/.test(sub)) return sub;
  }
  mkdirSync(dataDir, { recursive: true });
  const sub = newSubject();
  writeFileSync(file, `${sub}\n`, { mode: 0o600 });
  return sub;
}
