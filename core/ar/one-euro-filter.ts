// The One Euro filter (Casiez, Roussel, Vogel, CHI 2012): a low-pass filter whose cutoff rises with speed, so
// a still signal is smoothed hard (no jitter) and a moving one is followed closely (little lag). Vector form:
// one filter over many coordinates, sampled at irregular times given in ms.

export interface OneEuroOptions {
  /** Cutoff in Hz at zero speed: lower is smoother when still, and lags more at low speed. */
  minCutoff: number;
  /** How much the cutoff rises per unit/s of speed (units of the signal): higher follows fast moves better. */
  beta: number;
  /** Cutoff in Hz of the derivative's own low-pass, which drives the adaptive cutoff. */
  dCutoff: number;
  /**
   * When set, the vector is a list of points of this many coordinates that move together (a face mesh): they
   * share one cutoff, driven by the points' RMS speed, so the shape is not distorted and noise on single
   * coordinates does not open the filter. Unset: every coordinate adapts on its own (the paper's form).
   */
  pointSize?: number;
}

export const ONE_EURO_DEFAULTS: OneEuroOptions = { minCutoff: 1, beta: 0.007, dCutoff: 1 };

/** The smoothing factor of an exponential filter with this cutoff, for a sample `dtSeconds` after the last. */
export function smoothingFactor(cutoffHz: number, dtSeconds: number): number {
  const tau = 1 / (2 * Math.PI * cutoffHz);
  return 1 / (1 + tau / dtSeconds);
}

export class OneEuroFilter {
  readonly dimension: number;
  readonly options: OneEuroOptions;
  private x: Float64Array | null = null;
  private dx: Float64Array;
  private cutoffs: Float64Array;
  private lastT = 0;

  constructor(dimension: number, options: Partial<OneEuroOptions> = {}) {
    if (!Number.isInteger(dimension) || dimension < 1) throw new RangeError(`dimension must be >= 1`);
    this.dimension = dimension;
    this.options = { ...ONE_EURO_DEFAULTS, ...options };
    const { minCutoff, dCutoff, pointSize } = this.options;
    if (!(minCutoff > 0) || !(dCutoff > 0) || !(this.options.beta >= 0)) {
      throw new RangeError('minCutoff and dCutoff must be > 0, beta >= 0');
    }
    if (pointSize !== undefined && (!Number.isInteger(pointSize) || pointSize < 1 || dimension % pointSize)) {
      throw new RangeError(`pointSize ${pointSize} must divide the dimension ${dimension}`);
    }
    this.dx = new Float64Array(dimension);
    this.cutoffs = new Float64Array(dimension).fill(minCutoff);
  }

  /** The filtered value after the last sample (null before the first); do not modify. */
  get value(): Float64Array | null {
    return this.x;
  }

  /** The filtered derivative in units per second after the last sample. */
  get derivative(): Float64Array {
    return this.dx;
  }

  /** Time of the last accepted sample, ms. */
  get lastTime(): number | null {
    return this.x ? this.lastT : null;
  }

  /**
   * How far behind a signal moving at constant speed the output trails, in seconds, per coordinate: the time
   * constant of the cutoff last used (an exponential filter's steady-state lag). Callers that extrapolate add
   * it to undo the lag.
   */
  lagSeconds(index: number): number {
    return 1 / (2 * Math.PI * (this.cutoffs[index] as number));
  }

  reset(): void {
    this.x = null;
    this.dx.fill(0);
    this.cutoffs.fill(this.options.minCutoff);
  }

  /**
   * Feeds one sample taken at `tMs` and returns the filtered vector (the filter's own array: copy it to keep
   * it). A sample not later than the previous one is ignored (the previous output is returned).
   */
  filter(values: ArrayLike<number>, tMs: number): Float64Array {
    if (values.length !== this.dimension) {
      throw new RangeError(`expected ${this.dimension} values, got ${values.length}`);
    }
    if (!this.x) {
      this.x = Float64Array.from(values);
      this.dx.fill(0);
      this.lastT = tMs;
      return this.x;
    }
    const dt = (tMs - this.lastT) / 1000;
    if (!(dt > 0)) return this.x;
    this.lastT = tMs;
    const { minCutoff, beta, dCutoff, pointSize } = this.options;
    const aD = smoothingFactor(dCutoff, dt);
    const x = this.x;
    const dx = this.dx;
    for (let i = 0; i < this.dimension; i++) {
      const raw = ((values[i] as number) - (x[i] as number)) / dt;
      dx[i] = (dx[i] as number) + aD * (raw - (dx[i] as number));
    }
    if (pointSize) {
      let sum = 0;
      for (let i = 0; i < this.dimension; i++) sum += (dx[i] as number) ** 2;
      const speed = Math.sqrt(sum / (this.dimension / pointSize));
      this.cutoffs.fill(minCutoff + beta * speed);
    } else {
      for (let i = 0; i < this.dimension; i++) this.cutoffs[i] = minCutoff + beta * Math.abs(dx[i] as number);
    }
    for (let i = 0; i < this.dimension; i++) {
      const a = smoothingFactor(this.cutoffs[i] as number, dt);
      x[i] = (x[i] as number) + a * ((values[i] as number) - (x[i] as number));
    }
    return x;
  }
}
