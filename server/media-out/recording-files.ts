// The recordings folder between backend runs: an FFmpeg a killed backend left running is stopped (its pid
// file names it and its segment), a segment left open is repaired (remuxed when it has no duration) and
// closed at its file's end, and room folders older than the retention are deleted. Layout:
// <recordings>/<roomId>/segment-0001.webm (+ .pid and .sdp while written), <roomId>/clips/*.webm.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log';
import type { RecordingsStore, StoredSegmentRow } from '../store/recordings-store';
import { fileDurationMs, remux } from './ffmpeg';

const DAY_MS = 24 * 3600_000;

/** Room ids are uuids or test ids; nothing that could climb out of the folder. */
export const SAFE_ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stops the FFmpeg processes a previous backend left writing into `dir`; returns their pids. */
export async function stopStaleRecorders(dir: string, log: Logger): Promise<number[]> {
  const stopped: number[] = [];
  for (const room of safeReaddir(dir)) {
    for (const name of safeReaddir(path.join(dir, room))) {
      if (!name.endsWith('.pid')) continue;
      const pidFile = path.join(dir, room, name);
      const [pidText, file] = readFileSync(pidFile, 'utf8').split('\n');
      const pid = Number(pidText);
      // A pid is only ours if that process still runs FFmpeg on this very segment (pids are reused).
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        /* gone, or not Linux */
      }
      if (Number.isInteger(pid) && pid > 1 && file && cmdline.includes(file.replace(/\.webm$/, ''))) {
        process.kill(pid, 'SIGINT'); // lets it finish the file
        const deadline = Date.now() + 3000;
        while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        if (alive(pid)) process.kill(pid, 'SIGKILL');
        stopped.push(pid);
        log.warn({ pid, file }, 'stopped an FFmpeg left by a previous backend');
      }
      rmSync(pidFile, { force: true });
    }
  }
  return stopped;
}

/**
 * Gives a segment whose FFmpeg did not finish it (killed with its backend, or crashed) cues and a
 * duration. Returns its duration in ms, or null when there is nothing readable.
 */
export async function repairSegment(bin: string, file: string, log: Logger): Promise<number | null> {
  if (!existsSync(file) || statSync(file).size === 0) return null;
  try {
    const known = await fileDurationMs(bin, file);
    if (known !== null && known > 0) return known;
    const tmp = `${file}.repair.webm`;
    const ms = await remux(bin, file, tmp);
    renameSync(tmp, file);
    log.info({ file, ms }, 'recording segment repaired');
    return ms;
  } catch (error) {
    log.warn({ file, err: String(error) }, 'recording segment could not be repaired');
    rmSync(`${file}.repair.webm`, { force: true });
    return null;
  }
}

/** Closes the segments left open in this folder (a backend that stopped without ending them). */
export async function closeOpenSegments(
  store: RecordingsStore,
  dir: string,
  bin: string | null,
  log: Logger,
): Promise<StoredSegmentRow[]> {
  const closed: StoredSegmentRow[] = [];
  const mine = (await store.stillOpen()).filter((s) => s.file.startsWith(dir + path.sep));
  for (const segment of mine) {
    const ms = bin ? await repairSegment(bin, segment.file, log) : null;
    const endMs = segment.startMs + (ms ?? 0);
    if (await store.close(segment.roomId, segment.seq, endMs, 'backend_stopped'))
      closed.push({ ...segment, endMs, endReason: 'backend_stopped' });
    rmSync(segment.file.replace(/\.webm$/, '.sdp'), { force: true });
  }
  return closed;
}

/** Deletes the room folders nothing was written to for `days`; returns the room ids deleted. */
export function deleteExpired(dir: string, days: number, now = Date.now()): string[] {
  const deleted: string[] = [];
  for (const room of safeReaddir(dir)) {
    const roomDir = path.join(dir, room);
    if (!SAFE_ROOM_ID.test(room) || !statSync(roomDir).isDirectory()) continue;
    if (now - newestMtime(roomDir) > days * DAY_MS) {
      rmSync(roomDir, { recursive: true, force: true });
      deleted.push(room);
    }
  }
  return deleted;
}

function newestMtime(folder: string): number {
  let newest = statSync(folder).mtimeMs;
  for (const name of safeReaddir(folder)) {
    const p = path.join(folder, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

function safeReaddir(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
