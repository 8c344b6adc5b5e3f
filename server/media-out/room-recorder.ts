// One room's recorder on this node: which segment is being written, when the next one starts and why. A new
// producer (camera change, the host producing again after a media worker restart) ends the segment and
// starts another once the producers have settled (so one segment holds both kinds); an FFmpeg that dies is
// restarted with backoff; the stream's end lets FFmpeg finish the file. Everything that changes segments
// runs one step at a time. Times stored are stream-relative: ms since the room first went live.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type {
  RecordingGap,
  RecordingState,
  RecordingStatus,
  SegmentReason,
} from '../../core/protocol/replay';
import type { Logger } from '../log';
import type { RecordingsStore, SegmentEnd, StoredSegmentRow } from '../store/recordings-store';
import { NothingToRecord, SegmentRecorder, type SegmentMedia } from './segment-recorder';

export interface RoomRecorderDeps {
  bin: string;
  /** The room's folder. */
  dir: string;
  store: RecordingsStore;
  /** When the room first went live (ms since the epoch); null before. */
  liveStartedAt(): Promise<number | null>;
  /** The room's media now: its router and the newest producer of each kind; null when it has none. */
  media(): Promise<SegmentMedia | null>;
  status(status: RecordingStatus): void;
  /** After a segment whose FFmpeg died or was killed: rewrite its file so it has cues and a duration. */
  repair(segment: StoredSegmentRow): void;
  log: Logger;
  /** How long to wait after a producer opens for the other kind (default 1000 ms). */
  settleMs: number;
}

const BACKOFF_MS = [500, 1000, 2000, 5000, 10_000];
const MAX_RESTARTS = 8;
/** A segment that ran this long resets the restart count. */
const HEALTHY_MS = 30_000;

export const NO_MEDIA = 'No video or audio from the host yet';
const FFMPEG_RESTARTING = 'FFmpeg stopped unexpectedly; restarting';

export class RoomRecorder {
  private current: {
    seg: SegmentRecorder;
    row: StoredSegmentRow;
    mediaGoneAt: number | null;
    /** The gap before this segment (it ends where the segment starts). */
    gap: RecordingGap;
  } | null = null;
  private queue: Promise<void> = Promise.resolve();
  private settleTimer: NodeJS.Timeout | null = null;
  private lastRouterId: string | null = null;
  private restarts = 0;
  private ended = false;
  private exitedCpu = 0;
  private state: RecordingStatus;

  constructor(
    readonly roomId: string,
    private readonly deps: RoomRecorderDeps,
  ) {
    this.state = { roomId, state: 'off', reason: NO_MEDIA, segments: 0, at: Date.now() };
  }

  status(): RecordingStatus {
    return this.state;
  }

  /** A producer opened (or the room went live with producers): a new segment once they settle. */
  producerOpened(): void {
    this.ended = false;
    this.settle(this.deps.settleMs);
  }

  /** The stream ended: FFmpeg finishes the file; resolves when it has. */
  end(): Promise<void> {
    this.ended = true;
    this.clearSettle();
    return this.step(async () => {
      await this.finish('stopped');
      this.set('stopped', null);
    });
  }

  /** Resolves when no segment is being written (after end()). */
  async idle(): Promise<void> {
    for (;;) {
      const q = this.queue;
      await q;
      if (q === this.queue) return;
    }
  }

  get writing(): boolean {
    return this.current !== null;
  }

  /** The stream ended (or the backend is closing) and no producer opened since. */
  get hasEnded(): boolean {
    return this.ended;
  }

  cpuSeconds(): number {
    return this.exitedCpu + (this.current?.seg.cpuSeconds() ?? 0);
  }

  /** The FFmpeg pid and arguments of the segment being written (tests, diagnostics). */
  process(): { pid: number | undefined; args: string[] } | null {
    return this.current ? { pid: this.current.seg.pid, args: this.current.seg.args } : null;
  }

