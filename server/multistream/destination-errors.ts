// What FFmpeg's words mean for a destination: the typed reason the studio shows (bad key, unreachable,
// refused, codec), and the line itself with the stream key taken out of it.
import type { DestinationError } from '../../core/protocol/multistream';

const RULES: { error: DestinationError; test: RegExp }[] = [
  // The ingest server answered the publish with an error (a wrong or expired stream key, most often).
  {
    error: 'bad_key',
    test: /Server error|BadName|NetStream\.Publish\.(BadName|Denied|Rejected)|unauthori[sz]ed|forbidden|auth(entication)? (fail|verif)/i,
  },
  {
    error: 'unreachable',
    test: /Connection refused|timed out|Name or service not known|Failed to resolve|Temporary failure in name resolution|No route to host|Network is unreachable|Cannot assign requested address|Host is unreachable/i,
  },
  {
    error: 'refused',
    test: /handshake|TLS|SSL|certificate|Connection reset|Broken pipe|End of file|Input\/output error/i,
  },
  { error: 'codec', test: /codec|Could not write header|not currently supported|Invalid data found/i },
];

/** Said when the server hung up on the publish: most ingests (Twitch, YouTube) answer a wrong key so. */
export const HUNG_UP_ON_PUBLISH =
  'The server closed the connection when the stream was published: is the stream key right and current?';

/**
 * The reason an FFmpeg run gave for failing; 'unknown' when its words match none. A server that took the
 * connection and then hung up before the stream went live (no TLS or handshake words) refused the publish:
 * that is how most platforms answer a wrong stream key, so it is `bad_key` with `hint` saying so.
 */
export function classifyFailure(
  stderr: string,
  wentLive = true,
): { error: DestinationError; hint: string | null } {
  const rule = RULES.find((r) => r.test.test(stderr));
  const error = rule?.error ?? 'unknown';
  if (
    !wentLive &&
    error === 'refused' &&
    /End of file|Connection reset|Broken pipe/i.test(stderr) &&
    !/TLS|SSL|handshake|certificate/i.test(stderr)
  )
    return { error: 'bad_key', hint: HUNG_UP_ON_PUBLISH };
  return { error, hint: null };
}

/** `text` with the stream key (and the URL it was joined to) replaced, trimmed to one line. */
export function redact(text: string, key: string, fullUrl: string): string {
  let out = text;
  if (fullUrl) out = out.split(fullUrl).join('[destination]');
  if (key) {
    out = out.split(key).join('[key]');
    const encoded = encodeURIComponent(key);
    if (encoded !== key) out = out.split(encoded).join('[key]');
  }
  return out.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** The last meaningful line of FFmpeg's stderr (progress lines are left out). */
export function lastError(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^[a-z_0-9]+=/.test(l) && !/^(frame|size)=/.test(l));
  // The most telling line names the error; else the last one.
  return (
    lines.filter((l) => /error|fail|refused|denied|reset|timed out|unable|cannot|invalid/i.test(l)).pop() ??
    lines.pop() ??
    ''
  );
}
