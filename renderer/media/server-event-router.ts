// The renderer's ServerEventHub (core/protocol/server-events.ts) for a RoomClient's socket: every server
// event is checked against its schema before any handler (and so any store or screen) sees it. A malformed
// one is dropped and counted, with one console warning per event type; a handler that throws is logged as
// an error, never thrown back into socket.io.
import { ServerEventHub, type ServerEventSource } from '../../core/protocol/server-events';

export function createServerEventRouter(socket: unknown): ServerEventHub {
  return new ServerEventHub(socket as ServerEventSource, {
    invalid: (error, count) => {
      if (count === 1) console.warn(error.message, error.issues);
    },
    handlerFailed: (event, error) => console.error(`A handler of ${event} failed`, error),
  });
}
