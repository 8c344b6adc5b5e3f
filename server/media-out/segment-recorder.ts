// One recording segment: a PlainTransport and a paused consumer per kind on the room's router, an FFmpeg
// that copies the RTP into one WebM file (never re-encoding), then the consumers resumed and key frames
// asked for until FFmpeg has written its header (else the file starts black or FFmpeg cannot find the
// codec parameters). A pid file beside the segment lets the next backend stop an FFmpeg this one left.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { types as ms } from 'mediasoup';
import type { Logger } from '../log';
import { lastLine } from './ffmpeg';
import { consumeAsRtp } from './rtp-input';
import { recordingSdp } from './sdp';

/** Key frame requests after the consumers resume, until FFmpeg has written the file's header. */
const KEY_FRAME_AT_MS = [0, 300, 800, 1500, 2500, 4000, 6000];
const KEEPALIVE_MS = 500;
/** How long audio waits for the first video key frame (a source that ignores key frame requests). */
const FIRST_KEY_FRAME_WAIT_MS = 3000;
const STOP_GRACE_MS = 5000;
const CLK_TCK = 100;

/** What the room's recorder asks of the SFU for one segment. */
export interface SegmentMedia {
  router: ms.Router;
  /** At most one producer per kind. */
  producers: ms.Producer[];
}

export interface SegmentFiles {
  webm: string;
  sdp: string;
  pid: string;
}

export interface SegmentEvents {
  /** FFmpeg exited without being asked to (killed, crashed); `detail` is its last words. */
  died(detail: string): void;
  /** Every consumer of the segment closed (producers gone, the router closed with its worker). */
  mediaGone(): void;
  /**
   * The first video key frame went out only after the recorder stopped waiting for it (the host's media
   * was still connecting): the file's video starts at `at`, not when the consumers were resumed.
   */
  videoStarted?(at: number): void;
}

/** None of the producers is in a codec WebM holds (VP8, Opus): nothing FFmpeg could copy. */
export class NothingToRecord extends Error {
  constructor() {
    super("The host's media is not VP8 or Opus: it cannot be recorded to WebM without re-encoding");
  }
}

/** The ports a consumer's RTP and RTCP go to: an even one and the next, both free now. */
export async function freePortPair(): Promise<number> {
  const bind = (port: number) =>
    new Promise<dgram.Socket | null>((resolve) => {
      const s = dgram.createSocket('udp4');
      s.once('error', () => {
        s.close();
        resolve(null);
      });
      s.bind(port, '127.0.0.1', () => resolve(s));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const probe = await bind(0);
    if (!probe) continue;
    const even = probe.address().port & ~1;
    probe.close();
    if (even < 1024 || even > 65534) continue;
    const [a, b] = [await bind(even), await bind(even + 1)];
    a?.close();
    b?.close();
    if (a && b) return even;
  }
  throw new Error('no free UDP port pair on 127.0.0.1');
}

/** Whether something listens on UDP 127.0.0.1:port (Linux; elsewhere assumed after a short wait). */
export function udpBound(port: number): boolean | null {
  try {
    const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
    const table = readFileSync('/proc/net/udp', 'utf8');
    return table.split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(hex));
  } catch {
    return null;
  }
}

/** CPU seconds a live process has used (utime + stime), from /proc; null when unreadable. */
export function procCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

/** One PCMU packet of silence every KEEPALIVE_MS (and a quick burst on stop) to FFmpeg's keepalive port. */
export class Keepalive {
  private readonly socket = dgram.createSocket('udp4');
  private timer: NodeJS.Timeout | null = null;
  private port = 0;
  private seq = 0;
  private closed = false;

  /** Also the RTCP sink: the consumers' sender reports end here, unread (see `open`). */
  async bind(): Promise<number> {
    this.socket.on('error', () => undefined);
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', () => resolve()));
    this.socket.unref();
    return this.socket.address().port;
  }

  start(port: number): void {
    this.port = port;
    this.timer = setInterval(() => this.send(), KEEPALIVE_MS);
    this.timer.unref?.();
  }

  private send(): void {
    if (this.closed || !this.port) return;
    const packet = Buffer.alloc(12 + 160, 0xff);
    this.seq = (this.seq + 1) & 0xffff;
    packet.writeUInt8(0x80, 0);
    packet.writeUInt8(0, 1);
    packet.writeUInt16BE(this.seq, 2);
    packet.writeUInt32BE((this.seq * 160) >>> 0, 4);
    packet.writeUInt32BE(0x4c425243, 8);
    this.socket.send(packet, this.port, '127.0.0.1');
  }

