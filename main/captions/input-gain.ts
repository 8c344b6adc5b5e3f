// Automatic gain for the captions input: quiet microphones (and recordings at -26 dBFS, like much of
// AISHELL) leave Silero VAD unsure, so speech is brought towards a steady level before VAD and recognition.
// A peak envelope with a slow release sets the gain; gain changes are smoothed so words are not pumped.

export interface InputGainOptions {
  /** The peak level speech is brought to. */
  targetPeak?: number;
  maxGain?: number;
  /** Seconds for the envelope to fall by half after a loud passage. */
  releaseS?: number;
}

export class InputGain {
  private envelope = 0;
  private gain = 1;
  private readonly target: number;
  private readonly maxGain: number;
  private readonly releasePerSample: number;

  constructor(options: InputGainOptions = {}, sampleRate = 16_000) {
    this.target = options.targetPeak ?? 0.5;
    this.maxGain = options.maxGain ?? 12;
    this.releasePerSample = Math.pow(0.5, 1 / ((options.releaseS ?? 3) * sampleRate));
  }

  get currentGain(): number {
    return this.gain;
  }

  /** Returns a new, gain-adjusted copy of the chunk. */
  process(chunk: Float32Array): Float32Array {
    let peak = 0;
    for (let i = 0; i < chunk.length; i++) peak = Math.max(peak, Math.abs(chunk[i]!));
    this.envelope = Math.max(peak, this.envelope * Math.pow(this.releasePerSample, chunk.length));
    const wanted = Math.min(this.maxGain, Math.max(1, this.target / Math.max(this.envelope, 1e-4)));
    const from = this.gain;
    // Down fast (no clipping on a sudden shout), up slowly.
    const to = wanted < from ? wanted : from + (wanted - from) * 0.1;
    const out = new Float32Array(chunk.length);
    for (let i = 0; i < chunk.length; i++) {
      const g = from + ((to - from) * i) / chunk.length;
      out[i] = Math.max(-1, Math.min(1, chunk[i]! * g));
    }
    this.gain = to;
    return out;
  }
}
