// The crash-while-live marker: live-stream.json in the user data folder, written when the studio goes
// live and removed when the stream ends. Found at start, it means the last session stopped mid-stream,
// and the studio offers to resume that stream with its settings.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ResumableStreamSchema, type LiveReport, type ResumableStream } from '../core/protocol/desktop';
import type { Logger } from './log';
import { writeJsonAtomic } from './settings/atomic-file';

export const LIVE_MARKER_FILE = 'live-stream.json';

export class LiveMarker {
  private readonly file: string;
  /** What the previous session left behind, read once at start; null once resumed or dismissed. */
  private leftover: ResumableStream | null;
  private liveSince: number | null = null;

  constructor(
    userDataDir: string,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.file = path.join(userDataDir, LIVE_MARKER_FILE);
    this.leftover = this.read();
  }

  /** The stream the last session left live, if it crashed during one. */
  resumable(): ResumableStream | null {
    return this.leftover;
  }

  /** The studio's live state changed: live writes the marker, the end of the stream removes it. */
  report(report: LiveReport): void {
    if (report.live && report.roomId) {
      this.liveSince ??= this.now();
      writeJsonAtomic(this.file, { roomId: report.roomId, title: report.title, since: this.liveSince });
      // A new stream replaces the offer to resume the old one.
      this.leftover = null;
      return;
    }
    if (!report.live) {
      this.liveSince = null;
      this.leftover = null;
      rmSync(this.file, { force: true });
    }
  }

  private read(): ResumableStream | null {
    if (!existsSync(this.file)) return null;
    try {
      return ResumableStreamSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch (error) {
      this.log.warn({ err: (error as Error).message, file: this.file }, 'unreadable live marker ignored');
      rmSync(this.file, { force: true });
      return null;
    }
  }
}
