// A page's token (the ops dashboard's, the replay page's): given once in the address (`?token=...`), then
// kept in sessionStorage for this tab under the page's own key and taken out of the address bar, so it is
// not left in the history, a bookmark or a screenshot.

export type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface PageTokenFound {
  token: string | null;
  /** The address without the token, to put in the address bar; null when it had none. */
  cleanUrl: string | null;
}

/** Reads the token from `href` (and keeps it under `key`), else from storage. Pure apart from `storage`. */
export function findPageToken(href: string, storage: TokenStorage | null, key: string): PageTokenFound {
  const url = new URL(href);
  const fromUrl = url.searchParams.get('token')?.trim() ?? null;
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    const cleanUrl = url.pathname + (url.search === '?' ? '' : url.search) + url.hash;
    if (fromUrl) {
      try {
        storage?.setItem(key, fromUrl);
      } catch {
        // storage refused (private mode): the token lasts for this page only
      }
      return { token: fromUrl, cleanUrl };
    }
    return { token: readStored(storage, key), cleanUrl };
  }
  return { token: readStored(storage, key), cleanUrl: null };
}

function readStored(storage: TokenStorage | null, key: string): string | null {
  try {
    return storage?.getItem(key) || null;
  } catch {
    return null;
  }
}

/** Forgets a token the backend refused, so a reload asks for a new link instead of failing again. */
export function forgetPageToken(storage: TokenStorage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // nothing kept
  }
}

export function sessionStore(): TokenStorage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** In the page: the token, with the address bar cleaned. */
export function takePageToken(key: string): string | null {
  const found = findPageToken(location.href, sessionStore(), key);
  if (found.cleanUrl !== null) history.replaceState(history.state, '', found.cleanUrl);
  return found.token;
}
