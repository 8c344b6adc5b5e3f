// The links to a backend's pages with a token in their query (each page keeps the token for the tab and takes
// it out of the address bar): operations staff open /dashboard with an ops token, hosts and analysts open
// /replay with theirs. One place, for the studio's links to its embedded backend and for
// `npm run server -- --issue-token ops`.
export const OPS_DASHBOARD_PATH = '/dashboard';
export const REPLAY_PATH = '/replay';

/** `<backend>/dashboard?token=<ops token>`; the backend's own path, query and fragment are dropped. */
export function opsDashboardUrl(backendUrl: string, opsToken: string): string {
  const url = new URL(OPS_DASHBOARD_PATH, new URL(backendUrl).origin);
  url.searchParams.set('token', opsToken);
  return url.toString();
}

/** `<backend>/replay?token=<token>` (a host sees its own streams, ops and analysts every stream). */
export function replayUrl(backendUrl: string, token: string): string {
  const url = new URL(REPLAY_PATH, new URL(backendUrl).origin);
  url.searchParams.set('token', token);
  return url.toString();
}
