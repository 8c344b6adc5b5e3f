// vitest setup: a test whose sockets (tests/support/room-clients.ts) received a server event that does not
// fit its schema fails, naming the event and the fields.
import { afterEach, expect } from 'vitest';
import { serverEventViolations } from './server-event-recorder';

afterEach(() => {
  const found = serverEventViolations.splice(0);
  expect(found, 'server events that do not fit their schemas').toEqual([]);
});
