// Small JSON files the host owns (settings, keys): written whole to a temporary file beside them and renamed
// over the old one, so a crash or a full disk leaves either the old file or the new one, never half of one.
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';

let writes = 0;

/** Writes `value` as JSON to `file` atomically; `mode` (e.g. 0o600) is set before any byte is written. */
export function writeJsonAtomic(file: string, value: unknown, mode = 0o644): void {
  // Unique per process and write, so two writers never share a temporary file.
  const tmp = `${file}.${process.pid}.${++writes}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', mode);
    try {
      writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** A name beside `file` for a copy kept aside, e.g. settings.json.bad-2025-01-31T09-30-00-000Z. */
export function asideName(file: string, tag: string, now = new Date()): string {
  const base = `${file}.${tag}-${now.toISOString().replace(/[:.]/g, '-')}`;
  let name = base;
  for (let i = 2; existsSync(name); i++) name = `${base}-${i}`;
  return name;
}

/**
 * Keeps `file` aside under `asideName(file, tag)`: moved when the caller will write a new one anyway,
 * copied when the original must stay where it is. Returns the new name, or null when that failed.
 */
export function keepAside(file: string, tag: string, how: 'move' | 'copy'): string | null {
  const target = asideName(file, tag);
  try {
    if (how === 'move') renameSync(file, target);
    else copyFileSync(file, target);
    return target;
  } catch {
    return null;
  }
}
