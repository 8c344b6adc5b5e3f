// One recording segment: a PlainTransport and a paused consumer per kind on the room's router, an FFmpeg
// that copies the RTP into one WebM file (never re-encoding), then the consumers resumed and key frames
// asked for until FFmpeg has written its header (else the file starts black or FFmpeg cannot find the
// codec parameters). A pid file beside the segment lets the next backend stop an FFmpeg this one left.
import type { ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import type { types as ms } from 'mediasoup';
import type { Logger } from '../log';
import { lastLine } from './ffmpeg';
import {
  ffmpegListening,
  freePortPair,
  Keepalive,
  nudgeKeyFrames,
  procCpuSeconds,
  resumeVideoFirst,
  spawnFfmpeg,
  stopFfmpeg,
} from './ffmpeg-rtp';
import { consumeAsRtp } from './rtp-input';
import { recordingSdp } from './sdp';

const STOP_GRACE_MS = 5000;

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
    const { child, exited } = await spawnFfmpeg(this.bin, this.args, 'ignore');
    this.child = child;
    this.exited = exited;
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
    await ffmpegListening(child, [...streams.map((s) => s.port), keepalivePort], () => this.stderr);
    this.keepalive.start(keepalivePort);
    // Video first, audio once its first key frame went out (else audio leads the picture in the file).
    await resumeVideoFirst(this.consumers, (at, late) => {
      this.videoStartedAt = at;
      if (late && !this.stopping) this.events.videoStarted?.(at);
    });
    this.resumedAt = Date.now();
    nudgeKeyFrames(this.consumers, () => this.stopping || this.headerWritten, this.timers);
    const sampler = setInterval(() => {
      if (this.child?.pid) this.cpu = procCpuSeconds(this.child.pid) ?? this.cpu;
    }, 1000);
    sampler.unref?.();
    this.timers.push(sampler);
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`FFmpeg exited at start: ${lastLine(this.stderr)}`);
    this.running = true;
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
    // FFmpeg finishes the file at SIGINT once its read returns: the keepalive sees that it does.
    await stopFfmpeg(this.child, this.exited, this.keepalive, STOP_GRACE_MS);
    for (const t of this.transports) if (!t.closed) t.close();
    rmSync(this.files.sdp, { force: true });
  }

  /** Resolves when FFmpeg has exited. */
  done(): Promise<void> {
    return this.exited;
  }
}
