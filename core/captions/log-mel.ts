// Whisper's log-mel spectrogram (the encoder's `input_features`), computed as openai/whisper and HF's
// WhisperFeatureExtractor do, with a streaming variant that only recomputes what new audio can change.
// The FFT under it is in fft.ts.
import { RealFft } from './fft';

export const SAMPLE_RATE = 16_000;
export const N_FFT = 400;
export const HOP_LENGTH = 160;
/** Bins of the one-sided power spectrum, n_fft / 2 + 1. */
export const N_FREQS = N_FFT / 2 + 1;
/** The frames of one Whisper window (30 s). */
export const WHISPER_FRAMES = 3000;
export type MelBins = 80 | 128;

const HALF = N_FFT / 2;
const LOG_FLOOR = -10; // log10 of the 1e-10 clamp: what silence gives

// ---- window and filterbank ----

/** A periodic Hann window (torch.hann_window's default), as Whisper's STFT uses. */
export function hannWindow(size: number): Float64Array {
  const w = new Float64Array(size);
  for (let i = 0; i < size; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
  return w;
}

/** Slaney's mel scale (librosa htk=False): linear below 1 kHz, logarithmic above. */
export function hzToMel(hz: number): number {
  const fSp = 200 / 3;
  if (hz < 1000) return hz / fSp;
  return 1000 / fSp + Math.log(hz / 1000) / (Math.log(6.4) / 27);
}

export function melToHz(mel: number): number {
  const fSp = 200 / 3;
  const minLogMel = 1000 / fSp;
  if (mel < minLogMel) return mel * fSp;
  return 1000 * Math.exp((Math.log(6.4) / 27) * (mel - minLogMel));
}

/** One mel filter: its weights over FFT bins first..first + weights.length - 1 (zero elsewhere). */
export interface MelFilter {
  first: number;
  weights: Float64Array;
}

/**
 * librosa.filters.mel(sr=16000, n_fft=400, n_mels, fmin=0, fmax=8000, htk=False, norm='slaney'):
 * triangles between successive mel points, each scaled to unit area (2 / bandwidth in Hz).
 */
export function melFilters(nMels: MelBins): MelFilter[] {
  const melMax = hzToMel(SAMPLE_RATE / 2);
  const points = Array.from({ length: nMels + 2 }, (_, i) => melToHz((melMax * i) / (nMels + 1)));
  const filters: MelFilter[] = [];
  for (let i = 0; i < nMels; i++) {
    const lo = points[i]!;
    const mid = points[i + 1]!;
    const hi = points[i + 2]!;
    const norm = 2 / (hi - lo);
    const dense: number[] = [];
    let first = -1;
    for (let k = 0; k < N_FREQS; k++) {
      const f = (k * SAMPLE_RATE) / N_FFT;
      const w = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
      if (w > 0) {
        if (first < 0) first = k;
        dense[k - first] = w * norm;
      } else if (first >= 0) {
        break;
      }
    }
    // A band narrower than one bin gets no weights (as in librosa, which then warns of empty filters).
    filters.push({ first: Math.max(0, first), weights: Float64Array.from(dense, (x) => x ?? 0) });
  }
  return filters;
}

/** The filterbank as a dense [nMels, 201] matrix (row-major). */
export function melFilterBank(nMels: MelBins): Float64Array {
  const out = new Float64Array(nMels * N_FREQS);
  melFilters(nMels).forEach((f, m) => out.set(f.weights, m * N_FREQS + f.first));
  return out;
}

// ---- frames ----

/** Computes the log10 power-mel of single STFT frames; shared (read-only tables) per mel count. */
class FrameAnalyzer {
  readonly nMels: MelBins;
  private readonly fft = new RealFft(N_FFT);
  private readonly window = hannWindow(N_FFT);
  private readonly filters: MelFilter[];
  private readonly frame = new Float64Array(N_FFT);
  private readonly re = new Float64Array(N_FREQS);
  private readonly im = new Float64Array(N_FREQS);
  private readonly power = new Float64Array(N_FREQS);

  constructor(nMels: MelBins) {
    this.nMels = nMels;
    this.filters = melFilters(nMels);
  }

  /** Frame t from samples that are all real audio: audio[t*hop - 200 .. t*hop + 200), reflected below 0. */
  interior(audio: Float32Array, t: number, out: Float64Array, offset: number): void {
    const start = t * HOP_LENGTH - HALF;
    const frame = this.frame;
    const win = this.window;
    if (start >= 0) {
      for (let j = 0; j < N_FFT; j++) frame[j] = audio[start + j]! * win[j]!;
    } else {
      for (let j = 0; j < N_FFT; j++) frame[j] = audio[Math.abs(start + j)]! * win[j]!;
    }
    this.analyze(out, offset);
  }

  /**
   * Frame t of the signal of length `length` whose first `real` samples are audio and the rest zeros,
   * reflect-padded by 200 at both ends (torch.stft center=True, pad_mode='reflect').
   */
  edge(
    audio: Float32Array,
    real: number,
    length: number,
    t: number,
    out: Float64Array,
    offset: number,
  ): void {
    const start = t * HOP_LENGTH - HALF;
    const frame = this.frame;
    const win = this.window;
    const period = 2 * (length - 1);
    let any = false;
    for (let j = 0; j < N_FFT; j++) {
      let i = start + j;
      if (period === 0) i = 0;
      else if (i < 0 || i >= length) {
        // numpy-style repeated reflection, so that even a signal shorter than the padding has frames.
        i = ((i % period) + period) % period;
        if (i >= length) i = period - i;
      }
      const x = i < real ? audio[i]! : 0;
      if (x !== 0) any = true;
      frame[j] = x * win[j]!;
    }
    if (any) this.analyze(out, offset);
    else out.fill(LOG_FLOOR, offset, offset + this.nMels);
  }

  private analyze(out: Float64Array, offset: number): void {
    this.fft.forward(this.frame, this.re, this.im);
    const power = this.power;
    for (let k = 0; k < N_FREQS; k++) power[k] = this.re[k]! * this.re[k]! + this.im[k]! * this.im[k]!;
    for (let m = 0; m < this.nMels; m++) {
      const { first, weights } = this.filters[m]!;
      let acc = 0;
      for (let j = 0; j < weights.length; j++) acc += weights[j]! * power[first + j]!;
      out[offset + m] = Math.log10(Math.max(acc, 1e-10));
    }
  }
}

const analyzers = new Map<MelBins, FrameAnalyzer>();
function analyzerFor(nMels: MelBins): FrameAnalyzer {
  let a = analyzers.get(nMels);
  if (!a) {
    a = new FrameAnalyzer(nMels);
    analyzers.set(nMels, a);
  }
  return a;
}

export interface LogMelOptions {
  /** 80 for Whisper tiny..large-v2, 128 for large-v3. Default 80. */
  nMels?: MelBins;
}

/**
 * Appends audio as it arrives and keeps the log power-mel of every frame whose 400 samples are all known,
 * so a partial hypothesis over the utterance so far costs the new frames plus one normalisation pass.
 * Frames within 200 samples of the end depend on the padding (reflection of audio that is not final, or
 * the zeros of a fixed-length window) and are computed per call.
 */
export class StreamingLogMel {
  readonly nMels: MelBins;
  private readonly analyzer: FrameAnalyzer;
  private audio = new Float32Array(SAMPLE_RATE);
  private length = 0;
  /** log10(max(mel, 1e-10)), frame-major: frame t at [t * nMels, (t + 1) * nMels). */
  private logMel: Float64Array;
  private stable = 0;

  constructor(options: LogMelOptions = {}) {
    this.nMels = options.nMels ?? 80;
    this.analyzer = analyzerFor(this.nMels);
    this.logMel = new Float64Array(100 * this.nMels);
  }

  /** Samples appended so far. */
  get samples(): number {
    return this.length;
  }

  /** Appends 16 kHz mono samples in [-1, 1]. */
  append(chunk: ArrayLike<number>): void {
    const needed = this.length + chunk.length;
    if (needed > this.audio.length) {
      const grown = new Float32Array(Math.max(needed, this.audio.length * 2));
      grown.set(this.audio.subarray(0, this.length));
      this.audio = grown;
    }
    this.audio.set(chunk, this.length);
    this.length = needed;
    const stable = this.length > HALF ? Math.floor((this.length - HALF) / HOP_LENGTH) + 1 : 0;
    if (stable > this.stable) {
      if (stable * this.nMels > this.logMel.length) {
        const grown = new Float64Array(Math.max(stable * this.nMels, this.logMel.length * 2));
        grown.set(this.logMel.subarray(0, this.stable * this.nMels));
        this.logMel = grown;
      }
      for (let t = this.stable; t < stable; t++)
        this.analyzer.interior(this.audio, t, this.logMel, t * this.nMels);
      this.stable = stable;
    }
  }

  /** Forgets the audio, for the next utterance. */
  reset(): void {
    this.length = 0;
    this.stable = 0;
  }

  /**
   * The normalised features, [nMels, frames] row-major (`input_features[0]`). With `frames` (3000 for
   * Whisper), exactly what WhisperFeatureExtractor gives for the audio zero-padded or cut to frames * 160
   * samples; without, Whisper's log_mel_spectrogram of the audio as it is (floor(samples / 160) frames).
   */
  features(frames?: number): Float32Array {
    if (frames !== undefined && !(Number.isInteger(frames) && frames >= 0)) {
      throw new RangeError('frames must be a non-negative integer');
    }
    const length = frames === undefined ? this.length : frames * HOP_LENGTH;
    const count = frames ?? Math.floor(this.length / HOP_LENGTH);
    const nMels = this.nMels;
    const real = Math.min(length, this.length);
    const out = new Float32Array(nMels * count);
    if (count === 0) return out;
    // A cached frame is valid while its window and its left reflection lie within the real audio.
    const cached = real > HALF ? Math.min(this.stable, Math.floor((real - HALF) / HOP_LENGTH) + 1, count) : 0;
    // From here on a frame reads only the zeros past the audio (and reflections of them): silence.
    const silent = Math.max(cached, Math.min(firstSilentFrame(real, length), count));
    const edges = new Float64Array((silent - cached) * nMels);
    for (let t = cached; t < silent; t++)
      this.analyzer.edge(this.audio, real, length, t, edges, (t - cached) * nMels);
    let max = LOG_FLOOR;
    for (let i = 0; i < cached * nMels; i++) if (this.logMel[i]! > max) max = this.logMel[i]!;
    for (let i = 0; i < edges.length; i++) if (edges[i]! > max) max = edges[i]!;
    const floor = max - 8;
    for (let t = 0; t < silent; t++) {
      const src = t < cached ? this.logMel : edges;
      const base = (t < cached ? t : t - cached) * nMels;
      for (let m = 0; m < nMels; m++) {
        const v = src[base + m]!;
        out[m * count + t] = ((v > floor ? v : floor) + 4) / 4;
      }
    }
    if (silent < count) {
      const silence = ((LOG_FLOOR > floor ? LOG_FLOOR : floor) + 4) / 4;
      for (let m = 0; m < nMels; m++) out.fill(silence, m * count + silent, (m + 1) * count);
    }
    return out;
  }
}

/** The first frame whose window, reflections included, holds only the zeros past the real audio. */
function firstSilentFrame(real: number, length: number): number {
  const frames = Math.floor(length / HOP_LENGTH) + 1;
  if (length <= HALF) return frames; // repeated reflections: no shortcut, every frame is computed
  for (let t = Math.max(0, Math.floor((real + HALF) / HOP_LENGTH)); t < frames; t++) {
    const start = t * HOP_LENGTH - HALF;
    const last = t * HOP_LENGTH + HALF - 1;
    if (start >= real && (last < length || 2 * (length - 1) - last >= real)) return t;
  }
  return frames;
}

/** Whisper's log-mel features for one stretch of audio; see StreamingLogMel.features for `frames`. */
export function logMelSpectrogram(
  audio: ArrayLike<number>,
  options: LogMelOptions & { frames?: number } = {},
): Float32Array {
  const mel = new StreamingLogMel(options);
  mel.append(audio);
  return mel.features(options.frames);
}
