// Whisper's log-mel spectrogram (the encoder's `input_features`), computed as openai/whisper and HF's
// WhisperFeatureExtractor do, with a streaming variant that only recomputes what new audio can change.

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

// ---- FFT ----

/**
 * An in-place complex DFT (forward, unnormalised) for any size, by mixed-radix decimation in time:
 * specialised radix 2, 3, 4 and 5 butterflies, a direct O(p^2) one for other primes. Whisper's 400-point
 * real transform runs as a 200 = 4 * 2 * 5 * 5 point complex one.
 */
export class ComplexFft {
  readonly size: number;
  private readonly factors: number[];
  /** Length of the sub-transforms each stage combines. */
  private readonly spans: number[];
  /** work[pos] takes input[perm[pos]] so that every stage's sub-transforms sit contiguously. */
  private readonly perm: Int32Array;
  private readonly twRe: Float64Array[];
  private readonly twIm: Float64Array[];
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;
  private readonly scratchRe: Float64Array;
  private readonly scratchIm: Float64Array;
  private readonly rootRe: Float64Array;
  private readonly rootIm: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`FFT size must be a positive integer`);
    this.size = size;
    this.factors = factorize(size);
    this.perm = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      let idx = i;
      let span = size;
      let pos = 0;
      for (const p of this.factors) {
        span /= p;
        pos += (idx % p) * span;
        idx = Math.floor(idx / p);
      }
      this.perm[pos] = i;
    }
    // Stage s combines p_s sub-transforms of length m_s = size / (p_0 * ... * p_s).
    this.twRe = [];
    this.twIm = [];
    this.spans = [];
    let m = size;
    for (const p of this.factors) {
      m /= p;
      this.spans.push(m);
      const block = p * m;
      const re = new Float64Array((p - 1) * m);
      const im = new Float64Array((p - 1) * m);
      for (let q = 1; q < p; q++) {
        for (let k = 0; k < m; k++) {
          const angle = (-2 * Math.PI * q * k) / block;
          re[(q - 1) * m + k] = Math.cos(angle);
          im[(q - 1) * m + k] = Math.sin(angle);
        }
      }
      this.twRe.push(re);
      this.twIm.push(im);
    }
    const maxP = Math.max(...this.factors);
    this.scratchRe = new Float64Array(maxP * 2);
    this.scratchIm = new Float64Array(maxP * 2);
    this.rootRe = new Float64Array(maxP);
    this.rootIm = new Float64Array(maxP);
    this.workRe = new Float64Array(size);
    this.workIm = new Float64Array(size);
  }

  /** Replaces re/im (each `size` long) with their DFT. */
  transform(re: Float64Array, im: Float64Array): void {
    const n = this.size;
    const wr = this.workRe;
    const wi = this.workIm;
    for (let pos = 0; pos < n; pos++) {
      const src = this.perm[pos]!;
      wr[pos] = re[src]!;
      wi[pos] = im[src]!;
    }
    // The innermost (shortest) sub-transforms first.
    for (let s = this.factors.length - 1; s >= 0; s--) {
      const p = this.factors[s]!;
      const m = this.spans[s]!;
      const twr = this.twRe[s]!;
      const twi = this.twIm[s]!;
      if (p === 4) this.radix4(m, twr, twi);
      else if (p === 2) this.radix2(m, twr, twi);
      else if (p === 3) this.radix3(m, twr, twi);
      else if (p === 5) this.radix5(m, twr, twi);
      else this.radixGeneric(p, m, twr, twi);
    }
    re.set(wr);
    im.set(wi);
  }

  private radix2(m: number, twr: Float64Array, twi: Float64Array): void {
    const wr = this.workRe;
    const wi = this.workIm;
    for (let b = 0; b < this.size; b += 2 * m) {
      for (let k = 0; k < m; k++) {
        const i0 = b + k;
        const i1 = i0 + m;
        const xr = wr[i1]! * twr[k]! - wi[i1]! * twi[k]!;
        const xi = wr[i1]! * twi[k]! + wi[i1]! * twr[k]!;
        const ar = wr[i0]!;
        const ai = wi[i0]!;
        wr[i0] = ar + xr;
        wi[i0] = ai + xi;
        wr[i1] = ar - xr;
        wi[i1] = ai - xi;
      }
    }
  }

  private radix3(m: number, twr: Float64Array, twi: Float64Array): void {
    const wr = this.workRe;
    const wi = this.workIm;
    const c = Math.sqrt(3) / 2;
    for (let b = 0; b < this.size; b += 3 * m) {
      for (let k = 0; k < m; k++) {
        const i0 = b + k;
        const i1 = i0 + m;
        const i2 = i1 + m;
        const a1r = wr[i1]! * twr[k]! - wi[i1]! * twi[k]!;
        const a1i = wr[i1]! * twi[k]! + wi[i1]! * twr[k]!;
        const a2r = wr[i2]! * twr[m + k]! - wi[i2]! * twi[m + k]!;
        const a2i = wr[i2]! * twi[m + k]! + wi[i2]! * twr[m + k]!;
        const sr = a1r + a2r;
        const si = a1i + a2i;
        const dr = a1r - a2r;
        const di = a1i - a2i;
        const a0r = wr[i0]!;
        const a0i = wi[i0]!;
        const tr = a0r - sr / 2;
        const ti = a0i - si / 2;
        wr[i0] = a0r + sr;
        wi[i0] = a0i + si;
        wr[i1] = tr + c * di;
        wi[i1] = ti - c * dr;
        wr[i2] = tr - c * di;
        wi[i2] = ti + c * dr;
      }
    }
  }

  private radix4(m: number, twr: Float64Array, twi: Float64Array): void {
    const wr = this.workRe;
    const wi = this.workIm;
    for (let b = 0; b < this.size; b += 4 * m) {
      for (let k = 0; k < m; k++) {
        const i0 = b + k;
        const i1 = i0 + m;
        const i2 = i1 + m;
        const i3 = i2 + m;
        const a1r = wr[i1]! * twr[k]! - wi[i1]! * twi[k]!;
        const a1i = wr[i1]! * twi[k]! + wi[i1]! * twr[k]!;
        const a2r = wr[i2]! * twr[m + k]! - wi[i2]! * twi[m + k]!;
        const a2i = wr[i2]! * twi[m + k]! + wi[i2]! * twr[m + k]!;
        const a3r = wr[i3]! * twr[2 * m + k]! - wi[i3]! * twi[2 * m + k]!;
        const a3i = wr[i3]! * twi[2 * m + k]! + wi[i3]! * twr[2 * m + k]!;
        const a0r = wr[i0]!;
        const a0i = wi[i0]!;
        const t0r = a0r + a2r;
        const t0i = a0i + a2i;
        const t1r = a0r - a2r;
        const t1i = a0i - a2i;
        const t2r = a1r + a3r;
        const t2i = a1i + a3i;
        const t3r = a1r - a3r;
        const t3i = a1i - a3i;
        wr[i0] = t0r + t2r;
        wi[i0] = t0i + t2i;
        wr[i2] = t0r - t2r;
        wi[i2] = t0i - t2i;
        // W4 = -i: the odd outputs take t3 turned by -i and +i.
        wr[i1] = t1r + t3i;
        wi[i1] = t1i - t3r;
        wr[i3] = t1r - t3i;
        wi[i3] = t1i + t3r;
      }
    }
  }

  private radix5(m: number, twr: Float64Array, twi: Float64Array): void {
    const wr = this.workRe;
    const wi = this.workIm;
    const c1 = Math.cos((2 * Math.PI) / 5);
    const c2 = Math.cos((4 * Math.PI) / 5);
    const s1 = Math.sin((2 * Math.PI) / 5);
    const s2 = Math.sin((4 * Math.PI) / 5);
    for (let b = 0; b < this.size; b += 5 * m) {
      for (let k = 0; k < m; k++) {
        const i0 = b + k;
        const i1 = i0 + m;
        const i2 = i1 + m;
        const i3 = i2 + m;
        const i4 = i3 + m;
        const a1r = wr[i1]! * twr[k]! - wi[i1]! * twi[k]!;
        const a1i = wr[i1]! * twi[k]! + wi[i1]! * twr[k]!;
        const a2r = wr[i2]! * twr[m + k]! - wi[i2]! * twi[m + k]!;
        const a2i = wr[i2]! * twi[m + k]! + wi[i2]! * twr[m + k]!;
        const a3r = wr[i3]! * twr[2 * m + k]! - wi[i3]! * twi[2 * m + k]!;
        const a3i = wr[i3]! * twi[2 * m + k]! + wi[i3]! * twr[2 * m + k]!;
        const a4r = wr[i4]! * twr[3 * m + k]! - wi[i4]! * twi[3 * m + k]!;
        const a4i = wr[i4]! * twi[3 * m + k]! + wi[i4]! * twr[3 * m + k]!;
        const a0r = wr[i0]!;
        const a0i = wi[i0]!;
        const b1r = a1r + a4r;
        const b1i = a1i + a4i;
        const b2r = a2r + a3r;
        const b2i = a2i + a3i;
        const d1r = a1r - a4r;
        const d1i = a1i - a4i;
        const d2r = a2r - a3r;
        const d2i = a2i - a3i;
        const t1r = a0r + c1 * b1r + c2 * b2r;
        const t1i = a0i + c1 * b1i + c2 * b2i;
        const t2r = a0r + c2 * b1r + c1 * b2r;
        const t2i = a0i + c2 * b1i + c1 * b2i;
        const u1r = s1 * d1r + s2 * d2r;
        const u1i = s1 * d1i + s2 * d2i;
        const u2r = s2 * d1r - s1 * d2r;
        const u2i = s2 * d1i - s1 * d2i;
        wr[i0] = a0r + b1r + b2r;
        wi[i0] = a0i + b1i + b2i;
        wr[i1] = t1r + u1i;
        wi[i1] = t1i - u1r;
        wr[i4] = t1r - u1i;
        wi[i4] = t1i + u1r;
        wr[i2] = t2r + u2i;
        wi[i2] = t2i - u2r;
        wr[i3] = t2r - u2i;
        wi[i3] = t2i + u2r;
      }
    }
  }

  private radixGeneric(p: number, m: number, twr: Float64Array, twi: Float64Array): void {
    const wr = this.workRe;
    const wi = this.workIm;
    const xr = this.scratchRe;
    const xi = this.scratchIm;
    const rr = this.rootRe;
    const ri = this.rootIm;
    for (let j = 0; j < p; j++) {
      rr[j] = Math.cos((-2 * Math.PI * j) / p);
      ri[j] = Math.sin((-2 * Math.PI * j) / p);
    }
    for (let b = 0; b < this.size; b += p * m) {
      for (let k = 0; k < m; k++) {
        xr[0] = wr[b + k]!;
        xi[0] = wi[b + k]!;
        for (let q = 1; q < p; q++) {
          const idx = b + q * m + k;
          const tr = twr[(q - 1) * m + k]!;
          const ti = twi[(q - 1) * m + k]!;
          xr[q] = wr[idx]! * tr - wi[idx]! * ti;
          xi[q] = wr[idx]! * ti + wi[idx]! * tr;
        }
        for (let s = 0; s < p; s++) {
          let accR = 0;
          let accI = 0;
          for (let q = 0; q < p; q++) {
            const r = (q * s) % p;
            accR += xr[q]! * rr[r]! - xi[q]! * ri[r]!;
            accI += xr[q]! * ri[r]! + xi[q]! * rr[r]!;
          }
          xr[p + s] = accR;
          xi[p + s] = accI;
        }
        for (let s = 0; s < p; s++) {
          wr[b + k + s * m] = xr[p + s]!;
          wi[b + k + s * m] = xi[p + s]!;
        }
      }
    }
  }
}

