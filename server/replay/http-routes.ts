// The replay's files over HTTP: `/api/replay/<roomId>/<file>?t=<ticket>` (segments/<seq>.webm,
// exports/<kind>, captions/<lang>.vtt|srt, clips/<from>-<to>.webm). Every request needs the ticket the socket
// request handed out with the URL (tickets.ts): for that room and file, not expired. Video is served with
// byte ranges (a player seeks with 206 answers); exports are made on request and sent as downloads.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type http from 'node:http';
import type { Logger } from '../log';
import type { ReplayReads } from './replay-reads';
import type { ReplayTickets } from './tickets';

export const REPLAY_HTTP_PREFIX = '/api/replay/';

/** A download's file name in Content-Disposition: ASCII fallback plus the RFC 5987 UTF-8 name. */
function disposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The single byte range asked for, 'unsatisfiable', or null to send the whole file (none, or several). */
export function parseRange(
  header: string | undefined,
  size: number,
): [number, number] | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return header.includes(',') ? null : 'unsatisfiable';
  const [startText, endText] = [m[1]!, m[2]!];
  if (!startText && !endText) return 'unsatisfiable';
  let start: number;
  let end: number;
  if (!startText) {
    const suffix = Number(endText);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(startText);
    end = endText ? Math.min(Number(endText), size - 1) : size - 1;
  }
  if (start >= size || end < start) return 'unsatisfiable';
  return [start, end];
}

function refuse(res: http.ServerResponse, status: number, message: string): true {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(message);
  return true;
}

export interface ReplayRoutesDeps {
  tickets: ReplayTickets;
  reads: ReplayReads;
  log: Logger;
}

/** Answers a replay file request; false when the path is not one (the caller goes on). */
export function handleReplayHttp(
  deps: ReplayRoutesDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): boolean {
  if (!url.pathname.startsWith(REPLAY_HTTP_PREFIX)) return false;
  void serve(deps, req, res, url).catch((error: unknown) => {
    deps.log.warn({ path: url.pathname, err: String(error) }, 'replay file not served');
    if (!res.headersSent) refuse(res, 500, 'The file could not be read');
    else res.destroy();
  });
  return true;
}

async function serve(
  deps: ReplayRoutesDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<unknown> {
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'private, no-store');
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Only GET and HEAD');
  const parts = url.pathname.slice(REPLAY_HTTP_PREFIX.length).split('/');
  let roomId: string;
  let file: string;
  try {
    roomId = decodeURIComponent(parts[0] ?? '');
    file = parts.slice(1).map(decodeURIComponent).join('/');
  } catch {
    return refuse(res, 400, 'Bad path');
  }
  if (!roomId || roomId.length > 64 || !file || file.length > 200) return refuse(res, 404, 'Not found');
  const check = deps.tickets.check(roomId, file, url.searchParams.get('t'));
  if (check === 'expired') return refuse(res, 403, 'This link has expired: open the replay again');
  if (check !== 'ok') return refuse(res, 403, 'A valid replay ticket is required');

  const found = await deps.reads.file(roomId, file);
  if (!found) return refuse(res, 404, 'Not found');
  if (found.kind === 'body') {
    const body = Buffer.from(found.body, 'utf8');
    res.writeHead(200, {
      'content-type': found.type,
      'content-length': body.length,
      'content-disposition': disposition('attachment', found.download),
    });
    return res.end(req.method === 'HEAD' ? undefined : body);
  }
  const info = await stat(found.path).catch(() => null);
  if (!info?.isFile()) return refuse(res, 404, 'The recording file is gone');
  const headers: http.OutgoingHttpHeaders = { 'content-type': found.type, 'accept-ranges': 'bytes' };
  if (found.download) headers['content-disposition'] = disposition('attachment', found.download);
  const range = parseRange(req.headers.range, info.size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${info.size}` });
    return res.end();
  }
  const [start, end] = range ?? [0, info.size - 1];
  res.writeHead(range ? 206 : 200, {
    ...headers,
    'content-length': Math.max(0, end - start + 1),
    ...(range ? { 'content-range': `bytes ${start}-${end}/${info.size}` } : {}),
  });
  if (req.method === 'HEAD' || info.size === 0) return res.end();
  const stream = createReadStream(found.path, { start, end });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
  return undefined;
}
