// The one encode a room's destinations share: a PlainTransport and a paused consumer per kind on the room's
// router (as the recorder does), an FFmpeg that reads their RTP through an SDP file and transcodes VP8/Opus
// to H.264 + AAC in FLV on its stdout (what RTMP carries), with low-latency settings and a key frame every
// 2 s so a destination (re)starting waits at most 2 s for a picture.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { types as ms } from 'mediasoup';
import type { Logger } from '../log';
import { lastLine } from '../media-out/ffmpeg';
import {
  ffmpegListening,
  freePortPair,
  Keepalive,
  nudgeKeyFrames,
  procCpuSeconds,
  resumeVideoFirst,
  spawnFfmpeg,
  stopFfmpeg,
} from '../media-out/ffmpeg-rtp';
import { consumeAsRtp } from '../media-out/rtp-input';
import { recordingSdp } from '../media-out/sdp';
import type { SegmentMedia } from '../media-out/segment-recorder';

/** Frame rate and key frame interval of the shared encode. */
export const ENCODE_FPS = 30;
export const KEYFRAME_SECONDS = 2;
/** Video bitrate of the shared encode: under every known platform's 720p30 limit (PLATFORMS in the protocol). */
export const ENCODE_VIDEO_KBPS = 2500;
const STOP_GRACE_MS = 3000;

export interface EncoderEvents {
  /** FLV bytes as FFmpeg writes them. */
  data(chunk: Buffer): void;
  /** FFmpeg exited without being asked to; `detail` is its last words. */
  died(detail: string): void;
  /** Every consumer closed (the host's producers are gone, or the router closed). */
  mediaGone(): void;
}

/** The FFmpeg arguments of the shared encode, reading `sdp` with `streams` inputs. */
export function encoderArgs(sdp: string, streams: number, hasVideo: boolean): string[] {
  const gop = String(ENCODE_FPS * KEYFRAME_SECONDS);
  return [
    ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'warning'],
    ...['-fflags', '+genpts+nobuffer', '-flags', 'low_delay'],
    ...['-protocol_whitelist', 'file,udp,rtp', '-listen_timeout', '-1', '-i', sdp],
    ...Array.from({ length: streams }, (_, i) => ['-map', `0:${i}`]).flat(),
    ...(hasVideo
      ? [
          ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'high'],
          ...['-pix_fmt', 'yuv420p', '-vf', "scale=-2:'min(720,ih)'", '-r', String(ENCODE_FPS)],
          ...['-g', gop, '-keyint_min', gop, '-sc_threshold', '0'],
          ...['-force_key_frames', `expr:gte(t,n_forced*${KEYFRAME_SECONDS})`],
          ...[
            '-b:v',
            `${ENCODE_VIDEO_KBPS}k`,
            '-maxrate',
            `${ENCODE_VIDEO_KBPS}k`,
            '-bufsize',
            `${ENCODE_VIDEO_KBPS * 2}k`,
          ],
        ]
      : []),
    ...['-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2'],
    ...['-flush_packets', '1', '-f', 'flv', '-flvflags', 'no_duration_filesize', 'pipe:1'],
  ];
}

export class RoomEncoder {
  readonly startedAt = Date.now();
  private readonly consumers: ms.Consumer[] = [];
  private readonly transports: ms.PlainTransport[] = [];
  private keepalive: Keepalive | null = null;
  private child: ChildProcess | null = null;
  private stderr = '';
  private stopping = false;
  private running = false;
  private firstData = false;
  private exited: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'livebridge-multistream-'));
  args: string[] = [];

  private constructor(
    private readonly bin: string,
    private readonly events: EncoderEvents,
    private readonly log: Logger,
  ) {}

  static async start(
    bin: string,
    media: SegmentMedia,
    events: EncoderEvents,
    log: Logger,
  ): Promise<RoomEncoder> {
    const encoder = new RoomEncoder(bin, events, log);
    try {
      await encoder.open(media);
      return encoder;
    } catch (error) {
      await encoder.stop();
      throw error;
    }
  }

  get producerIds(): string[] {
    return this.consumers.map((c) => c.producerId);
  }

  get hasVideo(): boolean {
    return this.consumers.some((c) => c.kind === 'video');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  cpuSeconds(): number | null {
    return this.child?.pid && this.child.exitCode === null ? procCpuSeconds(this.child.pid) : null;
  }

  private async open(media: SegmentMedia): Promise<void> {
    // RTCP goes to a sink, as for the recorder: FFmpeg lines the streams up by their first packets.
    this.keepalive = new Keepalive();
    const rtcpSink = await this.keepalive.bind();
    const streams = await consumeAsRtp(
      media.router,
      media.producers,
      {
        into: { transports: this.transports, consumers: this.consumers },
        rtcpSink,
        appData: { multistream: true },
        freePort: freePortPair,
      },
      () => {
        if (this.running && !this.stopping && this.consumers.every((c) => c.closed)) this.events.mediaGone();
      },
    );
    if (streams.length === 0) throw new Error("The host's media is not VP8 or Opus");
    const keepalivePort = await freePortPair();
    const sdp = path.join(this.dir, 'input.sdp');
    writeFileSync(sdp, recordingSdp(streams, keepalivePort));
    this.args = encoderArgs(sdp, streams.length, this.hasVideo);
    const { child, exited } = await spawnFfmpeg(this.bin, this.args, 'pipe');
    this.child = child;
    this.exited = exited;
    child.stdout!.on('data', (chunk: Buffer) => {
      this.firstData = true;
      if (!this.stopping) this.events.data(chunk);
    });
    child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-8000)));
    child.once('close', (code, signal) => {
      if (this.stopping || !this.running) return;
      const detail = `FFmpeg exited (${signal ?? `code ${code}`}): ${lastLine(this.stderr)}`;
      this.log.warn({ detail }, 'multistream encoder died');
      this.events.died(detail);
    });
    await ffmpegListening(child, [...streams.map((s) => s.port), keepalivePort], () => this.stderr);
    this.keepalive.start(keepalivePort);
    await resumeVideoFirst(this.consumers);
    nudgeKeyFrames(this.consumers, () => this.stopping || this.firstData, this.timers);
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`FFmpeg exited at start: ${lastLine(this.stderr)}`);
    this.running = true;
  }

  /** Stops FFmpeg (SIGINT, SIGKILL after a grace) and releases the consumers. Safe to call twice. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.timers.forEach((t) => clearTimeout(t));
    await stopFfmpeg(this.child, this.exited, this.keepalive, STOP_GRACE_MS);
    for (const t of this.transports) if (!t.closed) t.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