function factorize(n: number): number[] {
  const factors: number[] = [];
  let rest = n;
  for (const p of [4, 2, 3, 5]) {
    while (rest % p === 0) {
      factors.push(p);
      rest /= p;
    }
  }
  for (let p = 7; rest > 1; p += 2) {
    while (rest % p === 0) {
      factors.push(p);
      rest /= p;
    }
    if (p * p > rest && rest > 1) {
      factors.push(rest);
      rest = 1;
    }
  }
  return factors.length > 0 ? factors : [1];
}

/** The DFT of a real signal of even length n, bins 0..n/2, by one complex FFT of n/2 points. */
export class RealFft {
  readonly size: number;
  private readonly half: ComplexFft;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  private readonly wr: Float64Array;
  private readonly wi: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2 || size % 2 !== 0) {
      throw new RangeError('real FFT size must be a positive even integer');
    }
    this.size = size;
    const m = size / 2;
    this.half = new ComplexFft(m);
    this.zr = new Float64Array(m);
    this.zi = new Float64Array(m);
    this.wr = new Float64Array(m + 1);
    this.wi = new Float64Array(m + 1);
    for (let k = 0; k <= m; k++) {
      this.wr[k] = Math.cos((-2 * Math.PI * k) / size);
      this.wi[k] = Math.sin((-2 * Math.PI * k) / size);
    }
  }

  /** Writes bins 0..size/2 of the DFT of `input` (`size` samples) into outRe/outIm. */
  forward(input: ArrayLike<number>, outRe: Float64Array, outIm: Float64Array): void {
    const m = this.size / 2;
    const zr = this.zr;
    const zi = this.zi;
    for (let k = 0; k < m; k++) {
      zr[k] = input[2 * k]!;
      zi[k] = input[2 * k + 1]!;
    }
    this.half.transform(zr, zi);
    // Even and odd samples were packed as real and imaginary parts; untangle them with the
    // conjugate-symmetric pair Z[k], Z[m - k], then combine as one radix-2 step.
    for (let k = 0; k <= m; k++) {
      const a = zr[k % m]!;
      const b = zi[k % m]!;
      const c = zr[(m - k) % m]!;
      const d = zi[(m - k) % m]!;
      const er = (a + c) / 2;
      const ei = (b - d) / 2;
      const or = (b + d) / 2;
      const oi = (c - a) / 2;
      const wr = this.wr[k]!;
      const wi = this.wi[k]!;
      outRe[k] = er + wr * or - wi * oi;
      outIm[k] = ei + wr * oi + wi * or;
    }
  }
}

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
