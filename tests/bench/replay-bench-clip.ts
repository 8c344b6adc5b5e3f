// The replay bench's recording of the 2 h stream (replay-bench.ts): a stream that long cannot be recorded
// live in a benchmark, so its segments are one pre-made WebM like the recorder's (VP8 720p30, no re-encode
// later): FFmpeg encodes CLIP_S seconds of its testsrc2 pattern once (key frames only where a loop starts,
// as sparse as a WebRTC VP8 stream's), loops it by stream copy to a segment's length, and the segment is
// stored back to back over the whole stream through the recordings store (RecordingsStore.open/close, what
// the recorder writes), each row naming a hard link to the one file under the recordings folder.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StudioStore } from '../../server/store/store';
import { BenchFailure } from './ops-bench-parts';

function ffmpeg(args: string[]): void {
  const r = spawnSync('nice', ['-n', '10', 'ffmpeg', '-hide_banner', '-loglevel', 'error', '-y', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.error || r.status !== 0)
    throw new BenchFailure(
      `ffmpeg failed (${r.error?.message ?? r.status}): ${String(r.stderr).slice(-500)}`,
    );
}

/**
 * A WebM segment of `segmentS` seconds (VP8 1280x720 30 fps, ~1.5 Mbps, key frames every `clipS` seconds),
 * kept in the temp folder between runs; returns its path.
 */
export function segmentFile(clipS: number, segmentS: number): string {
  const dir = path.join(os.tmpdir(), 'lb-replay-bench-clips');
  mkdirSync(dir, { recursive: true });
  const clip = path.join(dir, `testsrc2-720p30-${clipS}s.webm`);
  if (!existsSync(clip)) {
    const part = `${clip}.part.webm`;
    ffmpeg([
      ...['-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=30`, '-t', String(clipS)],
      ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '1500k', '-g', '9000', '-an'],
      part,
    ]);
    renameSync(part, clip);
  }
  const loops = Math.max(1, Math.ceil(segmentS / clipS));
  const segment = path.join(dir, `testsrc2-720p30-${clipS}s-x${loops}.webm`);
  if (!existsSync(segment)) {
    const part = `${segment}.part.webm`;
    ffmpeg(['-stream_loop', String(loops - 1), '-i', clip, '-c', 'copy', part]);
    renameSync(part, segment);
  }
  return segment;
}

/** Stores the 2 h stream's segments back to back; returns how many. */
export async function storeSegments(
  store: StudioStore,
  roomId: string,
  recordingsDir: string,
  file: string,
  segmentMs: number,
  durationMs: number,
): Promise<number> {
  const roomDir = path.join(recordingsDir, roomId);
  mkdirSync(roomDir, { recursive: true });
  let count = 0;
  for (let startMs = 0; startMs < durationMs; startMs += segmentMs) {
    const endMs = Math.min(durationMs, startMs + segmentMs);
    const seg = await store.recordings.open(
      {
        roomId,
        file: '',
        reason: startMs === 0 ? 'start' : 'new_producer',
        startMs,
        hasVideo: true,
        hasAudio: false,
      },
      (seq) => path.join(roomDir, `segment-${seq}.webm`),
    );
    try {
      linkSync(file, seg.file);
    } catch {
      copyFileSync(file, seg.file);
    }
    await store.recordings.close(roomId, seg.seq, endMs, endMs === durationMs ? 'stopped' : 'new_producer');
    count++;
  }
  return count;
}
