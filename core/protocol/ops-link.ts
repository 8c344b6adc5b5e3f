// The link operations staff open: a backend's /dashboard with an ops token in its query (the dashboard
// keeps the token for the tab and takes it out of the address bar). One place, for the studio's link to its
// embedded backend and for `npm run server -- --issue-token ops`.
export const OPS_DASHBOARD_PATH = '/dashboard';

/** `<backend>/dashboard?token=<ops token>`; the backend's own path, query and fragment are dropped. */
export function opsDashboardUrl(backendUrl: string, opsToken: string): string {
  const url = new URL(OPS_DASHBOARD_PATH, new URL(backendUrl).origin);
  url.searchParams.set('token', opsToken);
  return url.toString();
}
