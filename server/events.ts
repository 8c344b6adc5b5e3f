// Binds a typed handler to a client event: rate limit, validate with the event's zod schema, run, and
// answer through the ack with a Result. Nothing a client sends can throw out of a handler.
import { ok, parseInput, StudioError, toProtocolError, type Result } from '../core/protocol/result';
import {
  clientEventSchemas,
  type ClientEventInput,
  type ClientEventValue,
} from '../core/protocol/socket-events';
import type { GatewaySocket } from './gateway-types';
import type { Logger } from './log';

export type EventName = keyof typeof clientEventSchemas;
export type EventInput<E extends EventName> = ClientEventInput<E>;
export type EventValue<E extends EventName> = ClientEventValue<E>;
export type Bind = <E extends EventName>(
  event: E,
  handler: (input: EventInput<E>) => Promise<EventValue<E>> | EventValue<E>,
) => void;

/** mediasoup reports bad parameters as TypeError/UnsupportedError: those are the client's fault. */
function asStudioError(error: unknown): unknown {
  if (error instanceof Error && (error.name === 'TypeError' || error.name === 'UnsupportedError')) {
    return new StudioError('invalid_argument', error.message.slice(0, 300));
  }
  if (error instanceof Error && error.name === 'InvalidStateError') {
    return new StudioError('unavailable', error.message.slice(0, 300));
  }
  return error;
}

/** An analyst reads replays and nothing else: every other event is refused, whichever module binds it. */
export const analystMay = (event: string) => event.startsWith('replay:') || event === 'server:ping';

export function eventBinder(socket: GatewaySocket, log: Logger): Bind {
  return (event, handler) => {
    // Registered loosely on purpose: a client can send anything, in any arity.
    (socket as unknown as { on(e: string, l: (...a: unknown[]) => void): void }).on(event, (...args) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: unknown) => void) : null;
      void (async () => {
        let result: Result<unknown>;
        try {
          if (!socket.data.buckets.events.take()) throw new StudioError('rate_limited', 'Too many requests');
          if (socket.data.identity.role === 'analyst' && !analystMay(event))
            throw new StudioError('forbidden', 'An analyst may only read replays');
          const input = parseInput(clientEventSchemas[event], args[0], `payload for ${event}`);
          result = ok(await handler(input as EventInput<typeof event>));
        } catch (raw) {
          const error = asStudioError(raw);
          if (!(error instanceof StudioError)) log.error({ event, err: error }, 'event handler failed');
          result = { ok: false, error: toProtocolError(error) };
        }
        if (ack) ack(result);
        else if (!result.ok) socket.emit('server:error', { event, ...result.error });
      })();
    });
  };
}
