// Parts of the replay bench (replay-bench.ts): the backend child process, socket calls that fail loudly
// (naming the missing part) when the backend does not serve an event, the end -> ready measurement through
// the real host path, and the search latency over the stream's comments and captions.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import type { RecordingStatus, ReplayListItem, ReplayState, SearchHit } from '../../core/protocol/replay';
import { BenchFailure } from './ops-bench-parts';
import { Rng } from './replay-bench-data';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');

export interface ReplayServer {
  child: ChildProcess;
  url: string;
  tokens: { host: string; ops: string; analyst: string };
  /** The backend's last warnings and errors (its stderr), for the report. */
  said: string[];
}

export function startReplayServer(sqliteFile: string, recordingsDir: string): Promise<ReplayServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(HERE, 'replay-bench-server.ts'), sqliteFile],
    {
      cwd: ROOT,
      env: { ...process.env, LIVEBRIDGE_RECORDINGS: recordingsDir },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: false,
    },
  );
  let out = '';
  const said: string[] = [];
  child.stderr!.on('data', (d: Buffer) => {
    for (const line of String(d).split('\n').filter(Boolean)) said.push(line.slice(0, 400));
    if (said.length > 40) said.splice(0, said.length - 40);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new BenchFailure(`the backend did not start:\n${out}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /URL (\S+) HOST (\S+) OPS (\S+) ANALYST (\S+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, tokens: { host: m[2]!, ops: m[3]!, analyst: m[4]! }, said });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += String(d)));
    child.once('exit', (code) =>
      reject(new BenchFailure(`the backend exited (${code}):\n${out.slice(-4000)}`)),
    );
  });
}

export async function openSocket(url: string, token: string): Promise<Socket> {
  const s = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', (e) => reject(new BenchFailure(`could not connect: ${e.message}`)));
  });
  return s;
}

type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** One call; no answer, `unavailable` or any refusal is a BenchFailure naming what is missing. */
export async function ask<T>(
  s: Socket,
  event: string,
  input: unknown,
  missing: string,
  timeoutMs = 30_000,
): Promise<T> {
  let r: Answer<T>;
  try {
    r = (await s.timeout(timeoutMs).emitWithAck(event as never, input as never)) as Answer<T>;
  } catch {
    if (!s.connected)
      throw new BenchFailure(
        `${event}: the connection dropped before the answer (a backend whose event loop is blocked for long ` +
          `misses its pings)`,
      );
    throw new BenchFailure(`${event}: no answer in ${timeoutMs / 1000} s: ${missing}`);
  }
  if (r.ok) return r.value;
  if (r.error.code === 'unavailable' || r.error.code === 'not_implemented')
    throw new BenchFailure(`${event} answers ${r.error.code} (${r.error.message}): ${missing}`);
  throw new BenchFailure(`${event} was refused: ${r.error.code}: ${r.error.message}`);
}

/** Why a replay event went unanswered: the service is not in this checkout, or the backend did not answer. */
export const MISSING_REPLAY = existsSync(path.join(ROOT, 'server/replay/replay-service.ts'))
  ? 'the backend has the replay service (server/replay) but did not answer in time: busy or stuck'
  : 'the replay backend (server/replay, branch rb) is not in this checkout';

export interface ReadyResult {
  readyAfterEndS: number;
  /** The states 'replay:list' showed after the end, with seconds since the end (each change once). */
  states: { state: ReplayState; s: number }[];
  /** The longest the backend's event loop was blocked between the end and ready, ms. */
  loopBlockMs: number;
  /** List answers that took longer than 1 s (the backend busy), and the longest, ms. */
  slowAnswers: number;
  slowestAnswerMs: number;
  /** Connections of the asking analyst that dropped meanwhile (the backend too busy to answer pings). */
  drops: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Ends the stream through the real host path (the host rejoins with its key, `live:end`) and times end ->
 * ready as 'replay:list' shows it, asked every 500 ms. Not 'replay:get' (whose watchers are pushed
 * 'replay:state'): before a replay is ready each 'replay:get' builds the whole replay again, so a watcher
 * would add its own build of the stream to the one being timed.
 */
export async function endAndWaitReady(
  server: ReplayServer,
  room: { roomId: string; hostKey: string },
  timeoutMs: number,
): Promise<ReadyResult> {
  let analyst = await openSocket(server.url, server.tokens.analyst);
  const host = await openSocket(server.url, server.tokens.host);
  let drops = 0;
  try {
    // The host is back first: this backend started after the history was stored, and until its host
    // joins, a live room is a stream whose backend was killed ('partial'). A backend without the replay
    // service does not answer at all: found out in seconds, not minutes.
    await ask(host, 'room:join', room, 'the host could not join its room');
    const listed = async () => {
      const items = await ask<ReplayListItem[]>(
        analyst,
        'replay:list',
        { limit: 50 },
        MISSING_REPLAY,
        120_000,
      );
      return items.find((i) => i.roomId === room.roomId)?.state ?? null;
    };
    const before = await listed();
    if (before !== 'live')
      throw new BenchFailure(`the stream is '${before}' in the list before its end, not live`);
    await loopBlockMs(server); // from here on
    const endedAt = Date.now();
    await ask(host, 'live:end', { roomId: room.roomId }, 'live:end failed', 120_000);
    const states: { state: ReplayState; s: number }[] = [];
    let slowAnswers = 0;
    let slowestAnswerMs = 0;
    while (Date.now() - endedAt < timeoutMs) {
      const t0 = Date.now();
      let state: ReplayState | null = null;
      try {
        if (!analyst.connected) analyst = await openSocket(server.url, server.tokens.analyst);
        state = await listed();
      } catch {
        // A backend whose event loop is blocked drops connections (missed pings): asked again on a new one.
        drops++;
        analyst.disconnect();
        await sleep(500);
        continue;
      }
      const took = Date.now() - t0;
      slowestAnswerMs = Math.max(slowestAnswerMs, took);
      if (took > 1000) slowAnswers++;
      const s = (Date.now() - endedAt) / 1000;
      if (state && states.at(-1)?.state !== state) states.push({ state, s });
      if (state === 'ready') {
        const block = await loopBlockMs(server);
        return { readyAfterEndS: s, states, loopBlockMs: block, slowAnswers, slowestAnswerMs, drops };
      }
      await sleep(500);
    }
    throw new BenchFailure(
      `not ready within ${timeoutMs / 1000} s of the end (list: ${JSON.stringify(states)}, ${drops} dropped connections)`,
    );
  } finally {
    analyst.disconnect();
    host.disconnect();
  }
}

const CJK = /[\u3400-\u9fff]/;

/** Search strings: half Chinese substrings (2-3 characters) and half Latin words, from stored texts. */
export function searchQueries(texts: readonly string[], n: number, seed = 5): string[] {
  const rng = new Rng(seed);
  const chinese: string[] = [];
  const latin: string[] = [];
  for (const text of texts) {
    const runs = text.match(/[\u3400-\u9fff]{2,}/g) ?? [];
    for (const run of runs) {
      const len = Math.min(run.length, 2 + rng.int(2));
      const at = rng.int(run.length - len + 1);
      chinese.push(run.slice(at, at + len));
    }
    for (const word of text.match(/[A-Za-zÀ-ÿ]{4,}/g) ?? []) latin.push(word.toLowerCase());
  }
  if (chinese.length === 0 || latin.length === 0)
    throw new BenchFailure('the stored texts gave no Chinese or no Latin search strings');
  return Array.from({ length: n }, (_, i) => (i % 2 === 0 ? rng.pick(chinese) : rng.pick(latin)));
}

export interface SearchResult {
  samples: number[];
  /** Searches that found nothing (every query comes from a stored text, so each should find one). */
  empty: number;
  chinese: number[];
  latin: number[];
}

/** Each query as 'replay:search' from an analyst connection, one at a time, round trip timed. */
export async function timeSearches(
  server: ReplayServer,
  roomId: string,
  queries: string[],
): Promise<SearchResult> {
  const s = await openSocket(server.url, server.tokens.analyst);
  const out: SearchResult = { samples: [], empty: 0, chinese: [], latin: [] };
  try {
    await ask(s, 'replay:search', { roomId, q: queries[0] }, MISSING_REPLAY, 60_000); // warm-up, not counted
    for (const q of queries) {
      const t0 = performance.now();
      const hits = await ask<SearchHit[]>(s, 'replay:search', { roomId, q }, MISSING_REPLAY);
      const ms = performance.now() - t0;
      out.samples.push(ms);
      (CJK.test(q) ? out.chinese : out.latin).push(ms);
      if (hits.length === 0) out.empty++;
    }
  } finally {
    s.disconnect();
  }
  return out;
}

/** One question to the backend child over IPC; resolves with its answer of the same kind. */
function askChild<T>(
  server: ReplayServer,
  message: { t: string; roomId?: string },
  timeoutMs = 120_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { t?: string }) => {
      if (m?.t !== message.t) return;
      clearTimeout(timer);
      server.child.off('message', onMessage);
      resolve(m as T);
    };
    const timer = setTimeout(() => {
      server.child.off('message', onMessage);
      reject(new BenchFailure(`the backend did not answer '${message.t}' in ${timeoutMs / 1000} s`));
    }, timeoutMs);
    server.child.on('message', onMessage);
    server.child.send(message);
  });
}

/** The backend's recorder for a room (RecordingsApi: status, CPU seconds of its FFmpeg). */
export async function recorderState(
  server: ReplayServer,
  roomId: string,
): Promise<{ cpuSeconds: number; status: RecordingStatus }> {
  const m = await askChild<{ cpuSeconds?: number; status?: RecordingStatus }>(
    server,
    { t: 'cpu', roomId },
    10_000,
  );
  if (typeof m.cpuSeconds !== 'number' || !m.status) throw new BenchFailure('no recorder figures');
  return { cpuSeconds: m.cpuSeconds, status: m.status };
}

/** The longest the backend's event loop was blocked since the last call, ms. */
export async function loopBlockMs(server: ReplayServer): Promise<number> {
  return (await askChild<{ maxMs: number }>(server, { t: 'lag' })).maxMs;
}
