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

/** The reason an FFmpeg run gave for failing; 'unknown' when its words match none. */
export function classifyFailure(stderr: string): DestinationError {
  for (const rule of RULES) if (rule.test.test(stderr)) return rule.error;
  return 'unknown';
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
