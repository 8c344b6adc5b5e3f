// Seeded pseudo-random numbers for whatever must come out the same on every run: test fixtures, the
// random-weight test models, the sentiment model's training shuffles. Not for anything secret.

/** 2^32: a uint32 divided by it is a float in [0, 1), exactly (no rounding in a double). */
const UINT32_RANGE = 4294967296;

/** mulberry32 (Tommy Ettinger): 32 bits of state, each call returns the next uint32 of the stream. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform floats in [0, 1): the mulberry32 stream of `seed`, each uint32 divided by 2^32. */
export function seededRandom(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / UINT32_RANGE;
}
