// Every server-to-client event the tests' sockets receive is checked against its schema
// (core/protocol/server-events.ts); what does not fit is kept here, and each vitest test fails on it
// (tests/support/server-event-conformance.ts). So every gateway test also proves the backend's emits valid.
import { checkServerEvent, serverEventSchemas, type ServerEvent } from '../../core/protocol/server-events';

export const serverEventViolations: string[] = [];

export function recordServerEvent(event: string, payload: unknown): void {
  if (!Object.hasOwn(serverEventSchemas, event)) {
    serverEventViolations.push(`${event}: not in ServerToClientEvents`);
    return;
  }
  const checked = checkServerEvent(event as ServerEvent, payload);
  if (!checked.ok) serverEventViolations.push(checked.error.message);
}
