// The seam between the recorder (server/media-out: mediasoup PlainTransport -> FFmpeg -> WebM segments) and
// the replay service (server/replay): what the replay asks of the recordings. One implementation per backend
// process (Recordings); a backend without FFmpeg still has one, whose status says why nothing is recorded.
import type { RecordingGap, RecordingSegment, RecordingStatus } from '../../core/protocol/replay';

/** A segment as stored (the URL is added by the replay service, which signs it). */
export type StoredSegment = Omit<RecordingSegment, 'url'> & {
  roomId: string;
  /** Absolute path of the WebM file. */
  file: string;
};

export interface RecordingsApi {
  /** The room's recorder state now (on this node; `off` with a reason when FFmpeg is absent). */
  status(roomId: string): RecordingStatus;
  /** The room's segments, oldest first, from the store (every node's). */
  segments(roomId: string): Promise<StoredSegment[]>;
  /** The gaps between segments and before the first one (from the store). */
  gaps(roomId: string): Promise<RecordingGap[]>;
  /**
   * Resolves when this node has no segment of the room still being written (after the stream ended, the
   * last FFmpeg has exited and its file is complete), or after `timeoutMs` (then false).
   */
  finalized(roomId: string, timeoutMs: number): Promise<boolean>;
  /** Cuts stream time fromMs..toMs into one WebM (stream copy, cut at key frames). */
  clip(
    roomId: string,
    fromMs: number,
    toMs: number,
  ): Promise<{ file: string; bytes: number; fromMs: number; toMs: number }>;
  /** Seconds of CPU the room's recorder processes used so far (FFmpeg children), for the bench. */
  cpuSeconds(roomId: string): number;
}
