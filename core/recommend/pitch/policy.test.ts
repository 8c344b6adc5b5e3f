import { describe, expect, it } from 'vitest';
import { PitchPolicy, PITCH_FEATURE_COUNT } from './policy';
import { PitchSignals } from './signals';
import { asks, catalog, clicks, MIN, noHistory, T0 } from './test-fixtures';
import type { PitchPolicyState, PresentedSegment, ProductHistory } from './types';

function room(products = catalog()) {
  const sig = new PitchSignals();
  sig.viewers(T0, 200);
  return { sig, products };
}

describe('PitchPolicy ranking', () => {
  it('puts first the product viewers keep asking about (size) and clicking, saying so', () => {
    const { sig, products } = room();
    asks(sig, T0 + 10_000, 'p4', 14, ['size']);
    asks(sig, T0 + 10_000, 'p2', 2, ['price']);
    clicks(sig, T0 + 20_000, 'p4', 5);
    const { signals, ctx } = sig.snapshot(T0 + 60_000, products, noHistory);
    const picks = new PitchPolicy({ seed: 1 }).rank(signals, ctx);
    expect(picks).toHaveLength(3);
    expect(picks[0]!.productId).toBe('p4');
    expect(picks[0]!.exploring).toBe(false);
    expect(picks[0]!.reasons[0]).toEqual({ kind: 'asked', intent: 'size', count: 14, minutes: 2 });
    expect(picks[0]!.reasons).toContainEqual({ kind: 'clicked', count: 5, minutes: 2 });
    for (const p of picks) expect(p.reasons.length).toBeGreaterThan(0);
  });

  it('never recommends a sold-out product, even the most asked about', () => {
    const { sig, products } = room(catalog(6, { p3: { stock: 0 } }));
    asks(sig, T0, 'p3', 30, ['size', 'buy']);
    clicks(sig, T0, 'p3', 20);
    const { signals, ctx } = sig.snapshot(T0 + 40_000, products, noHistory);
    const picks = new PitchPolicy({ seed: 1 }).rank(signals, ctx, 5);
    expect(picks.map((p) => p.productId)).not.toContain('p3');
    expect(picks).toHaveLength(5);
  });

  it('never recommends the product pinned now', () => {
    const { sig, products } = room(catalog(4, { p1: { pinned: true } }));
    sig.pin(T0, 'p1');
    asks(sig, T0, 'p1', 20, ['size']);
    const { signals, ctx } = sig.snapshot(T0 + 30_000, products, noHistory);
    const picks = new PitchPolicy({ seed: 1 }).rank(signals, ctx, 4);
    expect(picks.map((p) => p.productId).sort()).toEqual(['p2', 'p3', 'p4']);
  });

  it('answers the same for the same seed and signals, ties included', () => {
    const { sig, products } = room(catalog(10));
    const { signals, ctx } = sig.snapshot(T0 + 1000, products, noHistory);
    const a = new PitchPolicy({ seed: 7 }).rank(signals, ctx);
    const b = new PitchPolicy({ seed: 7 }).rank(signals, ctx);
    expect(a).toEqual(b);
    expect(a.map((p) => p.productId)).toEqual(
      new PitchPolicy({ seed: 7 }).rank(signals, ctx).map((p) => p.productId),
    );
  });
});

/** A segment of `orders` sales for product `id` over 5 min at 200 viewers. */
function segment(policy: PitchPolicy, id: string, key: string, orders: number, at: number): PresentedSegment {
  const { sig, products } = room();
  const { signals, ctx } = sig.snapshot(at, products, noHistory);
  const features = policy.features(
    signals.find((s) => s.productId === id)!,
    ctx,
  );
  return {
    productId: id,
    key,
    from: at,
    to: at + 5 * MIN,
    features,
    viewersAtStart: 200,
    viewerMinutes: 1000,
    orders,
    gmvMinor: orders * 10_000,
  };
}

