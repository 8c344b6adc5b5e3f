// The backend's recordings (RecordingsApi): one RoomRecorder per room recording on this node, the settings
// (folder, retention, on/off, FFmpeg), what a previous run left (stale FFmpeg, open segments, old folders),
// clips and the recorders' CPU. Without FFmpeg, or with recording turned off, every room's status says so
// and nothing else changes: live video does not depend on any of this.
import { mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RecordingGap, RecordingStatus } from '../../core/protocol/replay';
import { StudioError } from '../../core/protocol/result';
import type { Logger } from '../log';
import type { StudioStore } from '../store/store';
import { cutClip, probeFfmpeg } from './ffmpeg';
import type { RecordingsApi, StoredSegment } from './recording-api';
import {
  closeOpenSegments,
  deleteExpired,
  repairSegment,
  SAFE_ROOM_ID,
  stopStaleRecorders,
} from './recording-files';
import { NO_MEDIA, RoomRecorder } from './room-recorder';
import type { SegmentMedia } from './segment-recorder';

export interface RecordingSettings {
  /** false: nothing is recorded (LIVEBRIDGE_RECORDING=off). */
  enabled: boolean;
  /** The recordings folder (LIVEBRIDGE_RECORDINGS; default <data dir>/recordings). */
  dir: string;
  /** Room folders untouched this many days are deleted at startup and daily (default 30). */
  retentionDays: number;
  /** FFmpeg's path (LIVEBRIDGE_FFMPEG; default `ffmpeg` on PATH). */
  ffmpeg?: string;
  /** How long after a producer opens the recorder waits for the other kind (default 1000 ms). */
  settleMs?: number;
}

/** The settings from the environment; `dataDir` is where the backend keeps its database. */
export function recordingSettingsFromEnv(dataDir: string | null, env = process.env): RecordingSettings {
  const days = Number(env.LIVEBRIDGE_RECORDINGS_RETENTION_DAYS ?? 30);
  if (!Number.isFinite(days) || days <= 0)
    throw new StudioError(
      'invalid_argument',
      'LIVEBRIDGE_RECORDINGS_RETENTION_DAYS must be a positive number',
    );
  return {
    enabled: !/^(off|0|false|no)$/i.test(env.LIVEBRIDGE_RECORDING ?? ''),
    dir: path.resolve(
      env.LIVEBRIDGE_RECORDINGS || path.join(dataDir ?? path.join(os.tmpdir(), 'livebridge'), 'recordings'),
    ),
    retentionDays: days,
    ...(env.LIVEBRIDGE_FFMPEG ? { ffmpeg: env.LIVEBRIDGE_FFMPEG } : {}),
  };
}

/** What the gateway gives the recordings: the room's media now, and where to send a status. */
export interface RecordingHooks {
  media(roomId: string): Promise<SegmentMedia | null>;
  status(status: RecordingStatus): void;
}

const DAY_MS = 24 * 3600_000;
const ENDED_KEPT = 1000;

export class Recordings implements RecordingsApi {
  private readonly rooms = new Map<string, RoomRecorder>();
  private hooks: RecordingHooks | null = null;
  private closed = false;
  /** Rooms whose stream ended here: their last status and CPU (the newest ENDED_KEPT). */
  private readonly endedRooms = new Map<string, { status: RecordingStatus; cpu: number }>();
  private readonly retentionTimer: NodeJS.Timeout | null = null;
  private readonly repairs = new Set<Promise<unknown>>();

  private constructor(
    readonly settings: RecordingSettings,
    /** The FFmpeg binary, or null with `offReason` when nothing is recorded. */
    readonly bin: string | null,
    readonly offReason: string | null,
    private readonly store: StudioStore,
    private readonly log: Logger,
  ) {
    if (bin) {
      this.retentionTimer = setInterval(() => this.sweepRetention(), DAY_MS);
      this.retentionTimer.unref?.();
    }
  }

  /** Finds FFmpeg, then cleans up after the last run: stale FFmpeg, open segments, expired folders. */
  static async create(settings: RecordingSettings, store: StudioStore, log: Logger): Promise<Recordings> {
    if (!settings.enabled) {
      return new Recordings(settings, null, 'Recording is turned off (LIVEBRIDGE_RECORDING=off)', store, log);
    }
    const probe = await probeFfmpeg(settings.ffmpeg ? { LIVEBRIDGE_FFMPEG: settings.ffmpeg } : process.env);
    if (!probe.ok) log.warn({ reason: probe.reason }, 'recording off');
    const bin = probe.ok ? probe.bin : null;
    const recordings = new Recordings(settings, bin, probe.ok ? null : probe.reason, store, log);
    mkdirSync(settings.dir, { recursive: true });
    await stopStaleRecorders(settings.dir, log);
    const closed = await closeOpenSegments(store.recordings, settings.dir, bin, log);
    if (closed.length)
      log.warn({ segments: closed.length }, 'closed recording segments a stopped backend left open');
    recordings.sweepRetention();
    return recordings;
  }

  attach(hooks: RecordingHooks): void {
    this.hooks = hooks;
  }

  private recorder(roomId: string): RoomRecorder | null {
    if (!this.bin || !this.hooks || this.closed || !SAFE_ROOM_ID.test(roomId)) return null;
    let r = this.rooms.get(roomId);
    if (!r) {
      const hooks = this.hooks;
      const bin = this.bin;
      r = new RoomRecorder(roomId, {
        bin,
        dir: path.join(this.settings.dir, roomId),
        store: this.store.recordings,
        liveStartedAt: () => this.store.rooms.liveStartedAt(roomId),
        media: () => hooks.media(roomId),
        status: (s) => hooks.status(s),
        repair: (segment) => {
          const job = repairSegment(bin, segment.file, this.log).finally(() => this.repairs.delete(job));
          this.repairs.add(job);
        },
        log: this.log,
        settleMs: this.settings.settleMs ?? 1000,
      });
      this.rooms.set(roomId, r);
    }
    return r;
  }

