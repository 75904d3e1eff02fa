/**
 * How the window writes figures, as a person reads them (en-US), for the tests' expectations:
 * spelt out here rather than taken from the renderer, so a change of wording shows.
 */

/** A cost in dollars: cents, or down to the hundred-thousandth below a dollar. */
export function dollars(amount: number): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: Math.abs(amount) < 1 ? 5 : 2
  }).format(amount)
}

/** The result count beside the search field: "1 conversation", "1,234 conversations", "10,000+ …". */
export function conversationCount(count: number, capped = false): string {
  const noun = count === 1 && !capped ? 'conversation' : 'conversations'
  return `${count.toLocaleString('en-US')}${capped ? '+' : ''} ${noun}`
}
