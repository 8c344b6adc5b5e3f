// Puts FFmpeg in place after `npm install`, for recording streams (server/media-out). Like the mediasoup
// worker's script: LIVEBRIDGE_FFMPEG set and runnable, or `ffmpeg` on PATH: nothing to do. Otherwise, as
// root on Debian/Ubuntu, Debian's package is installed with apt-get (the package lists are refreshed
// first when the install cannot find it). A failure never fails `npm install`: it prints one paragraph
// saying recording stays off and how to fix it, and exits 0 (1 with --require).
import { spawnSync } from 'node:child_process';

const TAG = '[livebridge] ffmpeg:';
const REQUIRED = process.argv.includes('--require');

function runs(bin) {
  const r = spawnSync(bin, ['-hide_banner', '-version'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? (/ffmpeg version (\S+)/.exec(r.stdout)?.[1] ?? 'unknown') : null;
}

function apt(args) {
  const r = spawnSync('apt-get', args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return { ok: r.status === 0, error: (r.stderr ?? String(r.error ?? '')).trim().split('\n').pop() ?? '' };
}

function install() {
  const custom = process.env.LIVEBRIDGE_FFMPEG;
  if (custom) {
    const version = runs(custom);
    if (version) return `using LIVEBRIDGE_FFMPEG=${custom} (FFmpeg ${version})`;
    throw new Error(`LIVEBRIDGE_FFMPEG=${custom} does not run`);
  }
  const found = runs('ffmpeg');
  if (found) return `FFmpeg ${found} found on PATH`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasApt || !isRoot) {
    throw new Error(
      hasApt
        ? 'FFmpeg is not installed and this is not root: run sudo apt-get install ffmpeg'
        : 'FFmpeg is not installed: install it with your package manager, or set LIVEBRIDGE_FFMPEG to its path',
    );
  }
  console.log(`${TAG} installing Debian's ffmpeg package with apt-get`);
  const args = ['install', '-y', '--no-install-recommends', 'ffmpeg'];
  let result = apt(args);
  if (!result.ok) {
    apt(['update']);
    result = apt(args);
  }
  if (!result.ok) throw new Error(`apt-get install ffmpeg failed: ${result.error}`);
  const installed = runs('ffmpeg');
  if (!installed) throw new Error('ffmpeg was installed but does not run');
  return `installed FFmpeg ${installed}`;
}

try {
  console.log(`${TAG} ${install()}`);
} catch (error) {
  console.log(
    `${TAG} ${error.message}. The install continues and live streams work, but recording for replay stays ` +
      'off (the studio and the ops dashboard say so) until FFmpeg is in place: install it (Debian/Ubuntu: ' +
      'apt-get install ffmpeg) or set LIVEBRIDGE_FFMPEG to an ffmpeg binary, then restart the server.',
  );
  process.exitCode = REQUIRED ? 1 : 0;
}
