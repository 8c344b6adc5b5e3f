// The captions pipeline's audio: 16 kHz samples addressed by their absolute position in the stream, kept
// from the oldest one an open utterance can still need, and the wall-clock time each one was captured (to
// turn audio positions into capture times). The pipeline that reads it is caption-pipeline.ts.

export const SAMPLE_RATE = 16_000;

export function samplesOf(ms: number): number {
  return Math.round((ms * SAMPLE_RATE) / 1000);
}

export function msOf(samples: number): number {
  return (samples * 1000) / SAMPLE_RATE;
}

export class CapturedAudio {
  /** All audio since the current utterance's earliest possible start (older audio is dropped). */
  private buffer = new Float32Array(SAMPLE_RATE * 60);
  private bufferStart = 0; // absolute sample index of buffer[0]
  private bufferLength = 0;
  private total = 0;
  /** Wall time of each pushed chunk's last sample, to turn audio positions into capture times. */
  private arrivals: { endSample: number; wall: number }[] = [];

  constructor(private readonly now: () => number) {}

  /** Samples captured so far (the absolute position just past the last one). */
  get totalSamples(): number {
    return this.total;
  }

  /**
   * Appends processed samples; when the buffer is full, audio before `keepFrom()` (the oldest sample still
   * needed) is dropped first.
   */
  append(samples: Float32Array, keepFrom: () => number): void {
    if (this.bufferLength + samples.length > this.buffer.length) {
      const drop = Math.max(0, Math.min(this.bufferLength, keepFrom() - this.bufferStart));
      this.buffer.copyWithin(0, drop, this.bufferLength);
      this.bufferLength -= drop;
      this.bufferStart += drop;
      if (this.bufferLength + samples.length > this.buffer.length) {
        const bigger = new Float32Array(Math.max(this.buffer.length * 2, this.bufferLength + samples.length));
        bigger.set(this.buffer.subarray(0, this.bufferLength));
        this.buffer = bigger;
      }
    }
    this.buffer.set(samples, this.bufferLength);
    this.bufferLength += samples.length;
  }

  /** Counts `count` more captured samples, the last of them captured at `wall`. */
  arrived(count: number, wall: number): void {
    this.total += count;
    this.arrivals.push({ endSample: this.total, wall });
    if (this.arrivals.length > 2000) this.arrivals.splice(0, 1000);
  }

  audio(from: number, to: number): Float32Array {
    const a = Math.max(0, from - this.bufferStart);
    const b = Math.max(a, Math.min(this.bufferLength, to - this.bufferStart));
    return this.buffer.slice(a, b);
  }

  /** The wall-clock time at which the sample at this absolute position was captured. */
  wallAt(sample: number): number {
    for (const a of this.arrivals) {
      if (a.endSample >= sample) return a.wall - msOf(a.endSample - sample);
    }
    const last = this.arrivals[this.arrivals.length - 1];
    return last ? last.wall - msOf(last.endSample - sample) : this.now();
  }
}