  /** A few packets in quick succession: FFmpeg returns from its read and sees the stop request. */
  burst(): void {
    for (const at of [0, 20, 50, 100, 200, 400]) setTimeout(() => this.send(), at).unref?.();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.socket.close();
  }
}

export class SegmentRecorder {
  readonly startedAt: number;
  /** When the consumers were resumed: the time FFmpeg's first packets left the router. */
  resumedAt = 0;
  /** When the first video key frame left the router (FFmpeg's video time 0); null until it has. */
  videoStartedAt: number | null = null;
  private readonly consumers: ms.Consumer[] = [];
  private readonly transports: ms.PlainTransport[] = [];
  private child: ChildProcess | null = null;
  private keepalive: Keepalive | null = null;
  private stderr = '';
  private headerWritten = false;
  private stopping = false;
  /** Set once start() succeeded: only then is an exit or the media's end news for the room's recorder. */
  private running = false;
  private exited: Promise<void> = Promise.resolve();
  private cpu = 0;
  private finalCpu: number | null = null;
  private timers: NodeJS.Timeout[] = [];

  private constructor(
    private readonly bin: string,
    readonly files: SegmentFiles,
    readonly routerId: string,
    private readonly events: SegmentEvents,
    private readonly log: Logger,
  ) {
    this.startedAt = Date.now();
  }

  get hasVideo(): boolean {
    return this.consumers.some((c) => c.kind === 'video');
  }

  get hasAudio(): boolean {
    return this.consumers.some((c) => c.kind === 'audio');
  }

