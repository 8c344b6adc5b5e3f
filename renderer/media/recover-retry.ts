// Retrying a room client's media recovery: after a media reset the new router can still die under the
// client's first requests (every worker killed at once: the server tells the room again, but the first try
// has failed by then). A failure the backend calls transient is tried again after a growing wait; one it
// names (forbidden, not_found: the room ended) is not, nor is any once the client closed.
import { StudioError, type ErrorCode } from '../../core/protocol/result';

/** Waits before the 2nd, 3rd and 4th tries. */
export const RECOVER_RETRY_MS: readonly number[] = [500, 1500, 3000];

const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['unavailable', 'timeout', 'internal']);

/** A failure worth another try: one the backend calls transient, or one that never reached it (a timeout). */
export function transientFailure(error: unknown): boolean {
  return error instanceof StudioError ? TRANSIENT.has(error.code) : true;
}

/**
 * Runs `task` until it succeeds, fails for good, `stopped()` says to give up, or the waits run out; rejects
 * with the last failure. `onRetry` is told of each failure that is tried again.
 */
export async function retrying<T>(
  task: () => Promise<T>,
  options: {
    stopped: () => boolean;
    delays?: readonly number[];
    sleep?: (ms: number) => Promise<void>;
    onRetry?: (error: unknown, attempt: number) => void;
  },
): Promise<T> {
  const delays = options.delays ?? RECOVER_RETRY_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      const delay = delays[attempt - 1];
      if (delay === undefined || options.stopped() || !transientFailure(error)) throw error;
      options.onRetry?.(error, attempt);
      await sleep(delay);
      if (options.stopped()) throw error;
    }
  }
}
