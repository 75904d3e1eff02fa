import { mix32, weightedTable, type SeededRandom } from './seededRandom'

/* The sample's customers: names, and phone numbers in each country's shape and spellings. */

const FIRST_NAMES = [
  'John',
  'Jane',
  'Maria',
  'Lukas',
  'Emma',
  'Noah',
  'Sophie',
  'Liam',
  'Priya',
  'Arjun',
  'Camille',
  'Hugo',
  'Daan',
  'Sanne',
  'Ana',
  'Pedro',
  'Olivia',
  'James',
  'Fatima',
  'Chen',
  'Lea',
  'Jonas',
  'Ines',
  'Rahul',
  'Lucas',
  'Julia',
  'Thomas',
  'Chloe',
  'Mohammed',
  'Aisha'
]
const LAST_NAMES = [
  'Doe',
  'Smith',
  'Müller',
  'Schmidt',
  'Dubois',
  'Martin',
  'de Vries',
  'Jansen',
  'Silva',
  'Santos',
  'Sharma',
  'Patel',
  'García',
  'López',
  'Johnson',
  'Brown',
  'Williams',
  'Wagner',
  'Bernard',
  'Bakker',
  'Oliveira',
  'Singh',
  'Fernández',
  'Taylor',
  "O'Brien",
  'Nguyen'
]

/** A country's numbers: national prefixes, how many random digits follow, how people group them. */
interface NumberPlan {
  code: string
  prefix: string
  digits: number
  /** Group sizes of the national number in the spaced spelling. */
  groups: readonly number[]
}

const NUMBER_PLANS: readonly (readonly [weight: number, plan: NumberPlan])[] = [
  [12, { code: '1', prefix: '4155', digits: 6, groups: [3, 3, 4] }],
  [8, { code: '1', prefix: '2127', digits: 6, groups: [3, 3, 4] }],
  [8, { code: '1', prefix: '3128', digits: 6, groups: [3, 3, 4] }],
  [6, { code: '1', prefix: '7374', digits: 6, groups: [3, 3, 4] }],
  [7, { code: '44', prefix: '7400', digits: 6, groups: [4, 6] }],
  [5, { code: '44', prefix: '2079460', digits: 3, groups: [2, 4, 4] }],
  [6, { code: '49', prefix: '151', digits: 8, groups: [3, 8] }],
  [4, { code: '49', prefix: '30', digits: 8, groups: [2, 8] }],
  [8, { code: '33', prefix: '61', digits: 7, groups: [1, 2, 2, 2, 2] }],
  [6, { code: '31', prefix: '61', digits: 7, groups: [1, 8] }],
  [10, { code: '55', prefix: '119', digits: 8, groups: [2, 5, 4] }],
  [10, { code: '91', prefix: '98', digits: 8, groups: [5, 5] }],
  [5, { code: '34', prefix: '6', digits: 8, groups: [3, 3, 3] }],
  [5, { code: '52', prefix: '55', digits: 8, groups: [2, 4, 4] }]
]

const PLAN_TABLE = weightedTable(NUMBER_PLANS)

export interface Customer {
  name: string | null
  phone: string
  lead: number
}

/**
 * A customer depends on (seed, number) alone, so the same person comes back in many rows. Most
 * numbers are E.164; some lack the plus or carry spaces, as numbers typed into CRMs do.
 */
export function customerAt(random: SeededRandom, seedHash: number, number: number): Customer {
  // Drawn from the customer's own seed; the row's draws then go on where they were.
  const rowPosition = random.position()
  random.reseed(mix32(seedHash ^ mix32(number + 0x51ed270b)))
  const plan = random.pick(PLAN_TABLE)
  const national = plan.prefix + random.digits(plan.digits)
  const spelling = random.nextUnit()
  let phone = '+' + plan.code + national
  if (spelling >= 0.85) phone = plan.code + national
  else if (spelling >= 0.7) phone = '+' + plan.code + ' ' + groupDigits(national, plan.groups)
  const name =
    random.nextUnit() < 0.15 ? null : random.pick(FIRST_NAMES) + ' ' + random.pick(LAST_NAMES)
  random.resume(rowPosition)
  return { name, phone, lead: 10_000 + number }
}

function groupDigits(digits: string, groups: readonly number[]): string {
  let out = ''
  let at = 0
  for (const size of groups) {
    out += (at === 0 ? '' : ' ') + digits.slice(at, at + size)
    at += size
  }
  return out
}
