// The pitch-next policy: a hybrid LinUCB contextual bandit. A shared ridge regression over the features
// below predicts a product's reward from the room's live signals and the seller's history; a per-product
// (per key) bias, shrunk to zero, learns what the features miss. Picks are ranked by expected GMV rate =
// (predicted reward + capped uncertainty bonus) x price. A pick that only makes the top k through its
// bonus is flagged `exploring` and explained; at most one such pick per answer.
//
// Reward (what `learn` fits): the pinned product's paid orders per 100 viewer-minutes of its segment.
// Orders rather than GMV keep the reward's scale the same across cheap and dear products and currencies;
// the price turns it into GMV at ranking time.
import type { PitchPick } from '../../protocol/pitch';
import { ASK_INTENTS, reasonsFor } from './reasons';
import type { PitchPolicyState, PresentedSegment, ProductSignals, RoomContext } from './types';

/** The features, in order; each scaled to about [0, 1]. */
export const PITCH_FEATURES = [
  'asks_per_viewer', // comments asking about it (size, price, ...) per 100 viewers, a/(a+5)
  'clicks_per_viewer', // distinct clickers per 100 viewers, c/(c+5)
  'buy_intent_share', // share of its comments with a buy intent
  'mood', // (mean sentiment + 1) / 2; 0.5 with no comments
  'past_conversion', // seller's history: (orders + 1) / (viewers + 100), x20, capped at 1
  'past_sales_rate', // history's reward: orders per 100 viewer-minutes, shrunk to 0.5 over 100 vm; /2, capped
  'log_stock', // log(1 + stock) / log(1001), capped at 1
  'low_stock', // 1 when stock <= 20
  'margin', // margin % / 100 (0 when unknown)
  'minutes_since_presented', // in this stream, capped at 30 min, /30 (1 when never)
  'never_presented', // 1 when not presented in this stream
  'sold_this_stream', // orders this stream per viewer now, x10, capped at 1
  'has_history', // 1 when the seller presented it before
  'bias', // 1
] as const;
export const PITCH_FEATURE_COUNT = PITCH_FEATURES.length;
const FEATURE_VERSION = 1;

/** What an untrained policy believes (reward units per feature): live interest and past sales count. */
const PRIOR_WEIGHTS: Readonly<Record<(typeof PITCH_FEATURES)[number], number>> = {
  asks_per_viewer: 1,
  clicks_per_viewer: 1,
  buy_intent_share: 0.5,
  mood: 0.2,
  past_conversion: 1,
  past_sales_rate: 1,
  log_stock: 0,
  low_stock: 0,
  margin: 0,
  minutes_since_presented: 0.3,
  never_presented: 0.2,
  sold_this_stream: 0,
  has_history: 0,
  bias: 0.2,
};

export interface PitchPolicyOptions {
  seed: number;
  state?: PitchPolicyState | null;
  /** Width of the confidence bound, in residual standard deviations. */
  alpha?: number;
  /** The bonus never exceeds this many residual standard deviations. */
  maxBonus?: number;
  /** Ridge strength of the shared weights (how many segments the prior is worth). */
  lambda?: number;
  /** Shrinkage of a product's own bias (in segments). */
  armLambda?: number;
  /** Segments shorter than this are not learned from (ms). */
  minSegmentMs?: number;
}

interface Arm {
  n: number;
  sumR: number;
  sumX: number[];
}

interface Model {
  /** D x D, row-major: lambda I + sum x x^T. */
  a: number[];
  /** lambda * prior + sum r x. */
  b: number[];
  arms: Record<string, Arm>;
  /** Residuals seen at learning time: count and sum of squares (for the noise scale). */
  resN: number;
  resSS: number;
  segments: number;
}

const D = PITCH_FEATURE_COUNT;
const MAX_ARMS = 5000;
const PRIOR_SIGMA = 1;
const PRIOR_SIGMA_WEIGHT = 5;
const MAX_REWARD = 100;

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.max(0, Math.min(1, x)) : 0);
const sat = (x: number, half: number): number => (x > 0 ? x / (x + half) : 0);

