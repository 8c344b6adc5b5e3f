import { describe, expect, it } from 'vitest';
import { StudioError } from '../../core/protocol/result';
import { retrying, transientFailure } from './recover-retry';

const noWait = async () => undefined;

describe('retrying a media recovery', () => {
  it('tries a transient failure again and returns the first success', async () => {
    const seen: number[] = [];
    let calls = 0;
    const value = await retrying(
      async () => {
        calls++;
        if (calls < 3) throw new StudioError('internal', 'Channel closed');
        return 'live';
      },
      { stopped: () => false, sleep: noWait, delays: [1, 2, 3], onRetry: (_e, n) => seen.push(n) },
    );
    expect(value).toBe('live');
    expect(calls).toBe(3);
    expect(seen).toEqual([1, 2]);
  });

  it('gives up after the last wait with the last failure', async () => {
    let calls = 0;
    await expect(
      retrying(
        async () => {
          calls++;
          throw new StudioError('unavailable', `down ${calls}`);
        },
        { stopped: () => false, sleep: noWait, delays: [1, 2] },
      ),
    ).rejects.toThrow('down 3');
    expect(calls).toBe(3);
  });

  it('does not retry what the backend refused for good, nor after the client stopped', async () => {
    let calls = 0;
    const ended = retrying(
      async () => {
        calls++;
        throw new StudioError('not_found', 'The room has ended');
      },
      { stopped: () => false, sleep: noWait },
    );
    await expect(ended).rejects.toThrow('The room has ended');
    expect(calls).toBe(1);

    let stopped = false;
    calls = 0;
    const closed = retrying(
      async () => {
        calls++;
        throw new StudioError('internal', 'Channel closed');
      },
      {
        stopped: () => stopped,
        sleep: async () => {
          stopped = true; // the client closed during the wait
        },
      },
    );
    await expect(closed).rejects.toThrow('Channel closed');
    expect(calls).toBe(1);
  });

  it('calls a request that never reached the backend transient, a refusal not', () => {
    expect(transientFailure(new Error('operation has timed out'))).toBe(true);
    expect(transientFailure(new StudioError('timeout', 'slow'))).toBe(true);
    expect(transientFailure(new StudioError('forbidden', 'no'))).toBe(false);
    expect(transientFailure(new StudioError('capacity', 'full'))).toBe(false);
  });
});
