// `npm run bench -- multistream`: glass-to-RTMP latency, the shared encode's CPU and the CPU each destination
// adds, with 1, 2 and 4 destinations at 720p30.
//
// The host's camera is a clip of the test pattern in VP8 (as a browser sends it) with its clock painted in as a
// bar code along the top (15 blocks, bit i of the ms into the 20 s clip), looped in real time. The source
// reports its progress each second, which ties its clock to ours. The stream goes through mediasoup, the
// shared H.264 encode and each destination's FFmpeg to node-media-server; an FFmpeg playing destination 1
// back decodes each frame's bar code: latency = now - when the source made that frame (what the RTMP side
// adds on top is the platform's own player buffer, not measured here).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { types as ms } from 'mediasoup';
import type { MultistreamStatus } from '../../core/protocol/multistream';
import { startBackend } from '../../server/backend';
import { procCpuSeconds } from '../../server/media-out/ffmpeg-rtp';
import { sfuConfigFromEnv } from '../../server/sfu/sfu-config';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, value, type RoomSocket } from '../support/room-clients';
import { startRtmpServer } from '../support/rtmp-server';

const DESTS = (process.env.BENCH_DESTS ?? '1,2,4').split(',').map(Number);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 15_000);
const SIZE = process.env.BENCH_SIZE ?? '1280x720';
const BITS = 15;
/** The clip's length: latencies are read modulo it. */
const CLIP_MS = 20_000;
const FFMPEG = process.env.LIVEBRIDGE_FFMPEG || 'ffmpeg';
const log = (s: string) => process.stderr.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const VP8: ms.RtpParameters = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }],
  encodings: [{ ssrc: 31_313_131 }],
};
const OPUS: ms.RtpParameters = {
  codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
  encodings: [{ ssrc: 42_424_242 }],
};

/**
 * The clip, made once per size: the test pattern with the bar code (bit i of the ms into the clip) and a
 * tone, as VP8 and Opus. Sent looped by stream copy, so the source never lags behind real time however
 * loaded the machine is (a live encode here would, and its lag would read as latency).
 */
function clockClip(): string {
  const file = path.join(os.tmpdir(), `livebridge-clockbars-${SIZE}-v1.webm`);
  if (existsSync(file)) return file;
  const [w, h] = SIZE.split('x').map(Number) as [number, number];
  const bars =
    `color=c=black:s=${BITS}x1:r=30,format=gray,` +
    `geq=lum='255*mod(floor(T*1000/pow(2\\,X))\\,2)',scale=${w}x${Math.round(h / 18)}:flags=neighbor[bars];` +
    `testsrc2=size=${SIZE}:rate=30[bg];[bg][bars]overlay=0:0,format=yuv420p[v]`;
  const tmp = `${file}.${process.pid}.webm`;
  const r = spawnSync(
    FFMPEG,
    [
      ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-filter_complex', bars],
      ...['-map', '[v]', '-map', '0:a', '-t', String(CLIP_MS / 1000)],
      ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '2000k', '-g', '30'],
      ...['-c:a', 'libopus', '-ac', '2', '-b:a', '64k', '-f', 'webm', tmp],
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`could not make the clock clip: ${r.stderr}`);
  renameSync(tmp, file);
  return file;
}

