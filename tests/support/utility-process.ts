// A stand-in for Electron's utilityProcess.fork where the binary cannot run: node:child_process.fork with
// the parent-port shim, exposing what electron/backend-lifecycle.ts uses of a UtilityProcess (postMessage,
// `message` and `exit` events, kill, pid). It runs the real backend entry (server/backend-process.ts).
import { fork, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import type { BackendChild, ForkBackend } from '../../electron/backend-lifecycle';
import { ROOT } from './processes';

export const BACKEND_ENTRY = path.join(ROOT, 'server/backend-process.ts');
const SHIM = path.join(ROOT, 'tests/support/parent-port-shim.mjs');

export interface ForkedBackends {
  fork: ForkBackend;
  /** Every process it started, newest last. */
  children: ChildProcess[];
}

/** `entry`: the TypeScript source (run with tsx), or the built bundle (dist/electron/backend-process.cjs). */
export function nodeUtilityFork(env: NodeJS.ProcessEnv = {}, entry = BACKEND_ENTRY): ForkedBackends {
  const children: ChildProcess[] = [];
  const forkBackend: ForkBackend = (args) => {
    const child = fork(entry, args, {
      cwd: ROOT,
      execArgv: [...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), '--import', SHIM],
      env: { ...process.env, LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    const standIn: BackendChild = {
      get pid() {
        return child.pid;
      },
      postMessage: (message) => {
        if (child.connected) child.send(message);
      },
      on(event: 'message' | 'exit', listener: (value: never) => void) {
        if (event === 'message') child.on('message', listener as (m: unknown) => void);
        // A UtilityProcess reports a number; a signal death becomes 128 + its number, as a shell shows it.
        else
          child.on('exit', (code, signal) =>
            (listener as (c: number) => void)(code ?? 128 + (signal ? constants.signals[signal] : 0)),
          );
        return standIn;
      },
      // Like UtilityProcess.kill(): SIGTERM on POSIX.
      kill: () => child.kill('SIGTERM'),
    };
    return standIn;
  };
  return { fork: forkBackend, children };
}

/** Whether a process with this id still exists. */
export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
