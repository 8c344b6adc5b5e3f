// A mixed-radix FFT for any size (complex, and real-input by one half-size complex transform): what
// log-mel.ts runs Whisper's 400-point STFT frames through.

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
