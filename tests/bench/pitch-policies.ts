// The host policies `npm run bench -- pitch` compares: ours (PitchPolicy, its state saved as JSON and
// loaded back between the seller's streams), round-robin, most asked first, best converter so far (greedy
// on the seller's GMV per viewer, untried products first) and an oracle that knows the latent values.
import { PitchPolicy } from '../../core/recommend/pitch/policy';
import { ASK_INTENTS } from '../../core/recommend/pitch/reasons';
import type { PitchPolicyState, ProductSignals } from '../../core/recommend/pitch/types';
import type { HostPolicy } from './pitch-sim';

const eligible = (signals: ProductSignals[]): ProductSignals[] =>
  signals.filter((s) => s.stock > 0 && !s.pinned);

/** The best by `score`, catalog order on ties. */
function best(signals: ProductSignals[], score: (s: ProductSignals) => number): string | null {
  let top: ProductSignals | null = null;
  let topScore = -Infinity;
  for (const s of eligible(signals)) {
    const v = score(s);
    if (v > topScore) {
      top = s;
      topScore = v;
    }
  }
  return top?.productId ?? null;
}

export function oursPolicy(seed: number): HostPolicy & { exploringPicks: number; picks: number } {
  let state: PitchPolicyState | null = null;
  let policy = new PitchPolicy({ seed });
  const self = {
    name: 'ours (hybrid LinUCB)',
    exploringPicks: 0,
    picks: 0,
    choose(signals: ProductSignals[], ctx: Parameters<HostPolicy['choose']>[1]) {
      const top = policy.rank(signals, ctx, 3)[0];
      if (top) {
        self.picks++;
        if (top.exploring) self.exploringPicks++;
      }
      return top?.productId ?? null;
    },
    featuresOf: (s: ProductSignals, ctx: Parameters<HostPolicy['choose']>[1]) => policy.features(s, ctx),
    learn: (segment: Parameters<NonNullable<HostPolicy['learn']>>[0]) => policy.learn(segment),
    endStream() {
      // What the server does per seller: persist the state as JSON, load it for the next stream.
      state = JSON.parse(JSON.stringify(policy.state())) as PitchPolicyState;
      policy = new PitchPolicy({ seed, state });
    },
  };
  return self;
}

export function roundRobinPolicy(): HostPolicy {
  let last = -1;
  return {
    name: 'round-robin',
    choose(signals) {
      for (let step = 1; step <= signals.length; step++) {
        const at = (last + step) % signals.length;
        const s = signals[at]!;
        if (s.stock > 0 && !s.pinned) {
          last = at;
          return s.productId;
        }
      }
      return null;
    },
  };
}

export function mostAskedPolicy(): HostPolicy {
  const asked = (s: ProductSignals): number => ASK_INTENTS.reduce((sum, t) => sum + (s.asks[t] ?? 0), 0);
  return { name: 'most asked first', choose: (signals) => best(signals, (s) => asked(s) + s.clicks / 1000) };
}

export function greedyPolicy(): HostPolicy {
  return {
    name: 'best converter so far',
    choose: (signals) =>
      best(signals, (s) =>
        s.history.presentations === 0 ? Infinity : (s.history.gmvMinor + 1) / (s.history.viewers + 1),
      ),
  };
}

export function oraclePolicy(): HostPolicy {
  return {
    name: 'oracle (knows latent appeal)',
    choose: (signals, _ctx, latent) =>
      best(signals, (s) => {
        const p = latent.product(s.productId);
        return p.buyRate * p.priceMinor * (1 - latent.boughtShare(s.productId));
      }),
  };
}
