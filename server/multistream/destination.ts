// One destination: its own FFmpeg that copies the shared encode's FLV (from its stdin) to the platform's
// RTMP(S) ingest, its state (connecting, live, reconnecting, error, ended) and its health. It exits alone and
// reconnects alone with backoff; a link that cannot keep up drops up to the next key frame. Its stream key
// is in FFmpeg's arguments only: every word it gives is redacted before it reaches a log or a status.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { DestinationError, DestinationState, DestinationStatus } from '../../core/protocol/multistream';
import { platformOf } from '../../core/protocol/multistream';
import type { Logger } from '../log';
import { classifyFailure, lastError, redact } from './destination-errors';
import { FLV_VIDEO, withTimestamp, type FlvTag } from './flv';

export interface DestinationConfig {
  id: string;
  name: string;
  url: string;
  key: string;
}

/** The stream's start as a destination needs it: the FLV header and what a decoder needs first. */
export interface StreamStart {
  header: Buffer;
  /** onMetaData, the AVC and AAC sequence headers (those the encode has). */
  preamble: Buffer[];
  hasVideo: boolean;
}

export const RECONNECT_BACKOFF_MS = [1000, 2000, 4000, 8000, 10_000];
/** Failures in a row without going live after which the state says error (it still retries). */
const FAILURES_FOR_ERROR = 3;
/** Queued bytes at which the destination drops up to the next key frame, and below which it resumes. */
const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;
/** Live with no byte sent for this long: the connection hangs; FFmpeg is restarted. */
const STALL_MS = 12_000;
const STOP_GRACE_MS = 3000;

export function fullUrl(config: Pick<DestinationConfig, 'url' | 'key'>): string {
  return `${config.url.replace(/\/+$/, '')}/${config.key}`;
}

export function destinationArgs(target: string): string[] {
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'warning', '-nostats'],
    ...['-progress', 'pipe:1', '-stats_period', '1'],
    ...['-f', 'flv', '-probesize', '65536', '-analyzeduration', '1000000', '-i', 'pipe:0'],
    ...['-map', '0', '-c', 'copy', '-f', 'flv', '-flvflags', 'no_duration_filesize', target],
  ];
}

