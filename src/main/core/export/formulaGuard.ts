/**
 * Spreadsheets run a cell that starts with one of these as a formula (tab and carriage return
 * because some strip them and then see the next character): CSV injection, as OWASP names it.
 */
const FORMULA_START = /^[=+\-@\t\r]/
/** A plain number, signed or not, which a spreadsheet reads as that number and nothing else. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/**
 * A cell a spreadsheet shows as the text it is: one that would start a formula gets a leading
 * single quote, which spreadsheets take as "this is text" (and Excel does not show). Nothing
 * else changes, so the value is all there after the quote; plain numbers such as `-12.5` or
 * `+14155550100` stay as they are.
 */
export function guardFormula(cell: string): string {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell
}
