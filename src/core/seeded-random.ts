/**
 * mulberry32: a tiny, fast 32-bit PRNG, good enough for bootstrap resampling and retry jitter,
 * seeded so both can be reproduced. JavaScript has no seedable generator built in, and a
 * dependency for ten lines is not worth it.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
