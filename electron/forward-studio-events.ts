// The host's pushed events (studioEvents) to the studio window, each on channel `studio-event:<event>`:
// sent to that one window's top frame, and only while it shows our own page. Kept apart from ipc.ts (it
// needs only Electron's types) so a unit test can check it without an Electron binary.
import type { WebContents } from 'electron';
import { STUDIO_EVENT_IPC_PREFIX } from '../core/protocol/studio-api';
import type { StudioHost } from '../main/studio-host';
import { isTrustedSenderUrl } from './window-options';

type EventSource = Pick<StudioHost, 'onEvent'>;
type Target = Pick<WebContents, 'isDestroyed' | 'getURL' | 'send' | 'once'>;

/** Returns a disposer; the forwarding also ends when the window's contents are destroyed. */
export function forwardStudioEvents(host: EventSource, contents: Target): () => void {
  const off = host.onEvent(({ event, payload }) => {
    if (contents.isDestroyed() || !isTrustedSenderUrl(contents.getURL())) return;
    contents.send(`${STUDIO_EVENT_IPC_PREFIX}${event}`, payload);
  });
  contents.once('destroyed', off);
  return off;
}