  /** A producer opened in the room (on this node), or the room went live. */
  producerOpened(roomId: string): void {
    this.recorder(roomId)?.producerOpened();
  }

  /** The room went live: a recorder that waited for the stream's start time starts now. */
  roomLive(roomId: string): void {
    this.rooms.get(roomId)?.producerOpened();
  }

  /** The stream ended: the room's FFmpeg finishes its file; the recorder is let go afterwards. */
  async roomEnded(roomId: string): Promise<void> {
    const r = this.rooms.get(roomId);
    if (!r) return;
    await r.end();
    if (this.rooms.get(roomId) !== r || !r.hasEnded || r.writing) return; // it went live again meanwhile
    this.rooms.delete(roomId);
    this.endedRooms.delete(roomId);
    this.endedRooms.set(roomId, { status: r.status(), cpu: r.cpuSeconds() });
    for (const key of this.endedRooms.keys()) {
      if (this.endedRooms.size <= ENDED_KEPT) break;
      this.endedRooms.delete(key);
    }
  }

  status(roomId: string): RecordingStatus {
    const r = this.rooms.get(roomId);
    if (r) return r.status();
    if (this.offReason) return { roomId, state: 'off', reason: this.offReason, segments: 0, at: Date.now() };
    const ended = this.endedRooms.get(roomId)?.status;
    return ended ?? { roomId, state: 'off', reason: NO_MEDIA, segments: 0, at: Date.now() };
  }

  /** Whether this node holds a recorder for the room (live or just ended). */
  recordsHere(roomId: string): boolean {
    return this.rooms.has(roomId) || this.endedRooms.has(roomId);
  }

  /** The room's recorder process now (tests and diagnostics). */
  process(roomId: string): { pid: number | undefined; args: string[] } | null {
    return this.rooms.get(roomId)?.process() ?? null;
  }

  async segments(roomId: string): Promise<StoredSegment[]> {
    return (await this.store.recordings.ofRoom(roomId)).map(({ endReason: _e, ...s }) => s);
  }

  gaps(roomId: string): Promise<RecordingGap[]> {
    return this.store.recordings.gaps(roomId);
  }

  async finalized(roomId: string, timeoutMs: number): Promise<boolean> {
    const r = this.rooms.get(roomId);
    const done = Promise.all([r?.idle(), ...this.repairs]).then(() => !r?.writing);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Cuts stream time fromMs..toMs by stream copy from the one segment that holds fromMs (or the first that
   * starts after it): a clip never spans two segments, it ends where its segment ends.
   */
  async clip(
    roomId: string,
    fromMs: number,
    toMs: number,
  ): Promise<{ file: string; bytes: number; fromMs: number; toMs: number }> {
    if (!this.bin) throw new StudioError('unavailable', this.offReason ?? 'Recording is off');
    if (!SAFE_ROOM_ID.test(roomId)) throw new StudioError('invalid_argument', 'Bad room id');
    if (!(toMs > fromMs && fromMs >= 0))
      throw new StudioError('invalid_argument', 'A clip needs fromMs < toMs');
    const segments = await this.store.recordings.ofRoom(roomId);
    const now = async () => Date.now() - ((await this.store.rooms.liveStartedAt(roomId)) ?? Date.now());
    let segment: (typeof segments)[number] | undefined;
    for (const s of segments) {
      const end = s.endMs ?? (await now());
      if (end > fromMs && s.startMs < toMs) {
        segment = s;
        break;
      }
    }
    if (!segment) throw new StudioError('not_found', 'Nothing was recorded in that time');
    const segEnd = segment.endMs ?? (await now());
    const from = Math.max(fromMs, segment.startMs);
    const to = Math.min(toMs, segEnd);
    const dir = path.join(this.settings.dir, roomId, 'clips');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `clip-${from}-${to}.webm`);
    let durationMs: number;
    try {
      durationMs = await cutClip(
        this.bin,
        segment.file,
        (from - segment.startMs) / 1000,
        (to - from) / 1000,
        file,
      );
    } catch (error) {
      throw new StudioError('unavailable', `The clip could not be cut: ${(error as Error).message}`);
    }
    // Stream copy starts at the key frame at or before `from`: the clip begins that much earlier.
    return { file, bytes: statSync(file).size, fromMs: Math.max(segment.startMs, to - durationMs), toMs: to };
  }

  cpuSeconds(roomId: string): number {
    return this.rooms.get(roomId)?.cpuSeconds() ?? this.endedRooms.get(roomId)?.cpu ?? 0;
  }

  /** Deletes the room folders older than the retention; returns their room ids. */
  sweepRetention(now = Date.now()): string[] {
    try {
      const deleted = deleteExpired(this.settings.dir, this.settings.retentionDays, now);
      if (deleted.length) this.log.info({ rooms: deleted.length }, 'expired recordings deleted');
      return deleted;
    } catch (error) {
      this.log.warn({ err: String(error) }, 'retention sweep failed');
      return [];
    }
  }

  /** Lets every FFmpeg finish its file (the backend is stopping); their segments end as backend_stopped. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    await Promise.all([...this.rooms.values()].map((r) => r.shutdown()));
    await Promise.all([...this.repairs]);
  }
}
