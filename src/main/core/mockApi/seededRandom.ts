/**
 * The sample data's randomness: murmur3's mixer turns (seed, index) into a row's seed, and one
 * small generator (mulberry32) is reseeded per row rather than one allocated per row, since a
 * million rows are made one at a time.
 */

const POWERS_OF_TEN = Array.from({ length: 10 }, (_, i) => 10 ** i)

/** murmur3's finaliser: a bijection on 32-bit integers that scatters nearby inputs. */
export function mix32(value: number): number {
  let h = value | 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/**
 * mulberry32. Its users hold one and call its methods rather than importing free functions: under
 * tsx and vitest a module's exports are getters, and a getter call per draw made rows about half
 * again as slow to make.
 */
export class SeededRandom {
  private state = 0

  reseed(value: number): void {
    this.state = value | 0
  }

  /** Where the draws are, to `resume` after drawing from another seed. */
  position(): number {
    return this.state
  }

  resume(position: number): void {
    this.state = position
  }

  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0
    const state = this.state
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  nextUnit(): number {
    return this.nextUint32() / 4_294_967_296
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.nextUnit() * values.length)]
  }

  /** `count` random decimal digits, leading zeros kept. */
  digits(count: number): string {
    return String(this.nextUint32() % POWERS_OF_TEN[count]).padStart(count, '0')
  }
}

/** A table of 100 (or so) entries to pick a weighted value with one draw. */
export function weightedTable<T>(entries: readonly (readonly [number, T])[]): readonly T[] {
  const table: T[] = []
  for (const [weight, value] of entries) for (let i = 0; i < weight; i++) table.push(value)
  return table
}
