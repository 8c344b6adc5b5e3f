// Sends the microphone's 100 ms PCM chunks to the captions host (window.studio.captions.pushAudio) without
// ever queueing without bound: while a push has been pending for more than `stallMs`, or too many are in
// flight, new chunks are dropped and counted. seq counts every chunk captured, sent or not, so a gap in
// seq tells the host exactly how much audio it did not get.
import type { AudioChunk } from '../../core/protocol/captions';
import type { ProtocolError, Result } from '../../core/protocol/result';
import { int16ToBase64 } from './pcm-encoding';

export interface AudioSendStats {
  /** Chunks handed to the host. */
  sent: number;
  /** Chunks dropped here because the host was not keeping up. */
  dropped: number;
  /** Chunks the host answered with an error or `accepted: false`. */
  rejected: number;
  /** Pushes not answered yet. */
  pending: number;
  lastError: ProtocolError | null;
}

export interface AudioChunkSenderOptions {
  push(chunk: AudioChunk): Promise<Result<{ accepted: boolean }>>;
  /** A push pending longer than this makes new chunks drop (ms). */
  stallMs?: number;
  /** At most this many pushes in flight (20 × 100 ms = 2 s of audio). */
  maxInFlight?: number;
  now?: () => number;
  onStats?: (stats: AudioSendStats) => void;
}

export class AudioChunkSender {
  private seq = 0;
  private readonly inFlight = new Map<number, number>();
  private readonly counts: AudioSendStats = { sent: 0, dropped: 0, rejected: 0, pending: 0, lastError: null };
  private readonly stallMs: number;
  private readonly maxInFlight: number;
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly options: AudioChunkSenderOptions) {
    this.stallMs = options.stallMs ?? 2000;
    this.maxInFlight = options.maxInFlight ?? 20;
    this.now = options.now ?? (() => performance.now());
  }

  get stats(): AudioSendStats {
    return { ...this.counts, pending: this.inFlight.size };
  }

  /** The seq the next chunk gets. */
  get nextSeq(): number {
    return this.seq;
  }

  /** Sends one chunk, or drops it when the host is behind. */
  send(samples: Int16Array): 'sent' | 'dropped' | 'closed' {
    if (this.closed) return 'closed';
    const seq = this.seq++;
    if (this.stalled()) {
      this.counts.dropped++;
      this.report();
      return 'dropped';
    }
    this.inFlight.set(seq, this.now());
    this.counts.sent++;
    const settle = (result: Result<{ accepted: boolean }>) => {
      this.inFlight.delete(seq);
      if (!result.ok) {
        this.counts.rejected++;
        this.counts.lastError = result.error;
      } else if (!result.value.accepted) this.counts.rejected++;
      this.report();
    };
    this.options
      .push({ seq, pcm: int16ToBase64(samples) })
      .then(settle, () => settle({ ok: false, error: { code: 'internal', message: 'Audio push failed' } }));
    this.report();
    return 'sent';
  }

  /** Stops sending; answers still on their way are counted, nothing new goes out. */
  close(): void {
    this.closed = true;
  }

  private stalled(): boolean {
    if (this.inFlight.size >= this.maxInFlight) return true;
    const oldest = this.inFlight.values().next();
    return !oldest.done && this.now() - oldest.value > this.stallMs;
  }

  private report(): void {
    this.options.onStats?.(this.stats);
  }
}
