// Which token the viewer page presents, and keeping the identity the backend issues it: a stored identity
// for the room when there is a usable one, else the link's token; every session:identity is stored; a
// refused identity is dropped and the link tried once more before the page calls the link bad.
import type { RoomClient } from '../media/room-client';
import {
  forgetViewerSession,
  loadViewerSession,
  saveViewerSession,
  viewerDisplayName,
  type SessionStorage,
} from '../shared/viewer-session';

export interface ViewerIdentityOptions {
  roomId: string;
  /** The room token of the viewer link (`t`); empty when the link has none. */
  linkToken: string;
  storage: SessionStorage | null;
}

/** What the RoomClient opens with: the stored identity's token and name, or the link's token. */
export function initialViewerAuth(
  { roomId, linkToken, storage }: ViewerIdentityOptions,
  now: number,
): { token: string; clientName?: string } {
  const stored = loadViewerSession(storage, roomId, now);
  return stored
    ? { token: stored.token, clientName: viewerDisplayName(stored.handle) }
    : { token: linkToken };
}

/**
 * Stores each identity the backend issues for the room and handles refusals; `onBadLink` runs when the
 * link's own token is refused (or a refused identity has no link to fall back to). Returns a disposer.
 */
export function keepViewerIdentity(
  client: RoomClient,
  { roomId, linkToken, storage }: ViewerIdentityOptions,
  onBadLink: () => void,
): () => void {
  const offSession = client.on('session', (session) => {
    if (session.roomId !== roomId) return;
    saveViewerSession(storage, session);
    client.setAuth({ clientName: viewerDisplayName(session.handle) });
  });
  const onRefused = (err: Error) => {
    if (!err.message.startsWith('unauthenticated')) return;
    if (client.currentToken !== linkToken) {
      // The kept identity is refused (expired, or the backend's secret changed): start over from the
      // link, once; only the link's own refusal is a bad link.
      forgetViewerSession(storage, roomId);
      if (linkToken) {
        client.retryWith({ token: linkToken, clientName: undefined });
        return;
      }
    }
    onBadLink();
  };
  client.socket.on('connect_error', onRefused);
  return () => {
    offSession();
    client.socket.off('connect_error', onRefused);
  };
}
