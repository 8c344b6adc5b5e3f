// This node's multistreams, one per room: FFmpeg found once (with the H.264 and AAC encoders the shared
// encode needs), rooms started by their host, ended with the stream, all stopped on close.
import type { MultistreamStart, MultistreamStatus } from '../../core/protocol/multistream';
import type { Logger } from '../log';
import { probeFfmpeg, runFfmpeg } from '../media-out/ffmpeg';
import type { SegmentMedia } from '../media-out/segment-recorder';
import { RoomMultistream } from './room-multistream';

const ENDED_KEPT = 200;

export interface MultistreamsOptions {
  /** FFmpeg's path (default LIVEBRIDGE_FFMPEG, else `ffmpeg` on PATH). */
  ffmpeg?: string;
  /** How long destinations wait for the host's media before saying no_media (default 15 s). */
  noMediaMs?: number;
}

export interface MultistreamHooks {
  media(roomId: string): Promise<SegmentMedia | null>;
  status(status: MultistreamStatus): void;
}

export class Multistreams {
  private readonly rooms = new Map<string, RoomMultistream>();
  private readonly ended = new Map<string, MultistreamStatus>();
  private ffmpeg: Promise<{ bin: string | null; reason: string | null }> | null = null;
  private closed = false;

  constructor(
    private readonly hooks: MultistreamHooks,
    private readonly log: Logger,
    private readonly options: MultistreamsOptions = {},
  ) {}

  /** FFmpeg with libx264 and the AAC encoder, or why there is none. Probed once. */
  private findFfmpeg(): Promise<{ bin: string | null; reason: string | null }> {
    this.ffmpeg ??= (async () => {
      const env = this.options.ffmpeg ? { LIVEBRIDGE_FFMPEG: this.options.ffmpeg } : process.env;
      const probe = await probeFfmpeg(env);
      if (!probe.ok) {
        this.log.warn({ reason: probe.reason }, 'multistream off');
        return { bin: null, reason: probe.reason };
      }
      const { stdout } = await runFfmpeg(probe.bin, ['-hide_banner', '-encoders'], 10_000);
      if (!/\blibx264\b/.test(stdout) || !/\baac\b/.test(stdout)) {
        const reason = `FFmpeg at ${probe.bin} lacks the libx264 or AAC encoder RTMP needs: install Debian's ffmpeg`;
        this.log.warn({ reason }, 'multistream off');
        return { bin: null, reason };
      }
      return { bin: probe.bin, reason: null };
    })();
    return this.ffmpeg;
  }

  async start(input: MultistreamStart): Promise<MultistreamStatus> {
    const { bin, reason } = await this.findFfmpeg();
    let room = this.rooms.get(input.roomId);
    if (!room) {
      room = new RoomMultistream(input.roomId, {
        bin,
        offReason: reason,
        media: () => this.hooks.media(input.roomId),
        status: (s) => this.hooks.status(s),
        log: this.log,
        noMediaMs: this.options.noMediaMs ?? 15_000,
      });
      this.rooms.set(input.roomId, room);
      this.ended.delete(input.roomId);
    }
    if (this.closed) return room.status();
    await room.setDestinations(input.destinations);
    return room.status();
  }

  /**
   * Stops one destination (it leaves the list), or all of them: the room's multistream ends as with the
   * stream's end, each destination kept in the status as `ended` so the host sees how it finished.
   */
  async stop(roomId: string, id?: string): Promise<MultistreamStatus | null> {
    const room = this.rooms.get(roomId);
    if (!room) return this.ended.get(roomId) ?? null;
    if (id === undefined) {
      await this.roomEnded(roomId);
      return this.ended.get(roomId) ?? null;
    }
    await room.remove(id);
    return room.status();
  }

  get(roomId: string): MultistreamStatus | null {
    return this.rooms.get(roomId)?.status() ?? this.ended.get(roomId) ?? null;
  }

  producersChanged(roomId: string): void {
    this.rooms.get(roomId)?.producersChanged();
  }

  /** The room's stream ended: every destination and the encode end. */
  async roomEnded(roomId: string): Promise<void> {
    const room = this.rooms.get(roomId);
    if (!room) return;
    this.rooms.delete(roomId);
    await room.end();
    this.ended.set(roomId, room.status());
    while (this.ended.size > ENDED_KEPT) this.ended.delete(this.ended.keys().next().value!);
  }

  processes(roomId: string): ReturnType<RoomMultistream['processes']> | null {
    return this.rooms.get(roomId)?.processes() ?? null;
  }

  get size(): number {
    return [...this.rooms.values()].filter((r) => r.active).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.rooms.keys()].map((roomId) => this.roomEnded(roomId)));
  }
}