export class Destination {
  private child: ChildProcess | null = null;
  private state: DestinationState = 'connecting';
  private error: DestinationError | null = null;
  private detail: string | null = null;
  private since = Date.now();
  private liveSince = 0;
  private reconnects = 0;
  private failures = 0;
  private dropped = 0;
  private ffmpegDrops = 0;
  private bitrateKbps: number | null = null;
  private stderr = '';
  private retryTimer: NodeJS.Timeout | null = null;
  private stallTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Waiting for a video key frame before sending (start, after a drop, after the encoder restarted). */
  private needKeyframe = true;
  /** The next start point sets the timestamp offset (a new FFmpeg, a new encode). */
  private rebase = true;
  private dropping = false;
  private offset = 0;
  private lastOutTs = -40;
  private lastBytes = 0;
  private lastBytesAt = 0;
  /** Progress reports of this FFmpeg run with more bytes sent than the one before. */
  private increases = 0;
  private sentPreamble: Buffer[] = [];
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly config: DestinationConfig,
    private readonly deps: {
      bin: string;
      roomId: string;
      log: Logger;
      changed(): void;
      /** The stream's start now; null while the encoder has written none. */
      start(): StreamStart | null;
    },
  ) {}

  status(): DestinationStatus {
    return {
      id: this.config.id,
      name: this.config.name,
      platform: platformOf(this.config.url),
      state: this.state,
      error: this.error,
      detail: this.detail,
      bitrateKbps: this.bitrateKbps,
      droppedFrames: this.dropped + this.ffmpegDrops,
      uptimeMs: this.state === 'live' ? Date.now() - this.liveSince : 0,
      reconnects: this.reconnects,
      since: this.since,
    };
  }

  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  get live(): boolean {
    return this.state === 'live';
  }

  /** Something went wrong before any FFmpeg could run (no FFmpeg, no media): shown as is. */
  fail(error: DestinationError, detail: string): void {
    if (this.stopped) return;
    this.set(this.state === 'live' ? 'reconnecting' : 'error', error, detail);
  }

  /** The encoder has a stream (again): runs FFmpeg unless it runs on the same stream start already. */
  streamStarted(start: StreamStart): void {
    if (this.stopped) return;
    this.needKeyframe = true;
    this.rebase = true;
    const same =
      this.child &&
      start.preamble.length === this.sentPreamble.length &&
      start.preamble.every((b, i) => b.subarray(11).equals(this.sentPreamble[i]!.subarray(11)));
    if (same) return; // the same codec parameters: carry on at the next key frame
    if (this.child) void this.kill().then(() => this.spawn());
    else if (!this.retryTimer) this.spawn();
  }

  /** One tag of the shared encode. Never blocks: a destination that cannot keep up drops. */
  feed(tag: FlvTag, hasVideo: boolean): void {
    const stdin = this.child?.stdin;
    if (!stdin || this.child?.exitCode !== null || stdin.destroyed || stdin.writableEnded) return;
    if (tag.sequenceHeader) return; // sent once at the start (a change restarts FFmpeg)
    const startPoint = hasVideo ? tag.keyframe : true;
    if (this.dropping && startPoint && stdin.writableLength <= LOW_WATER) this.dropping = false;
    if (!this.dropping && stdin.writableLength > HIGH_WATER) {
      this.dropping = true;
      this.needKeyframe = true;
    }
    if (this.dropping || (this.needKeyframe && !startPoint)) {
      if (this.dropping && tag.type === FLV_VIDEO) this.dropped++;
      return;
    }
    this.needKeyframe = false;
    // A new FFmpeg or a new encode: timestamps go on from the last one sent. After a drop they jump ahead
    // (the gap is real time that was not sent).
    if (this.rebase) {
      this.rebase = false;
      this.offset = tag.timestamp - (this.lastOutTs + 40);
    }
    const ts = Math.max(0, tag.timestamp - this.offset);
    if (tag.type === FLV_VIDEO) this.lastOutTs = Math.max(this.lastOutTs, ts);
    stdin.write(withTimestamp(tag.bytes, ts));
  }

  private spawn(): void {
    if (this.stopped) return;
    const start = this.deps.start();
    if (!start) return; // streamStarted() runs it once the encoder has a stream
    const target = fullUrl(this.config);
    const child = spawn(this.deps.bin, destinationArgs(target), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.stderr = '';
    this.lastBytes = 0;
    this.lastBytesAt = Date.now();
    this.increases = 0;
    let wentLive = false;
    this.exited = new Promise((resolve) => child.once('close', () => resolve()));
    child.once('error', () => undefined); // spawn failures arrive as 'close' with the reason in stderr
    child.stdin.on('error', () => undefined); // EPIPE when FFmpeg exits: 'close' tells why
    child.stderr.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-8000)));
    let progress = '';
    child.stdout.on('data', (d: Buffer) => {
      progress += d.toString();
      // Reports end with `progress=continue`; the last one (`progress=end`) is FFmpeg's summary at its exit,
      // bytes that may never have reached the server: it says nothing about being live.
      for (let m = /progress=(\w+)\r?\n/.exec(progress); m; m = /progress=(\w+)\r?\n/.exec(progress)) {
        const block = progress.slice(0, m.index);
        progress = progress.slice(m.index + m[0].length);
        if (m[1] === 'continue' && this.onProgress(child, block)) wentLive = true;
      }
    });
    child.once('close', (code, signal) => {
      if (this.child === child) this.child = null;
      this.clearStall();
      if (this.stopped || child !== this.current) return;
      this.current = null;
      this.exitedAlone(wentLive, code, signal);
    });
    this.current = child;
    this.sentPreamble = start.preamble;
    this.needKeyframe = true;
    this.rebase = true;
    this.dropping = false;
    this.lastOutTs = -40;
    child.stdin.write(start.header);
    for (const tag of start.preamble) child.stdin.write(withTimestamp(tag, 0));
    // A first try (or one after media came back): connecting; a retry keeps saying why it retries.
    if (this.failures === 0) this.set('connecting', null, null);
  }

  /** The FFmpeg whose exit is news (not one this destination killed on purpose). */
  private current: ChildProcess | null = null;

  /** A progress report: bytes sent so far. Returns true once the destination is live. */
  private onProgress(child: ChildProcess, block: string): boolean {
    const bytes = Number(/total_size=(\d+)/.exec(block)?.[1] ?? 0);
    const drops = Number(/drop_frames=(\d+)/.exec(block)?.[1] ?? 0);
    if (child !== this.child) return false;
    this.ffmpegDrops = drops;
    const now = Date.now();
    if (bytes > this.lastBytes) {
      this.bitrateKbps = Math.round(((bytes - this.lastBytes) * 8) / Math.max(1, now - this.lastBytesAt));
      this.lastBytes = bytes;
      this.lastBytesAt = now;
      this.watchStall(child);
      this.increases++;
      if (this.state !== 'live' && this.increases >= 2) {
        this.failures = 0;
        this.liveSince = now;
        this.set('live', null, null);
      }
    }
    return this.increases >= 2;
  }

  private watchStall(child: ChildProcess): void {
    this.clearStall();
    this.stallTimer = setTimeout(() => {
      if (child !== this.child || this.stopped) return;
      this.stderr += '\nConnection timed out: nothing sent for 12 s';
      child.kill('SIGKILL');
    }, STALL_MS);
    this.stallTimer.unref?.();
  }

  private clearStall(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }

  private exitedAlone(wentLive: boolean, code: number | null, signal: NodeJS.Signals | null): void {
    const words = lastError(this.stderr) || `FFmpeg exited (${signal ?? `code ${code}`})`;
    const said = redact(words, this.config.key, fullUrl(this.config));
    const { error, hint } = classifyFailure(this.stderr, wentLive);
    const detail = hint ? `${hint} (${said})`.slice(0, 500) : said;
    this.bitrateKbps = null;
    if (wentLive) this.failures = 0;
    this.failures++;
    this.deps.log.warn(
      { roomId: this.deps.roomId, destination: this.config.id, error, detail, wentLive },
      'multistream destination stopped',
    );
    // A codec the server will not take does not mend by retrying: the host fixes it and starts again.
    if (error === 'codec') {
      this.set('error', error, detail);
      return;
    }
    // A refused key is tried again only at the longest wait (a platform's event may not have begun yet).
    const wait =
      error === 'bad_key'
        ? RECONNECT_BACKOFF_MS.at(-1)!
        : RECONNECT_BACKOFF_MS[Math.min(this.failures - 1, RECONNECT_BACKOFF_MS.length - 1)]!;
    const failed = error === 'bad_key' || this.failures >= FAILURES_FOR_ERROR;
    this.set(failed ? 'error' : 'reconnecting', error, detail);
    const retry = () => {
      this.clearRetry();
      if (this.stopped) return;
      this.reconnects++;
      this.spawn();
    };
    this.retryTimer = setTimeout(retry, wait);
    this.retryTimer.unref?.();
    // An ingest that could not be reached is knocked on each second (a TCP connect, no publish): once it
    // answers again the destination reconnects then, not at the end of its backoff.
    if (error === 'unreachable' && wait > 1000) {
      this.knockTimer = setInterval(() => {
        void reachable(this.config.url).then((ok) => {
          if (ok && this.knockTimer && !this.stopped) retry();
        });
      }, 1000);
      this.knockTimer.unref?.();
    }
  }

  private knockTimer: NodeJS.Timeout | null = null;

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.knockTimer) clearInterval(this.knockTimer);
    this.retryTimer = null;
    this.knockTimer = null;
  }

  private set(state: DestinationState, error: DestinationError | null, detail: string | null): void {
    if (this.state === state && this.error === error && this.detail === detail) return;
    if (this.state !== state) this.since = Date.now();
    this.state = state;
    this.error = error;
    this.detail = detail;
    if (state !== 'live') this.bitrateKbps = null;
    this.deps.changed();
  }

  private async kill(): Promise<void> {
    const child = this.child;
    this.current = null;
    this.clearStall();
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(killer);
  }

  /** Ends this destination for good (removed, stopped, or the stream ended). Safe to call twice. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearRetry();
    await this.kill();
    this.child = null;
    this.state = 'ended';
    this.error = null;
    this.detail = null;
    this.bitrateKbps = null;
    this.since = Date.now();
  }
}

/** Whether the ingest's host accepts a TCP connection now (within 800 ms). */
function reachable(url: string): Promise<boolean> {
  let host: string;
  let port: number;
  try {
    const u = new URL(url.replace(/^rtmp(s?):/i, 'http$1:'));
    host = u.hostname.replace(/^\[|\]$/g, '');
    port = Number(u.port) || (/^rtmps:/i.test(url) ? 443 : 1935);
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 800 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
