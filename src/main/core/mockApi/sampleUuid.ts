import type { SeededRandom } from './seededRandom'

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

function hexWord(value: number): string {
  return HEX[value >>> 24] + HEX[(value >>> 16) & 255] + HEX[(value >>> 8) & 255] + HEX[value & 255]
}

/** A version-4 UUID whose last 8 hex digits are a bijection of `unique`, so ids never collide. */
export function uuid(random: SeededRandom, unique: number): string {
  const a = random.nextUint32()
  const b = random.nextUint32()
  const c = random.nextUint32()
  const versioned = ((b & 0x0fff) | 0x4000).toString(16).padStart(4, '0')
  const variant = (((c >>> 16) & 0x3fff) | 0x8000).toString(16)
  return (
    hexWord(a) +
    '-' +
    hexWord(b).slice(0, 4) +
    '-' +
    versioned +
    '-' +
    variant +
    '-' +
    hexWord(c).slice(4) +
    hexWord(unique)
  )
}