describe('PitchPolicy learning and state', () => {
  it('moves the ranking toward the product that converted', () => {
    const policy = new PitchPolicy({ seed: 3 });
    for (let round = 0; round < 4; round++) {
      policy.learn(segment(policy, 'p5', 'product 5', 40, T0 + round * 10 * MIN));
      policy.learn(segment(policy, 'p1', 'product 1', 0, T0 + round * 10 * MIN + 5 * MIN));
      policy.learn(segment(policy, 'p2', 'product 2', 1, T0 + round * 10 * MIN + 5 * MIN));
    }
    const { sig, products } = room();
    const { signals, ctx } = sig.snapshot(T0 + 90 * MIN, products, noHistory);
    const picks = policy.rank(signals, ctx);
    expect(picks[0]!.productId).toBe('p5');
    expect(picks.map((p) => p.productId)).not.toContain('p1');
  });

  it('ignores segments shorter than 20 s and ones without viewers', () => {
    const policy = new PitchPolicy({ seed: 3 });
    const short = { ...segment(policy, 'p5', 'product 5', 50, T0), to: T0 + 10_000 };
    policy.learn(short);
    policy.learn({ ...segment(policy, 'p5', 'product 5', 50, T0), viewerMinutes: 0 });
    expect(policy.segmentsLearned).toBe(0);
  });

  it('round-trips its state through JSON, and a bad state gives a fresh policy', () => {
    const policy = new PitchPolicy({ seed: 3 });
    policy.learn(segment(policy, 'p5', 'product 5', 30, T0));
    const saved = JSON.parse(JSON.stringify(policy.state())) as PitchPolicyState;
    const loaded = new PitchPolicy({ seed: 3, state: saved });
    expect(loaded.state()).toEqual(policy.state());
    const { sig, products } = room();
    const { signals, ctx } = sig.snapshot(T0, products, noHistory);
    expect(loaded.rank(signals, ctx)).toEqual(policy.rank(signals, ctx));

    const fresh = new PitchPolicy({ seed: 3 }).state();
    const bad: unknown[] = [
      null,
      { version: 2 },
      { ...saved, a: 'x' },
      { ...saved, dims: PITCH_FEATURE_COUNT + 1 },
      { ...saved, arms: { k: { n: -1, sumR: 0, sumX: [] } } },
      { ...saved, b: [...(saved.b as number[]).slice(1), null] },
    ];
    for (const state of bad)
      expect(new PitchPolicy({ seed: 3, state: state as PitchPolicyState }).state()).toEqual(fresh);
  });

  it('flags and explains a pick that is there to learn, at most one per answer', () => {
    // The seller presented p1..p6 often (good sales, the same each time); p7 and p8 are new to the policy.
    const known: Record<string, ProductHistory> = {};
    for (let i = 1; i <= 6; i++)
      known[`product ${i}`] = {
        presentations: 6,
        viewerMinutes: 6000,
        viewers: 1200,
        orders: 60,
        gmvMinor: 600_000,
      };
    const { sig, products } = room(catalog(8));
    for (let i = 1; i <= 6; i++) sig.pin(T0 + i * MIN, `p${i}`);
    sig.pin(T0 + 7 * MIN, null);
    const { signals, ctx } = sig.snapshot(T0 + 8 * MIN, products, (key) => known[key] ?? noHistory());
    const policy = new PitchPolicy({ seed: 3 });
    for (let round = 0; round < 6; round++)
      for (const s of signals.slice(0, 6))
        policy.learn({
          productId: s.productId,
          key: s.key,
          from: T0,
          to: T0 + 5 * MIN,
          features: policy.features(s, ctx),
          viewersAtStart: 200,
          viewerMinutes: 1000,
          orders: 10,
          gmvMinor: 100_000,
        });
    const picks = policy.rank(signals, ctx);
    const exploring = picks.filter((p) => p.exploring);
    expect(exploring).toHaveLength(1);
    expect(['p7', 'p8']).toContain(exploring[0]!.productId);
    expect(exploring[0]!.reasons[0]).toEqual({ kind: 'exploring' });
    for (const p of picks.filter((q) => !q.exploring))
      expect(p.reasons).not.toContainEqual({ kind: 'exploring' });
  });
});
