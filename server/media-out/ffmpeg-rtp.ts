// FFmpeg reading a room's RTP (server/media-out/rtp-input.ts) through an SDP file: what the recorder
// (segment-recorder.ts) and the multistream encode (server/multistream/room-encoder.ts) do alike. Free port
// pairs, a keepalive stream (FFmpeg's read returns, so it sees SIGINT, and a stalled host keeps it going),
// FFmpeg spawned and waited on until its ports are bound, video resumed before audio, key frames asked for
// until FFmpeg has what it needs, and a stop that lets it finish (SIGINT) before it is killed.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { types as ms } from 'mediasoup';
import { lastLine } from './ffmpeg';

/** Key frame requests after the consumers resume, until FFmpeg has what it waits for. */
export const KEY_FRAME_AT_MS = [0, 300, 800, 1500, 2500, 4000, 6000];
/** How long audio waits for the first video key frame (a source that ignores key frame requests). */
export const FIRST_KEY_FRAME_WAIT_MS = 3000;
const KEEPALIVE_MS = 500;
const CLK_TCK = 100;

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

/** FFmpeg started with `args`; resolves once it runs (rejects when it cannot be spawned). */
export async function spawnFfmpeg(
  bin: string,
  args: string[],
  stdout: 'pipe' | 'ignore',
): Promise<{ child: ChildProcess; exited: Promise<void> }> {
  const child = spawn(bin, args, { stdio: ['ignore', stdout, 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const spawned = await new Promise<Error | null>((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', (error) => resolve(error));
  });
  if (spawned) throw spawned;
  return { child, exited };
}

/** Waits until FFmpeg has bound its RTP ports (so the first packets are not lost); throws if it exited. */
export async function ffmpegListening(
  child: ChildProcess,
  ports: number[],
  stderr: () => string,
): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && child.exitCode === null) {
    const bound = ports.map(udpBound);
    if (bound.includes(null)) return void (await new Promise((r) => setTimeout(r, 300)));
    if (bound.every(Boolean)) return;
    await new Promise((r) => setTimeout(r, 30));
  }
  if (child.exitCode !== null) throw new Error(`FFmpeg exited at start: ${lastLine(stderr())}`);
}

/**
 * Resumes video first and the other consumers once the first video key frame has gone out (or after
 * FIRST_KEY_FRAME_WAIT_MS): FFmpeg starts each stream's clock at its first packet, and the router sends a
 * consumer's video only from a key frame on, so audio resumed at once would lead the picture by the wait.
 * `onKeyFrame` hears when that first key frame went out, and whether that was after the wait ran out.
 */
export async function resumeVideoFirst(
  consumers: readonly ms.Consumer[],
  onKeyFrame?: (at: number, late: boolean) => void,
): Promise<void> {
  const video = consumers.find((c) => c.kind === 'video');
  if (video) {
    let waited = false;
    let seen = false;
    const keyFrameOut = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        waited = true;
        resolve();
      }, FIRST_KEY_FRAME_WAIT_MS);
      video.on('trace', (trace) => {
        if (trace.type !== 'keyframe' || trace.direction !== 'out' || seen) return;
        seen = true;
        clearTimeout(timer);
        void video.enableTraceEvent([]).catch(() => undefined);
        onKeyFrame?.(Date.now(), waited);
        resolve();
      });
    });
    await video.enableTraceEvent(['keyframe']);
    await video.resume();
    await video.requestKeyFrame();
    await keyFrameOut;
  }
  await Promise.all(consumers.filter((c) => c !== video).map((c) => c.resume()));
}

/** Asks for video key frames at KEY_FRAME_AT_MS until `satisfied()`; the timers go into `timers`. */
export function nudgeKeyFrames(
  consumers: readonly ms.Consumer[],
  satisfied: () => boolean,
  timers: NodeJS.Timeout[],
): void {
  for (const at of KEY_FRAME_AT_MS) {
    const timer = setTimeout(() => {
      if (satisfied()) return;
      for (const c of consumers) if (c.kind === 'video' && !c.closed) void c.requestKeyFrame();
    }, at);
    timer.unref?.();
    timers.push(timer);
  }
}

/** Asks FFmpeg to finish (SIGINT, the keepalive's burst wakes its read), SIGKILL after `graceMs`. */
export async function stopFfmpeg(
  child: ChildProcess | null,
  exited: Promise<void>,
  keepalive: Keepalive | null,
  graceMs: number,
): Promise<void> {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGINT');
    keepalive?.burst();
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(killer);
  }
  keepalive?.close();
}
