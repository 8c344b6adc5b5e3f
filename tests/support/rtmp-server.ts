// A real RTMP server for the multistream tests: node-media-server (a devDependency) in its own Node process,
// on a port of ours, so a test can stop it (the destination's link drops) and start it again on the same
// port. `rejectPublish` turns on its publish authentication: every publish without a signed URL (every
// stream key we send) is refused, as a platform refuses a wrong key. Stream copies from it are read with
// FFmpeg's own RTMP client (ffprobe, ffmpeg).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './processes';

export interface RtmpServer {
  port: number;
  /** The ingest URL without a stream key: rtmp://127.0.0.1:PORT/live. */
  url: string;
  /** What the server logged (publishes, closes). */
  output(): string;
  /** Kills the server (every connection drops). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

const CHILD = `
const NodeMediaServer = require(process.env.NMS_MODULE);
const config = JSON.parse(process.env.NMS_CONFIG);
const nms = new NodeMediaServer(config, '');
nms.run();
process.on('SIGTERM', () => nms.stop().finally(() => process.exit(0)));
`;

/**
 * Why the backend cannot encode H.264 + AAC here (FFmpeg missing or built without libx264), or null. With
 * LIVEBRIDGE_REQUIRE_FFMPEG=1 (CI) that is an error, not a skip.
 */
export function x264UnavailableReason(): string | null {
  const bin = process.env.LIVEBRIDGE_FFMPEG || 'ffmpeg';
  const r = spawnSync(bin, ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  let reason: string | null = null;
  if (r.error || r.status !== 0) reason = `FFmpeg not found (${bin}): apt-get install ffmpeg`;
  else if (!/libx264/.test(r.stdout)) reason = 'FFmpeg lacks libx264';
  if (reason && process.env.LIVEBRIDGE_REQUIRE_FFMPEG === '1')
    throw new Error(`${reason}, and LIVEBRIDGE_REQUIRE_FFMPEG=1`);
  return reason;
}

export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startRtmpServer(options: { rejectPublish?: boolean } = {}): Promise<RtmpServer> {
  const port = await freeTcpPort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'livebridge-rtmp-'));
  const config = {
    bind: '127.0.0.1',
    store: { path: path.join(dir, 'data') },
    auth: { play: false, publish: Boolean(options.rejectPublish), secret: 'livebridge-test-secret' },
    rtmp: { port },
    webadmin: { enable: false },
    record: { auto: false, path: path.join(dir, 'record') },
  };
  let child: ChildProcess | null = null;
  let out = '';
  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const c = spawn(process.execPath, ['-e', CHILD], {
        cwd: dir,
        env: {
          ...process.env,
          NMS_MODULE: path.join(ROOT, 'node_modules/node-media-server'),
          NMS_CONFIG: JSON.stringify(config),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = c;
      const timer = setTimeout(
        () => reject(new Error(`RTMP server did not listen on ${port}:\n${out}`)),
        15_000,
      );
      const onData = (d: Buffer) => {
        out = (out + d.toString()).slice(-64_000);
        if (/Rtmp Server listening/.test(out.slice(-2000))) {
          clearTimeout(timer);
          resolve();
        }
      };
      c.stdout!.on('data', onData);
      c.stderr!.on('data', onData);
      c.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`RTMP server exited (${code}):\n${out}`));
      });
    });
  await launch();
  const server: RtmpServer = {
    port,
    url: `rtmp://127.0.0.1:${port}/live`,
    output: () => out,
    async stop() {
      const c = child as ChildProcess | null;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
    async restart() {
      out += '\n--- restarted ---\n';
      await launch();
    },
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

/**
 * The codecs FFmpeg reads from a stream on the server (e.g. ['aac', 'h264']; none when nothing came).
 * Asynchronous: the backend under test runs in this process and must keep running meanwhile.
 */
export function probeRtmp(
  url: string,
  timeoutS = 10,
): Promise<{ codecs: string[]; width: number | null; error: string }> {
  return new Promise((resolve) => {
    const c = spawn(
      process.env.LIVEBRIDGE_FFPROBE || 'ffprobe',
      [
        ...['-v', 'error', '-rw_timeout', String(timeoutS * 1_000_000)],
        ...['-show_entries', 'stream=codec_name,codec_type,width', '-of', 'json', url],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    const timer = setTimeout(() => c.kill('SIGKILL'), (timeoutS + 5) * 1000);
    c.once('close', () => {
      clearTimeout(timer);
      try {
        const streams =
          (JSON.parse(out) as { streams?: { codec_name: string; width?: number }[] }).streams ?? [];
        resolve({
          codecs: streams.map((s) => s.codec_name).sort(),
          width: streams.find((s) => s.width)?.width ?? null,
          error: err.trim(),
        });
      } catch {
        resolve({ codecs: [], width: null, error: err.trim() || 'ffprobe printed nothing' });
      }
    });
  });
}

/** How many video frames FFmpeg reads from the stream in `seconds` (copying, nothing decoded). */
export function framesFrom(url: string, seconds: number): Promise<number> {
  return new Promise((resolve) => {
    const c = spawn(
      process.env.LIVEBRIDGE_FFMPEG || 'ffmpeg',
      [
        '-hide_banner',
        '-nostdin',
        '-rw_timeout',
        '8000000',
        '-i',
        url,
        '-t',
        String(seconds),
        '-map',
        '0:v',
        '-c',
        'copy',
        '-f',
        'null',
        '-',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    c.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    const timer = setTimeout(() => c.kill('SIGKILL'), (seconds + 15) * 1000);
    c.once('close', () => {
      clearTimeout(timer);
      const frames = [...err.matchAll(/frame=\s*(\d+)/g)].pop()?.[1];
      resolve(frames ? Number(frames) : 0);
    });
  });
}
