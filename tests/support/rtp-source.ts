// A host's camera and microphone without a browser: FFmpeg's test pattern and a tone, encoded once as VP8
// and Opus (as a browser sends them), streamed as RTP into producers the room's router opens on plain
// transports. The recorder then consumes them exactly as it does a studio's WebRTC producers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { types as ms } from 'mediasoup';
import type { Backend } from '../../server/backend';

export const VIDEO_SSRC = 11_111_111;
export const AUDIO_SSRC = 22_222_222;

const VP8: ms.RtpParameters = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }],
  encodings: [{ ssrc: VIDEO_SSRC }],
};
const OPUS: ms.RtpParameters = {
  codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
  encodings: [{ ssrc: AUDIO_SSRC }],
};

/** Why FFmpeg cannot feed or record a test stream here, or null. CI sets LIVEBRIDGE_REQUIRE_FFMPEG=1. */
export function ffmpegUnavailableReason(): string | null {
  const bin = process.env.LIVEBRIDGE_FFMPEG || 'ffmpeg';
  const r = spawnSync(bin, ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  let reason: string | null = null;
  if (r.error || r.status !== 0) reason = `FFmpeg not found (${bin}): apt-get install ffmpeg`;
  else if (!/libvpx/.test(r.stdout) || !/libopus/.test(r.stdout)) reason = 'FFmpeg lacks libvpx or libopus';
  if (reason && process.env.LIVEBRIDGE_REQUIRE_FFMPEG === '1')
    throw new Error(`${reason}, and LIVEBRIDGE_REQUIRE_FFMPEG=1`);
  return reason;
}

/**
 * The test pattern (with its clock) and a tone, 10 s of VP8 and Opus as a browser sends them, with a key
 * frame each second (the file is sent as is: nothing answers a key frame request). Made once per size.
 */
export function testPattern(size: string): string {
  const file = path.join(os.tmpdir(), `livebridge-test-pattern-${size}-v1.webm`);
  if (existsSync(file)) return file;
  const tmp = `${file}.${process.pid}.webm`;
  const r = spawnSync(
    process.env.LIVEBRIDGE_FFMPEG || 'ffmpeg',
    [
      ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '10'],
      ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '1500k', '-g', '30'],
      ...['-c:a', 'libopus', '-ac', '2', '-b:a', '64k', '-f', 'webm', tmp],
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`could not make the test pattern: ${r.stderr}`);
  renameSync(tmp, file);
  return file;
}

export interface TestSource {
  producers: { video: string; audio: string };
  stop(): void;
}

/**
 * Opens a video and an audio producer in the room as `owner`'s (the host connection) and streams the test
 * pattern into them; tells the room bus, as the media handlers do for a studio's producers.
 */
export async function produceTestSource(
  backend: Backend,
  roomId: string,
  owner: string,
  size = '640x360',
  /** Media starts flowing this long after the producers opened (a host still connecting). */
  delayMs = 0,
): Promise<TestSource & { sendingAt: Promise<number> }> {
  if (typeof backend.sfu === 'string') throw new Error(backend.sfu);
  const media = await backend.sfu.room(roomId);
  const video = await media.producePlain(owner, 'video', VP8);
  const audio = await media.producePlain(owner, 'audio', OPUS);
  let child: ChildProcess | null = null;
  let stopped = false;
  const send = () =>
    spawn(
      process.env.LIVEBRIDGE_FFMPEG || 'ffmpeg',
      [
        ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
        // Encoded once beforehand and sent at its own pace by stream copy: a source that never lags behind
        // real time (and then bursts to catch up) on a loaded machine, as an encoder at test time would.
        ...['-re', '-stream_loop', '-1', '-i', testPattern(size)],
        ...['-map', '0:v', '-c', 'copy', '-ssrc', String(VIDEO_SSRC), '-payload_type', '101', '-f', 'rtp'],
        `rtp://127.0.0.1:${video.port}?rtcpport=${video.rtcpPort}&pkt_size=1200`,
        ...['-map', '0:a', '-c', 'copy', '-ssrc', String(AUDIO_SSRC), '-payload_type', '100', '-f', 'rtp'],
        `rtp://127.0.0.1:${audio.port}?rtcpport=${audio.rtcpPort}&pkt_size=1200`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  const start = () => {
    child = send();
    return Date.now();
  };
  const sendingAt =
    delayMs === 0
      ? Promise.resolve(start())
      : new Promise<number>((resolve) => setTimeout(() => !stopped && resolve(start()), delayMs));
  await backend.bus.emit('producer:opened', {
    roomId,
    producerId: video.producerId,
    kind: 'video',
    socketId: owner,
  });
  await backend.bus.emit('producer:opened', {
    roomId,
    producerId: audio.producerId,
    kind: 'audio',
    socketId: owner,
  });
  return {
    producers: { video: video.producerId, audio: audio.producerId },
    sendingAt,
    stop: () => {
      stopped = true;
      child?.kill('SIGKILL');
    },
  };
}

/** What ffprobe reads from a file: its streams' codecs and its duration in ms (null when unknown). */
export function probe(file: string): { codecs: string[]; durationMs: number | null } {
  const r = spawnSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', file],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`ffprobe ${file}: ${r.stderr}`);
  const info = JSON.parse(r.stdout) as { streams: { codec_name: string }[]; format: { duration?: string } };
  const seconds = Number(info.format.duration);
  return {
    codecs: info.streams.map((s) => s.codec_name).sort(),
    durationMs: Number.isFinite(seconds) ? Math.round(seconds * 1000) : null,
  };
}
