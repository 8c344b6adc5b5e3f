// The viewer identity the backend issued this browser (session:identity), kept per room in localStorage so
// a reload is the same person to the room (its orders, its comments' handle). The room's link token is only
// presented when no usable identity is stored.
import { ViewerSessionSchema } from '../../core/protocol/server-events';
import type { ViewerSession } from '../../core/protocol/socket-events';

/** What a session:identity must look like; anything else, from the socket or from storage, is not used. */
export { ViewerSessionSchema };

/** An identity this close to its expiry is not presented: the backend would refuse it mid-connection. */
export const EXPIRY_MARGIN_MS = 60_000;

export type SessionStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const viewerSessionKey = (roomId: string) => `livebridge.viewer.${roomId}`;

/** The name others see next to this viewer's comments: derived from the handle, so it is stable per room. */
export const viewerDisplayName = (handle: string) => `Viewer ${handle.slice(-4)}`;

/** The page's localStorage, or null where the browser refuses it (storage disabled, sandboxed frame). */
export function browserStorage(): SessionStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The stored identity for `roomId`, or null when there is none, it is malformed, or it (nearly) expired. */
export function loadViewerSession(
  storage: SessionStorage | null,
  roomId: string,
  now: number,
): ViewerSession | null {
  if (!storage) return null;
  try {
    const raw = storage.getItem(viewerSessionKey(roomId));
    if (raw === null) return null;
    const parsed = ViewerSessionSchema.safeParse(JSON.parse(raw));
    if (parsed.success && parsed.data.roomId === roomId && parsed.data.expiresAt - EXPIRY_MARGIN_MS > now)
      return parsed.data;
    storage.removeItem(viewerSessionKey(roomId));
  } catch {
    // Unparseable JSON or storage that throws: behave as if nothing was stored.
  }
  return null;
}

export function saveViewerSession(storage: SessionStorage | null, session: ViewerSession): void {
  try {
    storage?.setItem(viewerSessionKey(session.roomId), JSON.stringify(session));
  } catch {
    // Full or refused storage: this page keeps the identity for its own life only.
  }
}

export function forgetViewerSession(storage: SessionStorage | null, roomId: string): void {
  try {
    storage?.removeItem(viewerSessionKey(roomId));
  } catch {
    // Nothing stored can be presented again either way.
  }
}

/** Earlier versions kept a viewer id made by the browser; the backend says who a viewer is now. */
export function forgetLegacyViewerId(storage: SessionStorage | null): void {
  try {
    storage?.removeItem('livebridge.viewerId');
  } catch {
    // Refused storage holds no legacy id either.
  }
}