/** The looped source; `originAt()` is our time at its stream time 0 (the earliest its progress allows). */
function clockSource(videoPort: number, videoRtcp: number, audioPort: number, audioRtcp: number) {
  let origin = Infinity;
  const child: ChildProcess = spawn(
    FFMPEG,
    [
      ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-progress', 'pipe:1', '-stats_period', '0.5'],
      ...['-re', '-stream_loop', '-1', '-i', clockClip()],
      ...['-map', '0:v', '-c', 'copy', '-ssrc', '31313131', '-payload_type', '101', '-f', 'rtp'],
      `rtp://127.0.0.1:${videoPort}?rtcpport=${videoRtcp}&pkt_size=1200`,
      ...['-map', '0:a', '-c', 'copy', '-ssrc', '42424242', '-payload_type', '100', '-f', 'rtp'],
      `rtp://127.0.0.1:${audioPort}?rtcpport=${audioRtcp}&pkt_size=1200`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  child.stdout!.on('data', (d: Buffer) => {
    const us = [...d.toString().matchAll(/out_time_us=(\d+)/g)].pop()?.[1];
    if (us && Number(us) > 0) origin = Math.min(origin, Date.now() - Number(us) / 1000);
  });
  return { child, originAt: () => origin };
}

/** Plays `url` back, decodes each frame's bar code and records now - when it was made. */
function readClock(url: string, originAt: () => number, samples: number[]): ChildProcess {
  const [w, h] = SIZE.split('x').map(Number) as [number, number];
  const child = spawn(
    FFMPEG,
    [
      ...['-hide_banner', '-nostdin', '-loglevel', 'fatal', '-fflags', 'nobuffer', '-flags', 'low_delay'],
      ...['-probesize', '65536', '-analyzeduration', '0', '-i', url, '-map', '0:v'],
      ...['-vf', `crop=${w}:${Math.round(h / 18) - 4}:0:2,scale=${BITS}:1:flags=area,format=gray`],
      ...['-vsync', '0', '-f', 'rawvideo', 'pipe:1'],
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let pending = Buffer.alloc(0);
  child.stdout!.on('data', (d: Buffer) => {
    pending = Buffer.concat([pending, d]);
    while (pending.length >= BITS) {
      let made = 0;
      for (let i = 0; i < BITS; i++) if (pending[i]! > 128) made += 2 ** i;
      pending = pending.subarray(BITS);
      // The clip loops: the frame was made `made` ms into some loop; the latest such time before now.
      const since = Date.now() - originAt();
      if (Number.isFinite(since)) samples.push((((since - made) % CLIP_MS) + CLIP_MS) % CLIP_MS);
    }
  });
  return child;
}

/** FFmpeg processes whose command line holds every one of `needles`. */
async function pidsWith(...needles: string[]): Promise<number[]> {
  const { readdirSync, readFileSync } = await import('node:fs');
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8');
        return cmd.includes('ffmpeg') && needles.every((n) => cmd.includes(n));
      } catch {
        return false;
      }
    })
    .map(Number);
}

const cpuOf = (pids: number[]) => pids.reduce((sum, pid) => sum + (procCpuSeconds(pid) ?? 0), 0);
const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

const backend = await startBackend({
  sqliteFile: ':memory:',
  logger: quietLogger,
  media: { ...sfuConfigFromEnv(), numWorkers: 1 },
});
if (typeof backend.sfu === 'string') throw new Error(backend.sfu);
const server = await startRtmpServer();
const opened: RoomSocket[] = [];
const host = await connectAs(backend.url, { role: 'host' }, opened);
const { room, hostKey } = value(
  await host.emitWithAck('room:create', { title: 'Bench', hostLanguage: 'en' }),
);
value(await host.emitWithAck('live:start', { roomId: room.id }));
const media = await backend.sfu.room(room.id);
const video = await media.producePlain(host.id!, 'video', VP8);
const audio = await media.producePlain(host.id!, 'audio', OPUS);
const source = clockSource(video.port, video.rtcpPort, audio.port, audio.rtcpPort);
for (const [producerId, kind] of [
  [video.producerId, 'video'],
  [audio.producerId, 'audio'],
] as const)
  await backend.bus.emit('producer:opened', { roomId: room.id, producerId, kind, socketId: host.id! });

let last: MultistreamStatus | null = null;
host.on('multistream:status', (s) => (last = s));
const steps: {
  destinations: number;
  latency_p50_ms: number;
  latency_p95_ms: number;
  encode_cpu_pct: number;
  cpu_pct_per_destination: number;
}[] = [];
log(
  `multistream bench on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${SIZE}, node ${process.version}`,
);
for (const n of DESTS) {
  const destinations = Array.from({ length: n }, (_, i) => ({
    id: `d${i + 1}`,
    name: `Destination ${i + 1}`,
    url: server.url,
    key: `bench-${n}-${i + 1}`,
  }));
  value(await host.emitWithAck('multistream:start', { roomId: room.id, hostKey, destinations }));
  const deadline = Date.now() + 60_000;
  while (
    Date.now() < deadline &&
    !(last as MultistreamStatus | null)?.destinations.every((d) => d.state === 'live')
  )
    await sleep(200);
  await sleep(2000);
  const samples: number[] = [];
  const reader = readClock(`${server.url}/${destinations[0]!.key}`, source.originAt, samples);
  await sleep(2000);
  samples.length = 0;
  const encoderPids = await pidsWith('livebridge-multistream-');
  const destPids = await pidsWith(`127.0.0.1:${server.port}/live/bench-${n}-`, 'pipe:0');
  const [e0, d0, t0] = [cpuOf(encoderPids), cpuOf(destPids), Date.now()];
  await sleep(WINDOW_MS);
  const seconds = (Date.now() - t0) / 1000;
  const encodePct = (100 * (cpuOf(encoderPids) - e0)) / seconds;
  const perDest = (100 * (cpuOf(destPids) - d0)) / seconds / Math.max(1, destPids.length);
  reader.kill('SIGKILL');
  // Frames the bar code could not be read from (a frame mid-change) fall far outside: keep the plausible.
  const plausible = samples.filter((s) => s > 0 && s < CLIP_MS - 2000);
  steps.push({
    destinations: n,
    latency_p50_ms: Math.round(pct(plausible, 50)),
    latency_p95_ms: Math.round(pct(plausible, 95)),
    encode_cpu_pct: Math.round(encodePct * 10) / 10,
    cpu_pct_per_destination: Math.round(perDest * 10) / 10,
  });
  log(
    `${n} destination(s): latency p50 ${steps.at(-1)!.latency_p50_ms} ms p95 ${steps.at(-1)!.latency_p95_ms} ms ` +
      `(${plausible.length} frames), encode ${encodePct.toFixed(1)}% of a core, ${perDest.toFixed(1)}% per destination ` +
      `(${destPids.length} FFmpeg)`,
  );
  value(await host.emitWithAck('multistream:stop', { roomId: room.id }));
  await sleep(1000);
}
source.child.kill('SIGKILL');
opened.forEach((s) => s.disconnect());
await backend.close();
await server.close();
const first = steps[0]!;
process.stdout.write(
  `${JSON.stringify({
    rtmp_latency_p50_ms: first.latency_p50_ms,
    rtmp_latency_p95_ms: first.latency_p95_ms,
    encode_cpu_pct: first.encode_cpu_pct,
    cpu_pct_per_destination: Math.max(...steps.map((s) => s.cpu_pct_per_destination)),
    steps,
    size: SIZE,
    cores: os.cpus().length,
  })}\n`,
);
process.exit(0);
