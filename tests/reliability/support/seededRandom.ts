/**
 * A small seeded generator (mulberry32), so a proof's random moments are the same on every run
 * with the same seed and a failure can be replayed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The seed of this run: RELIABILITY_SEED when set, else a fixed one. */
export function proofSeed(fallback: number): number {
  const given = Number(process.env.RELIABILITY_SEED)
  return Number.isInteger(given) ? given : fallback
}