  get producerIds(): string[] {
    return this.consumers.map((c) => c.producerId);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The FFmpeg arguments (for the test that checks nothing is re-encoded). */
  args: string[] = [];

  /**
   * Opens the consumers, starts FFmpeg and resumes them; resolves once FFmpeg listens. Throws (after
   * releasing what it made) when no producer can be recorded or FFmpeg cannot start.
   */
  static async start(
    bin: string,
    media: SegmentMedia,
    files: SegmentFiles,
    events: SegmentEvents,
    log: Logger,
  ): Promise<SegmentRecorder> {
    const segment = new SegmentRecorder(bin, files, media.router.id, events, log);
    try {
      await segment.open(media);
      return segment;
    } catch (error) {
      await segment.stop();
      throw error;
    }
  }

  private async open(media: SegmentMedia): Promise<void> {
    // FFmpeg gets no RTCP: the first sender report it saw would re-base that stream's timestamps onto the
    // reports' clock, a jump back of up to a second that the muxer clamps (and the file comes out short).
    // The streams are resumed together, so their first packets line them up; the reports go to a sink.
    this.keepalive = new Keepalive();
    const rtcpSink = await this.keepalive.bind();
    const streams = await consumeAsRtp(
      media.router,
      media.producers,
      {
        into: { transports: this.transports, consumers: this.consumers },
        rtcpSink,
        appData: { recorder: true },
        freePort: freePortPair,
      },
      () => {
        if (this.running && !this.stopping && this.consumers.every((c) => c.closed)) this.events.mediaGone();
      },
    );
    if (streams.length === 0) throw new NothingToRecord();
    const keepalivePort = await freePortPair();
    writeFileSync(this.files.sdp, recordingSdp(streams, keepalivePort));
    this.args = [
      ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info', '-benchmark'],
      // No input timeout: a host whose media stalls for a while keeps its segment (the keepalive flows).
      ...['-protocol_whitelist', 'file,udp,rtp', '-listen_timeout', '-1', '-i', this.files.sdp],
      // The recorded streams by index (the keepalive, last, is left out).
      ...streams.flatMap((_, i) => ['-map', `0:${i}`]),
      ...['-c', 'copy', '-f', 'webm', '-y', this.files.webm],
    ];
    const child = spawn(this.bin, this.args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('close', () => resolve()));
    const spawned = await new Promise<Error | null>((resolve) => {
      child.once('spawn', () => resolve(null));
      child.once('error', (error) => resolve(error));
    });
    if (spawned) throw spawned;
    writeFileSync(this.files.pid, `${child.pid}\n${this.files.webm}\n`);
    child.stderr!.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-16_000);
      if (!this.headerWritten && this.stderr.includes('Output #0')) this.headerWritten = true;
    });
    child.once('close', (code, signal) => {
      this.finalCpu = this.benchCpu() ?? this.cpu;
      rmSync(this.files.pid, { force: true });
      if (this.stopping || !this.running) return;
      const detail = `FFmpeg exited (${signal ?? `code ${code}`}): ${lastLine(this.stderr)}`;
      this.log.warn({ file: this.files.webm, detail }, 'recorder died');
      this.events.died(detail);
    });
    await this.listening([...streams.map((s) => s.port), keepalivePort]);
    this.keepalive.start(keepalivePort);
    await this.resume();
    for (const at of KEY_FRAME_AT_MS) {
      const timer = setTimeout(() => {
        if (this.stopping || this.headerWritten) return;
        for (const c of this.consumers) if (c.kind === 'video' && !c.closed) void c.requestKeyFrame();
      }, at);
      timer.unref?.();
      this.timers.push(timer);
    }
    const sampler = setInterval(() => {
      if (this.child?.pid) this.cpu = procCpuSeconds(this.child.pid) ?? this.cpu;
    }, 1000);
    sampler.unref?.();
    this.timers.push(sampler);
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`FFmpeg exited at start: ${lastLine(this.stderr)}`);
    this.running = true;
  }

  /**
   * Resumes video first and audio once the first video key frame has gone out (or after a while): FFmpeg
   * starts each stream's clock at its first packet, and the router sends a consumer's video only from a
   * key frame on, so audio resumed at once would lead the picture by the wait for that key frame.
   */
  private async resume(): Promise<void> {
    const video = this.consumers.find((c) => c.kind === 'video');
    const audio = this.consumers.filter((c) => c.kind !== 'video');
    if (video) {
      let waited = false;
      const keyFrameOut = new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waited = true;
          resolve();
        }, FIRST_KEY_FRAME_WAIT_MS);
        video.on('trace', (trace) => {
          if (trace.type !== 'keyframe' || trace.direction !== 'out' || this.videoStartedAt !== null) return;
          this.videoStartedAt = Date.now();
          clearTimeout(timer);
          void video.enableTraceEvent([]).catch(() => undefined);
          if (waited && !this.stopping) this.events.videoStarted?.(this.videoStartedAt);
          resolve();
        });
      });
      await video.enableTraceEvent(['keyframe']);
      await video.resume();
      await video.requestKeyFrame();
      await keyFrameOut;
    }
    await Promise.all(audio.map((c) => c.resume()));
    this.resumedAt = Date.now();
  }

  /** Waits until FFmpeg has bound its RTP ports (so the first packets are not lost). */
  private async listening(ports: number[]): Promise<void> {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && this.child?.exitCode === null) {
      const bound = ports.map(udpBound);
      if (bound.includes(null)) return void (await new Promise((r) => setTimeout(r, 300)));
      if (bound.every(Boolean)) return;
      await new Promise((r) => setTimeout(r, 30));
    }
    if (this.child?.exitCode !== null) throw new Error(`FFmpeg exited at start: ${lastLine(this.stderr)}`);
  }

  /** FFmpeg's own account of its CPU at exit (`-benchmark`). */
  private benchCpu(): number | null {
    const m = /bench: utime=([\d.]+)s stime=([\d.]+)s/.exec(this.stderr);
    return m ? Number(m[1]) + Number(m[2]) : null;
  }

  /** CPU seconds FFmpeg used (live, sampled each second; exact once it exited). */
  cpuSeconds(): number {
    if (this.finalCpu !== null) return this.finalCpu;
    const now = this.child?.pid ? procCpuSeconds(this.child.pid) : null;
    return now ?? this.cpu;
  }

  /** Whether FFmpeg wrote the file's header (it found both streams' parameters). */
  get writing(): boolean {
    return this.headerWritten;
  }

  /** Asks FFmpeg to finish the file (SIGINT), waits for it (SIGKILL after a grace), releases the media. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.timers.forEach((t) => clearTimeout(t));
    const child = this.child;
    const keepalive = this.keepalive;
    if (child && child.exitCode === null && child.signalCode === null) {
      // FFmpeg finishes the file at SIGINT once its read returns: the keepalive sees that it does.
      child.kill('SIGINT');
      keepalive?.burst();
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(killer);
    }
    keepalive?.close();
    for (const t of this.transports) if (!t.closed) t.close();
    rmSync(this.files.sdp, { force: true });
  }

  /** Resolves when FFmpeg has exited. */
  done(): Promise<void> {
    return this.exited;
  }
}
