// Starts `npm start` / `npm run server` as real child processes and reads the URL line they print.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Launched {
  child: ChildProcess;
  /** The URL the process printed. */
  url: string;
  output(): string;
  /** Sends a signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function tempDataDir(prefix = 'livebridge-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function launch(
  script: 'scripts/start.ts' | 'scripts/server.ts',
  args: string[],
  pattern: RegExp,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): Promise<Launched> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so a test can prove nothing is left behind
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} printed no URL within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({
          child,
          url: match[1]!,
          output: () => out,
          async stop(signal = 'SIGINT') {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before printing a URL:\n${out}`));
    });
  });
}

export const STUDIO_LINE = /LiveBridge Studio: (http:\/\/127\.0\.0\.1:\d+\/studio\S*)/;
export const SERVER_LINE = /LiveBridge server: (http:\/\/\S+)/;

export function startStudio(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Launched> {
  return launch('scripts/start.ts', ['--browser', '--no-open', ...args], STUDIO_LINE, {
    LIVEBRIDGE_HOME: tempDataDir(),
    ...env,
  });
}

export function startServer(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Launched> {
  return launch('scripts/server.ts', ['--port', '0', '--data-dir', tempDataDir(), ...args], SERVER_LINE, env);
}
