import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackendStatus, StudioEventMessage } from '../core/protocol/studio-api';
import { quietLogger } from '../tests/support/quiet-logger';
import { StudioEventHub } from './studio-events';

const status = (latencyMs: number): BackendStatus => ({
  url: 'http://backend',
  state: 'connected',
  latencyMs,
  lastError: null,
});

describe('studio event hub', () => {
  afterEach(() => vi.useRealTimers());

  it('turns a burst of changes into one push of the latest state', async () => {
    vi.useFakeTimers();
    const hub = new StudioEventHub(quietLogger);
    const pushed: StudioEventMessage[] = [];
    hub.on((m) => pushed.push(m));
    let latency = 0;
    const changed = hub.source('backend.status', () => status(latency));
    for (latency = 1; latency <= 5; latency++) changed();
    latency = 5;
    await vi.runAllTimersAsync();
    expect(pushed).toEqual([{ event: 'backend.status', payload: status(5) }]);
    expect(hub.latest('backend.status')).toEqual(status(5));
    hub.close();
  });

  it('pushes at most once per interval, and the last change is never lost', async () => {
    vi.useFakeTimers();
    const hub = new StudioEventHub(quietLogger);
    const pushed: number[] = [];
    hub.on((m) => pushed.push((m.payload as BackendStatus).latencyMs!));
    let latency = 0;
    const changed = hub.source('backend.status', () => status(latency), 250);
    latency = 1;
    changed();
    await vi.advanceTimersByTimeAsync(1);
    expect(pushed).toEqual([1]);
    // Three changes inside the interval: one push, at its end, with the last of them.
    for (const l of [2, 3, 4]) {
      latency = l;
      changed();
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(pushed).toEqual([1]);
    await vi.advanceTimersByTimeAsync(250);
    expect(pushed).toEqual([1, 4]);
    hub.close();
  });

  it('reads an async state one at a time, and reads again for a change that came meanwhile', async () => {
    const hub = new StudioEventHub(quietLogger);
    const pushed: number[] = [];
    hub.on((m) => pushed.push((m.payload as BackendStatus).latencyMs!));
    let latency = 1;
    let reads = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const changed = hub.source('backend.status', async () => {
      reads++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const seen = latency;
      await new Promise((r) => setTimeout(r, 30));
      inFlight--;
      return status(seen);
    });
    changed();
    await new Promise((r) => setTimeout(r, 10));
    latency = 2;
    changed(); // while the first read is out
    await vi.waitFor(() => expect(pushed).toEqual([1, 2]));
    expect(reads).toBe(2);
    expect(maxInFlight).toBe(1);
    hub.close();
  });

  it('keeps pushing to the other listeners when one fails, and stops after close or a disposer', async () => {
    vi.useFakeTimers();
    const hub = new StudioEventHub(quietLogger);
    const a: unknown[] = [];
    const b: unknown[] = [];
    hub.on(() => {
      throw new Error('listener bug');
    });
    const offA = hub.on((m) => a.push(m.payload));
    hub.on((m) => b.push(m.payload));
    const changed = hub.source('backend.status', () => status(1));
    changed();
    await vi.runAllTimersAsync();
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    offA();
    changed();
    await vi.runAllTimersAsync();
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(2);
    hub.close();
    hub.close(); // twice is harmless
    changed();
    await vi.runAllTimersAsync();
    expect(b).toHaveLength(2);
  });
});