  private settle(ms: number): void {
    this.clearSettle();
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      void this.step(() => this.roll());
    }, ms);
    this.settleTimer.unref?.();
  }

  private clearSettle(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
  }

  private step(fn: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(fn).catch((error: unknown) => {
      this.deps.log.error({ roomId: this.roomId, err: String(error) }, 'recorder step failed');
    });
    return this.queue;
  }

  /** Starts a segment on the room's current producers, ending the one before if they changed. */
  private async roll(restart = false): Promise<void> {
    if (this.ended) return;
    const liveStartedAt = await this.deps.liveStartedAt();
    if (liveStartedAt === null) return this.set('off', 'The stream is not live yet');
    const media = await this.deps.media();
    const wanted = (media?.producers ?? []).map((p) => p.id).sort();
    if (this.current && !this.current.mediaGoneAt && !restart) {
      const have = [...this.current.seg.producerIds].sort();
      if (have.join() === wanted.join()) return; // the same producers: keep writing
    }
    if (!media || wanted.length === 0) {
      await this.finish('no_media');
      return this.set('off', 'No video or audio from the host');
    }
    const recordedBefore = this.state.segments > 0 || (await this.deps.store.last(this.roomId)) !== null;
    const reason: SegmentReason = restart
      ? 'recorder_restart'
      : this.lastRouterId !== null && media.router.id !== this.lastRouterId
        ? 'worker_restart'
        : recordedBefore
          ? 'new_producer'
          : 'start';
    await this.finish(reason);
    await this.begin(media, reason, liveStartedAt);
  }

  private async begin(media: SegmentMedia, reason: SegmentReason, liveStartedAt: number): Promise<void> {
    mkdirSync(this.deps.dir, { recursive: true });
    const previous = await this.deps.store.last(this.roomId);
    const openedMs = Math.max(0, Date.now() - liveStartedAt);
    const row = await this.deps.store.open(
      { roomId: this.roomId, file: '', reason, startMs: openedMs, hasVideo: false, hasAudio: false },
      (seq) => path.join(this.deps.dir, `segment-${String(seq).padStart(4, '0')}.webm`),
    );
    const base = row.file.replace(/\.webm$/, '');
    let seg: SegmentRecorder;
    try {
      seg = await SegmentRecorder.start(
        this.deps.bin,
        media,
        { webm: row.file, sdp: `${base}.sdp`, pid: `${base}.pid` },
        {
          died: (detail) => void this.step(() => this.died(seg, detail)),
          mediaGone: () => {
            if (this.current?.seg === seg) this.current.mediaGoneAt = Date.now();
            this.settle(this.deps.settleMs);
          },
          videoStarted: (at) => void this.step(() => this.videoLate(seg, at)),
        },
        this.deps.log,
      );
    } catch (error) {
      if (error instanceof NothingToRecord) {
        await this.deps.store.close(this.roomId, row.seq, openedMs, 'no_media');
        return this.set('off', error.message);
      }
      await this.deps.store.close(this.roomId, row.seq, openedMs, 'recorder_died');
      this.deps.log.warn({ roomId: this.roomId, err: String(error) }, 'recorder could not start');
      return this.retry(`FFmpeg could not record: ${(error as Error).message}`);
    }
    // The file's time 0 is FFmpeg's first packet (the first video key frame, else the resumed audio), not
    // when this step began; a video that comes later still moves it (videoLate).
    const startMs = Math.max(0, (seg.videoStartedAt ?? seg.resumedAt) - liveStartedAt);
    // The time nothing recorded before this segment: since the stream went live, or since the last one.
    const gapFrom = previous ? Math.min(previous.endMs ?? startMs, startMs) : 0;
    const gap: RecordingGap = { fromMs: gapFrom, toMs: startMs, reason: gapReason(previous, reason) };
    this.current = {
      seg,
      row: { ...row, startMs, hasVideo: seg.hasVideo, hasAudio: seg.hasAudio },
      mediaGoneAt: null,
      gap,
    };
    await this.deps.store.started(this.roomId, row.seq, startMs, seg.hasVideo, seg.hasAudio);
    this.lastRouterId = media.router.id;
    await this.deps.store.addGap(this.roomId, gap);
    this.set('recording', null, row.seq);
  }

  /**
   * The host's video reached the recorder only after it stopped waiting (a host still connecting after a
   * media worker restart): the replay maps the file's time 0 to when that video began, so the segment
   * starts there and the gap before it grows to meet it.
   */
  private async videoLate(seg: SegmentRecorder, at: number): Promise<void> {
    const current = this.current;
    if (current?.seg !== seg) return;
    const liveStartedAt = (await this.deps.liveStartedAt()) ?? 0;
    const startMs = Math.max(current.row.startMs, at - liveStartedAt);
    if (startMs === current.row.startMs) return;
    current.row = { ...current.row, startMs };
    await this.deps.store.started(this.roomId, current.row.seq, startMs, seg.hasVideo, seg.hasAudio);
    current.gap = { ...current.gap, toMs: startMs };
    await this.deps.store.moveGapEnd(this.roomId, current.gap);
    this.deps.log.info({ roomId: this.roomId, seq: current.row.seq, startMs }, 'recording: video came late');
  }

  /** Ends the segment being written (FFmpeg finishes the file) and stores its end. */
  private async finish(next: SegmentEnd): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = null;
    const liveStartedAt = (await this.deps.liveStartedAt()) ?? 0;
    const endAt = Math.min(Date.now(), current.mediaGoneAt ?? Infinity);
    await current.seg.stop();
    this.exitedCpu += current.seg.cpuSeconds();
    const end: SegmentEnd = next;
    await this.deps.store.close(
      this.roomId,
      current.row.seq,
      Math.max(current.row.startMs, endAt - liveStartedAt),
      end,
    );
    if (Date.now() - current.seg.startedAt >= HEALTHY_MS) this.restarts = 0;
  }

  private async died(seg: SegmentRecorder, detail: string): Promise<void> {
    const current = this.current;
    if (current?.seg !== seg) return;
    this.current = null;
    const liveStartedAt = (await this.deps.liveStartedAt()) ?? 0;
    await seg.stop();
    this.exitedCpu += seg.cpuSeconds();
    const endMs = Math.max(current.row.startMs, Date.now() - liveStartedAt);
    await this.deps.store.close(this.roomId, current.row.seq, endMs, 'recorder_died');
    this.deps.repair({ ...current.row, endMs, endReason: 'recorder_died' });
    if (Date.now() - seg.startedAt >= HEALTHY_MS) this.restarts = 0;
    this.retry(`${FFMPEG_RESTARTING} (${detail})`);
  }

  /** FFmpeg failed: a new segment after a backoff, or off after too many tries in a row. */
  private retry(reason: string): void {
    if (this.ended) return;
    if (this.restarts >= MAX_RESTARTS) {
      this.set('off', `FFmpeg failed ${MAX_RESTARTS} times in a row: ${reason}`);
      return;
    }
    const wait = BACKOFF_MS[Math.min(this.restarts, BACKOFF_MS.length - 1)]!;
    this.restarts++;
    this.set('restarting', reason.slice(0, 500));
    this.clearSettle();
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      void this.step(() => this.roll(true));
    }, wait);
    this.settleTimer.unref?.();
  }

  private set(state: RecordingState, reason: string | null, segments = this.state.segments): void {
    const before = this.state;
    this.state = { roomId: this.roomId, state, reason, segments, at: Date.now() };
    // A new segment is news even when the state stays `recording` (the count changed).
    if (before.state !== state || before.reason !== reason || before.segments !== this.state.segments)
      this.deps.status(this.state);
  }

  /** The backend is stopping: FFmpeg finishes the file, whose segment ends as backend_stopped. */
  shutdown(): Promise<void> {
    this.ended = true;
    this.clearSettle();
    return this.step(() => this.finish('backend_stopped'));
  }
}

/** Why nothing was recorded before a segment: the stream's start, the last segment's end, or this one's cause. */
function gapReason(previous: StoredSegmentRow | null, reason: SegmentReason): RecordingGap['reason'] {
  if (!previous) return 'start';
  return previous.endReason === 'recorder_died' || previous.endReason === 'backend_stopped'
    ? previous.endReason
    : reason;
}
