// Streaming sample-rate conversion to the captions rate (16 kHz), for when the AudioContext cannot run
// at 16 kHz itself. Downsampling first low-passes with a Blackman-windowed sinc FIR (so speech above
// 8 kHz does not fold back as noise), then reads the output instants by linear interpolation. Blocks may
// have any length; the result is the same as converting the whole signal at once. No imports: this
// runs inside the AudioWorklet.

/** The rate the captions host expects (core/protocol/captions AUDIO_SAMPLE_RATE; kept here without zod). */
export const CAPTION_SAMPLE_RATE = 16_000;

/** Low-pass FIR taps, `cutoff` in cycles per sample (0..0.5), unity gain at DC. */
export function lowPassTaps(cutoff: number, count: number): Float32Array {
  const taps = new Float32Array(count);
  const m = count - 1;
  let sum = 0;
  for (let n = 0; n < count; n++) {
    const x = n - m / 2;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    const window =
      m === 0 ? 1 : 0.42 - 0.5 * Math.cos((2 * Math.PI * n) / m) + 0.08 * Math.cos((4 * Math.PI * n) / m);
    taps[n] = sinc * window;
    sum += taps[n]!;
  }
  for (let n = 0; n < count; n++) taps[n]! /= sum;
  return taps;
}

/** Averages the channels of one block into `out` (which it returns). */
export function mixToMono(channels: readonly Float32Array[], out: Float32Array): Float32Array {
  const first = channels[0];
  if (!first) return out.subarray(0, 0);
  const length = first.length;
  const mono = out.length >= length ? out.subarray(0, length) : new Float32Array(length);
  if (channels.length === 1) {
    mono.set(first);
    return mono;
  }
  mono.fill(0);
  for (const channel of channels) for (let i = 0; i < length; i++) mono[i]! += channel[i] ?? 0;
  const scale = 1 / channels.length;
  for (let i = 0; i < length; i++) mono[i]! *= scale;
  return mono;
}

export class PcmResampler {
  /** Input samples per output sample. */
  readonly ratio: number;
  private readonly taps: Float32Array | null;
  /** The last taps.length inputs, stored twice so the FIR window is always one contiguous run. */
  private readonly ring: Float32Array;
  private write = 0;
  private started = false;
  private prev = 0;
  /** Where the next output falls, in input samples after `prev`. */
  private pos = 0;
  private out = new Float32Array(0);

  constructor(
    readonly inputRate: number,
    readonly outputRate: number = CAPTION_SAMPLE_RATE,
  ) {
    if (!(inputRate > 0) || !(outputRate > 0)) throw new RangeError('Sample rates must be positive');
    this.ratio = inputRate / outputRate;
    // Cut at 90 % of the output's Nyquist; longer filters for larger ratios keep the transition as sharp.
    this.taps =
      this.ratio > 1 ? lowPassTaps((0.45 * outputRate) / inputRate, Math.ceil(48 * this.ratio) | 1) : null;
    this.ring = new Float32Array(this.taps ? this.taps.length * 2 : 0);
  }

  get passthrough(): boolean {
    return this.ratio === 1;
  }

  /**
   * Converts one block. The returned array is reused by the next call: copy it (or use it) before then.
   */
  process(input: Float32Array): Float32Array {
    if (this.passthrough) return input;
    const capacity = Math.ceil(input.length / this.ratio) + 2;
    if (this.out.length < capacity) this.out = new Float32Array(capacity);
    const out = this.out;
    let n = 0;
    for (let i = 0; i < input.length; i++) {
      const y = this.taps ? this.filter(input[i]!) : input[i]!;
      if (!this.started) {
        this.started = true;
        out[n++] = y;
        this.pos = this.ratio;
        this.prev = y;
        continue;
      }
      while (this.pos <= 1) {
        out[n++] = this.prev + (y - this.prev) * this.pos;
        this.pos += this.ratio;
      }
      this.pos -= 1;
      this.prev = y;
    }
    return out.subarray(0, n);
  }

  private filter(x: number): number {
    const taps = this.taps!;
    const length = taps.length;
    const ring = this.ring;
    ring[this.write] = x;
    ring[this.write + length] = x;
    // Oldest to newest: ring[write + 1 .. write + length].
    const base = this.write + 1;
    let y = 0;
    for (let k = 0; k < length; k++) y += taps[k]! * ring[base + k]!;
    this.write = (this.write + 1) % length;
    return y;
  }
}
