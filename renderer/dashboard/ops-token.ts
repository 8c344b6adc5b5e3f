// The ops token: given once in the address (`/dashboard?token=...`), then kept in sessionStorage for this
// tab and taken out of the address bar, so it is not left in the history, a bookmark or a screenshot.

export const OPS_TOKEN_KEY = 'livebridge.opsToken';

type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface OpsTokenFound {
  token: string | null;
  /** The address without the token, to put in the address bar; null when it had none. */
  cleanUrl: string | null;
}

/** Reads the token from `href` (and keeps it), else from storage. Pure apart from `storage`. */
export function findOpsToken(href: string, storage: TokenStorage | null): OpsTokenFound {
  const url = new URL(href);
  const fromUrl = url.searchParams.get('token')?.trim() ?? null;
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    const cleanUrl = url.pathname + (url.search === '?' ? '' : url.search) + url.hash;
    if (fromUrl) {
      try {
        storage?.setItem(OPS_TOKEN_KEY, fromUrl);
      } catch {
        // storage refused (private mode): the token lasts for this page only
      }
      return { token: fromUrl, cleanUrl };
    }
    return { token: readStored(storage), cleanUrl };
  }
  return { token: readStored(storage), cleanUrl: null };
}

function readStored(storage: TokenStorage | null): string | null {
  try {
    return storage?.getItem(OPS_TOKEN_KEY) || null;
  } catch {
    return null;
  }
}

/** Forgets a token the backend refused, so a reload asks for a new link instead of failing again. */
export function forgetOpsToken(storage: TokenStorage | null): void {
  try {
    storage?.removeItem(OPS_TOKEN_KEY);
  } catch {
    // nothing kept
  }
}

/** In the page: the token, with the address bar cleaned. */
export function takeOpsToken(): string | null {
  let storage: TokenStorage | null = null;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = null;
  }
  const found = findOpsToken(location.href, storage);
  if (found.cleanUrl !== null) history.replaceState(history.state, '', found.cleanUrl);
  return found.token;
}