/** Solves M y = v for symmetric positive definite M (Cholesky); M row-major D x D. */
function solve(m: readonly number[], v: readonly number[]): number[] {
  const n = v.length;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = m[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j * n + j]!;
    }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = v[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * y[k]!;
    y[i] = s / l[i * n + i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * b[i]!, 0);

/** A stable tie-break per product for a seed (FNV-1a of seed and id). */
function tieKey(seed: number, id: string): number {
  let h = (2166136261 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  return h;
}

function freshModel(lambda: number): Model {
  const a = new Array<number>(D * D).fill(0);
  for (let i = 0; i < D; i++) a[i * D + i] = lambda;
  const b = PITCH_FEATURES.map((f) => lambda * PRIOR_WEIGHTS[f]);
  return { a, b, arms: {}, resN: 0, resSS: 0, segments: 0 };
}

const finiteList = (v: unknown, n: number): v is number[] =>
  Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** The model in a saved state, or null when it is not one this version can use. */
function loadModel(state: PitchPolicyState | null | undefined): Model | null {
  if (!state || typeof state !== 'object' || state.version !== 1) return null;
  const s = state as Record<string, unknown>;
  if (s.kind !== 'hybrid-linucb' || s.featureVersion !== FEATURE_VERSION || s.dims !== D) return null;
  if (!finiteList(s.a, D * D) || !finiteList(s.b, D)) return null;
  for (let i = 0; i < D; i++) if (!(s.a[i * D + i]! > 0)) return null;
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  if (!num(s.resN) || !num(s.resSS) || !num(s.segments)) return null;
  if (!s.arms || typeof s.arms !== 'object' || Array.isArray(s.arms)) return null;
  const arms: Record<string, Arm> = {};
  for (const [key, raw] of Object.entries(s.arms as Record<string, unknown>)) {
    const arm = raw as Partial<Arm> | null;
    if (!arm || !num(arm.n) || typeof arm.sumR !== 'number' || !Number.isFinite(arm.sumR)) return null;
    if (!finiteList(arm.sumX, D)) return null;
    arms[key] = { n: arm.n, sumR: arm.sumR, sumX: [...arm.sumX] };
  }
  return { a: [...s.a], b: [...s.b], arms, resN: s.resN, resSS: s.resSS, segments: s.segments };
}

interface Scored {
  s: ProductSignals;
  mean: number;
  ucb: number;
  tie: number;
}

export class PitchPolicy {
  private readonly seed: number;
  private readonly alpha: number;
  private readonly maxBonus: number;
  private readonly lambda: number;
  private readonly armLambda: number;
  private readonly minSegmentMs: number;
  private model: Model;
  private weights: number[] | null = null;
  private inverse: number[][] | null = null;

  constructor(options: PitchPolicyOptions) {
    this.seed = options.seed;
    this.alpha = options.alpha ?? 1;
    this.maxBonus = options.maxBonus ?? 1;
    this.lambda = options.lambda ?? 2;
    this.armLambda = options.armLambda ?? 2;
    this.minSegmentMs = options.minSegmentMs ?? 20_000;
    this.model = loadModel(options.state) ?? freshModel(this.lambda);
  }

  /** Segments learned from so far (all streams of the seller). */
  get segmentsLearned(): number {
    return this.model.segments;
  }

  features(s: ProductSignals, ctx: RoomContext): number[] {
    const viewers = Math.max(1, ctx.viewers);
    const asks = ASK_INTENTS.reduce((sum, tag) => sum + (s.asks[tag] ?? 0), 0);
    const h = s.history;
    const pastRate = (100 * (h.orders + 0.5)) / (h.viewerMinutes + 100);
    const since = s.msSincePresented;
    const f: Record<(typeof PITCH_FEATURES)[number], number> = {
      asks_per_viewer: sat((100 * asks) / viewers, 5),
      clicks_per_viewer: sat((100 * s.clicks) / viewers, 5),
      buy_intent_share: s.comments > 0 ? clamp01((s.asks.buy ?? 0) / s.comments) : 0,
      mood: s.mood === null ? 0.5 : clamp01((s.mood + 1) / 2),
      past_conversion: clamp01((20 * (h.orders + 1)) / (h.viewers + 100)),
      past_sales_rate: clamp01(pastRate / 2),
      log_stock: clamp01(Math.log1p(Math.max(0, s.stock)) / Math.log(1001)),
      low_stock: s.stock <= 20 ? 1 : 0,
      margin: s.marginPct === null ? 0 : clamp01(s.marginPct / 100),
      minutes_since_presented: since === null ? 1 : clamp01(since / 60_000 / 30),
      never_presented: since === null ? 1 : 0,
      sold_this_stream: clamp01((10 * s.ordersThisStream) / viewers),
      has_history: h.presentations > 0 ? 1 : 0,
      bias: 1,
    };
    return PITCH_FEATURES.map((name) => f[name]);
  }

  /** The top `k` products to present next: in stock, not pinned, best first, at most one exploring. */
  rank(signals: readonly ProductSignals[], ctx: RoomContext, k = 3): PitchPick[] {
    const beta = this.beta();
    const inv = this.inv();
    const sigma = this.sigma();
    const scored: Scored[] = [];
    for (const s of signals) {
      if (!(s.stock > 0) || s.pinned) continue;
      const x = this.features(s, ctx);
      const arm = this.model.arms[s.key];
      const armN = arm?.n ?? 0;
      const armBias = arm ? (arm.sumR - dot(arm.sumX, beta)) / (armN + this.armLambda) : 0;
      let variance = 1 / (armN + this.armLambda);
      for (let i = 0; i < D; i++) variance += x[i]! * dot(inv[i]!, x);
      const bonus = Math.min(this.maxBonus, this.alpha * Math.sqrt(Math.max(0, variance))) * sigma;
      const price = Math.max(1, s.priceMinor) / 100;
      const mean = Math.max(0, dot(x, beta) + armBias);
      scored.push({
        s,
        mean: mean * price,
        ucb: (mean + bonus) * price,
        tie: tieKey(this.seed, s.productId),
      });
    }
    const order = (key: 'mean' | 'ucb') => (a: Scored, b: Scored) =>
      b[key] - a[key] || a.tie - b.tie || (a.s.productId < b.s.productId ? -1 : 1);
    const byMean = [...scored].sort(order('mean'));
    const meanRank = new Map(byMean.map((c, i) => [c.s.productId, i]));
    const picks: PitchPick[] = [];
    let exploringPicks = 0;
    for (const c of [...scored].sort(order('ucb'))) {
      if (picks.length >= k) break;
      const exploring = meanRank.get(c.s.productId)! >= k;
      if (exploring && exploringPicks >= 1) continue;
      if (exploring) exploringPicks++;
      picks.push({
        productId: c.s.productId,
        score: c.ucb,
        exploring,
        reasons: reasonsFor(c.s, ctx, exploring),
      });
    }
    return picks;
  }

  /** Learns from a finished presentation: reward = orders per 100 viewer-minutes. Short ones are skipped. */
  learn(segment: PresentedSegment): void {
    const x = segment.features;
    if (!finiteList(x, D) || !(segment.to - segment.from >= this.minSegmentMs)) return;
    if (!(segment.viewerMinutes > 0) || !Number.isFinite(segment.orders) || segment.orders < 0) return;
    const reward = Math.min(MAX_REWARD, (100 * segment.orders) / segment.viewerMinutes);
    const m = this.model;
    const beta = this.beta();
    const arm = m.arms[segment.key];
    const armBias = arm ? (arm.sumR - dot(arm.sumX, beta)) / (arm.n + this.armLambda) : 0;
    const residual = reward - (dot(x, beta) + armBias);
    m.resN++;
    m.resSS += residual * residual;
    for (let i = 0; i < D; i++) {
      m.b[i]! += reward * x[i]!;
      for (let j = 0; j < D; j++) m.a[i * D + j]! += x[i]! * x[j]!;
    }
    const next = arm ?? { n: 0, sumR: 0, sumX: new Array<number>(D).fill(0) };
    next.n++;
    next.sumR += reward;
    for (let i = 0; i < D; i++) next.sumX[i]! += x[i]!;
    m.arms[segment.key] = next;
    m.segments++;
    this.capArms();
    this.weights = null;
    this.inverse = null;
  }

  /** JSON-safe; give it back through the constructor's `state`. */
  state(): PitchPolicyState {
    const m = this.model;
    return {
      version: 1,
      kind: 'hybrid-linucb',
      featureVersion: FEATURE_VERSION,
      dims: D,
      a: [...m.a],
      b: [...m.b],
      arms: Object.fromEntries(
        Object.entries(m.arms).map(([key, arm]) => [key, { n: arm.n, sumR: arm.sumR, sumX: [...arm.sumX] }]),
      ),
      resN: m.resN,
      resSS: m.resSS,
      segments: m.segments,
    };
  }

  private beta(): number[] {
    this.weights ??= solve(this.model.a, this.model.b);
    return this.weights;
  }

  private inv(): number[][] {
    this.inverse ??= Array.from({ length: D }, (_, i) =>
      solve(
        this.model.a,
        Array.from({ length: D }, (_, j) => (i === j ? 1 : 0)),
      ),
    );
    return this.inverse;
  }

  /** Residual standard deviation, starting from a prior of 1 reward unit. */
  private sigma(): number {
    const m = this.model;
    return Math.sqrt((m.resSS + PRIOR_SIGMA_WEIGHT * PRIOR_SIGMA ** 2) / (m.resN + PRIOR_SIGMA_WEIGHT));
  }

  /** Keeps the arms the policy knows best when a seller's catalog outgrows MAX_ARMS. */
  private capArms(): void {
    const keys = Object.keys(this.model.arms);
    if (keys.length <= MAX_ARMS) return;
    keys.sort((a, b) => this.model.arms[a]!.n - this.model.arms[b]!.n || (a < b ? -1 : 1));
    for (const key of keys.slice(0, keys.length - MAX_ARMS)) delete this.model.arms[key];
  }
}
