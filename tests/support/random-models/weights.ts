// Seeded random weights. Each tensor gets its own stream, derived from the model seed and the tensor's
// name, so a weight does not change when another one is added or the build order changes.
import { mulberry32 } from '../../../core/random/prng';

/** FNV-1a over the name, mixed with the seed. */
function streamSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export class Weights {
  constructor(
    readonly seed: number,
    /** The standard deviation of matrices and embeddings. */
    readonly std: number,
  ) {}

  rng(name: string): () => number {
    return mulberry32(streamSeed(this.seed, name));
  }

  /**
   * Roughly normal values (the sum of two uniform 16-bit halves of one draw: a triangular distribution
   * with the requested standard deviation). One generator call per value keeps the real-size presets,
   * tens of millions of weights, to well under a second.
   */
  normal(name: string, count: number, std = this.std): Float32Array {
    const next = this.rng(name);
    const out = new Float32Array(count);
    // Each half is uniform on [0, 65536); their sum has variance 2 * 65536^2 / 12.
    const scale = std / (65536 * Math.sqrt(2 / 12));
    for (let i = 0; i < count; i++) {
      const r = next();
      out[i] = ((r & 0xffff) + (r >>> 16) - 65535) * scale;
    }
    return out;
  }

  static ones(count: number): Float32Array {
    return new Float32Array(count).fill(1);
  }

  static zeros(count: number): Float32Array {
    return new Float32Array(count);
  }
}
