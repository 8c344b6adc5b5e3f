// Finding FFmpeg (LIVEBRIDGE_FFMPEG, else `ffmpeg` on PATH), probed once with `-version`; and the few FFmpeg
// runs that are not a live recording: remuxing a file a killed FFmpeg left without cues, reading a file's
// duration, cutting a clip. Every one copies the streams (`-c copy`): nothing is ever re-encoded.
import { spawn } from 'node:child_process';

export type FfmpegProbe = { ok: true; bin: string; version: string } | { ok: false; reason: string };

const FIX = 'install FFmpeg (Debian: apt-get install ffmpeg) or set LIVEBRIDGE_FFMPEG to its path';

/** Runs FFmpeg to its exit; resolves with its exit code and the end of its stderr. */
export function runFfmpeg(
  bin: string,
  args: readonly string[],
  timeoutMs = 60_000,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-64_000)));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-16_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

/** Where FFmpeg is and whether it runs: once per backend. */
export async function probeFfmpeg(env: NodeJS.ProcessEnv = process.env): Promise<FfmpegProbe> {
  const bin = env.LIVEBRIDGE_FFMPEG || 'ffmpeg';
  try {
    const { code, stdout } = await runFfmpeg(bin, ['-hide_banner', '-version'], 10_000);
    const version = /ffmpeg version (\S+)/.exec(stdout)?.[1];
    if (code !== 0 || !version)
      return { ok: false, reason: `FFmpeg at ${bin} does not run (exit ${code}): ${FIX}` };
    return { ok: true, bin, version };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'FFmpeg not found' : `FFmpeg at ${bin} cannot start (${code})`;
    return { ok: false, reason: `${what}: ${FIX}` };
  }
}

/** The duration FFmpeg reads from a file's header, in ms; null when it has none (a file never finalized). */
export async function fileDurationMs(bin: string, file: string): Promise<number | null> {
  // With no output FFmpeg exits 1 after printing the input's description, which is all we want.
  const { stderr } = await runFfmpeg(bin, ['-hide_banner', '-nostdin', '-i', file], 20_000);
  const m = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(stderr);
  if (!m) return null;
  return Math.round((Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000);
}

/**
 * Rewrites a WebM by stream copy (cues and duration written anew): what a segment whose FFmpeg was killed
 * needs. Returns the duration of the rewritten file in ms; throws when FFmpeg could not read it.
 */
export async function remux(bin: string, file: string, out: string): Promise<number> {
  const { code, stderr } = await runFfmpeg(
    bin,
    ['-hide_banner', '-nostdin', '-y', '-i', file, '-map', '0', '-c', 'copy', '-f', 'webm', out],
    120_000,
  );
  if (code !== 0) throw new Error(`remux failed (exit ${code}): ${lastLine(stderr)}`);
  const ms = await fileDurationMs(bin, out);
  if (ms === null) throw new Error('the remuxed file has no duration');
  return ms;
}

/** Cuts `fromS` (seconds into the file) for `durationS` by stream copy: it starts at the key frame before. */
export async function cutClip(
  bin: string,
  file: string,
  fromS: number,
  durationS: number,
  out: string,
): Promise<number> {
  const { code, stderr } = await runFfmpeg(
    bin,
    [
      ...['-hide_banner', '-nostdin', '-y', '-ss', fromS.toFixed(3), '-i', file, '-t', durationS.toFixed(3)],
      ...['-map', '0', '-c', 'copy', '-avoid_negative_ts', 'make_zero', '-f', 'webm', out],
    ],
    120_000,
  );
  if (code !== 0) throw new Error(`clip failed (exit ${code}): ${lastLine(stderr)}`);
  const ms = await fileDurationMs(bin, out);
  if (ms === null) throw new Error('the clip has no duration');
  return ms;
}

export function lastLine(text: string): string {
  return (
    text
      .trim()
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .pop() ?? ''
  ).slice(0, 300);
}
