// The lifecycle's decisions with scripted children: timeouts, backoff, giving up, the stop grace period,
// and where the backend is. The real backend in a real child process: tests/integration/desktop-backend.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ToBackend } from '../core/protocol/backend-process';
import { BackendLifecycle, type BackendChild, type BackendState } from './backend-lifecycle';

class ScriptedChild extends EventEmitter implements BackendChild {
  static next = 1000;
  readonly pid = ScriptedChild.next++;
  readonly received: ToBackend[] = [];
  killed = false;
  constructor(private readonly onStop: 'exit' | 'hang') {
    super();
  }
  postMessage(message: ToBackend): void {
    this.received.push(message);
    if (message.type === 'stop' && this.onStop === 'exit') setImmediate(() => this.emit('exit', 0));
  }
  kill(): boolean {
    this.killed = true;
    setImmediate(() => this.emit('exit', 143));
    return true;
  }
  ready(port = 4321): void {
    this.emit('message', { type: 'ready', port, hostToken: 'host-t', opsToken: 'ops-t' });
  }
}

function harness(behaviour: 'exit' | 'hang' = 'exit', options: { readyTimeoutMs?: number } = {}) {
  const children: ScriptedChild[] = [];
  const argvs: string[][] = [];
  const lifecycle = new BackendLifecycle({
    fork: (args) => {
      argvs.push(args);
      const child = new ScriptedChild(behaviour);
      children.push(child);
      return child;
    },
    dataDir: '/data',
    backoff: { initialMs: 10, maxMs: 40 },
    maxRestarts: 3,
    stopGraceMs: 50,
    readyTimeoutMs: options.readyTimeoutMs ?? 1000,
  });
  const states: BackendState[] = [];
  lifecycle.onState((s) => states.push(s));
  return { lifecycle, children, argvs, states };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('BackendLifecycle', () => {
  it('is ready with the loopback URL and tokens the child reported', async () => {
    const { lifecycle, children, argvs } = harness();
    const started = lifecycle.start();
    children[0]!.ready(4321);
    await expect(started).resolves.toEqual({
      url: 'http://127.0.0.1:4321',
      hostToken: 'host-t',
      opsToken: 'ops-t',
    });
    expect(argvs[0]).toEqual(['--data-dir', '/data', '--port', '0']);
  });

  it('ignores a malformed message from the child', async () => {
    const { lifecycle, children } = harness('exit', { readyTimeoutMs: 100 });
    void lifecycle.start().catch(() => undefined);
    children[0]!.emit('message', { type: 'ready', port: 'http://evil' });
    await tick(20);
    expect(lifecycle.state.status).toBe('starting');
    await lifecycle.stop();
  });

  it('restarts a crashed backend on its port with doubling delays, then gives up and says why', async () => {
    const { lifecycle, children, argvs, states } = harness();
    void lifecycle.start();
    children[0]!.ready(5000);
    await tick();
    for (let i = 0; i < 4; i++) {
      const child = children.at(-1)!;
      child.emit('message', { type: 'error', message: 'database is locked' });
      child.emit('exit', 1);
      await tick(60);
    }
    const restarts = states.filter((s) => s.status === 'restarting');
    expect(restarts.map((s) => (s as { delayMs: number }).delayMs)).toEqual([10, 20, 40]);
    expect(restarts.map((s) => (s as { attempt: number }).attempt)).toEqual([2, 3, 4]);
    expect(argvs.slice(1).every((a) => a.includes('5000'))).toBe(true);
    expect(lifecycle.state).toEqual({ status: 'failed', reason: 'database is locked' });
  });

  it('a child that never gets ready is killed after the timeout and retried', async () => {
    const { lifecycle, children, states } = harness('exit', { readyTimeoutMs: 30 });
    const started = lifecycle.start();
    while (children.length < 2) await tick(1);
    expect(children[0]!.killed).toBe(true);
    expect(states).toContainEqual(
      expect.objectContaining({ status: 'restarting', reason: 'not ready within 30 ms' }),
    );
    children[1]!.ready();
    await expect(started).resolves.toMatchObject({ url: 'http://127.0.0.1:4321' });
  });

  it('stop asks the child to stop; one that hangs is killed after the grace period', async () => {
    const clean = harness('exit');
    void clean.lifecycle.start();
    clean.children[0]!.ready();
    await clean.lifecycle.stop();
    expect(clean.children[0]!.received).toEqual([{ type: 'stop' }]);
    expect(clean.children[0]!.killed).toBe(false);

    const stuck = harness('hang');
    void stuck.lifecycle.start();
    stuck.children[0]!.ready();
    const t0 = Date.now();
    await stuck.lifecycle.stop();
    expect(stuck.children[0]!.killed).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    expect(stuck.lifecycle.state.status).toBe('stopped');
    expect(stuck.children).toHaveLength(1); // the stop's exit is not a crash: no restart
  });

  it('a start that is stopped first rejects', async () => {
    const { lifecycle } = harness();
    const started = lifecycle.start();
    await lifecycle.stop();
    await expect(started).rejects.toThrow(/stopped/);
  });
});
