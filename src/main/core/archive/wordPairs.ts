/**
 * Pairs of neighbouring words, indexed after the words of each message (migration 005): a
 * phrase is looked up as the phrase of its pairs. A phrase of words that are each in many
 * transcripts but rarely together ("koushojal can you": its first word in 5% of a million
 * transcripts, the phrase in 6) otherwise makes FTS5 check the positions of every transcript
 * holding all its words: 20 to 150 ms over ten million messages, measured; as pairs, whose lists
 * are short, 0.1 to 7 ms. A phrase matches where its words follow one another as textTokens.ts
 * splits them, as the snippet that marks it does.
 */

/**
 * Joins the two words of a pair into one token: a private-use letter, a word character to
 * unicode61 that nothing typed contains (ftsQuery.ts drops private-use characters), so a pair
 * token is never matched by a word a person types.
 */
export const PAIR_JOIN = '\uE001'

/** Each two neighbouring words, in order, as pair tokens; `words` folded as the index folds them. */
export function wordPairs(words: readonly string[]): string[] {
  const pairs: string[] = []
  for (let i = 1; i < words.length; i++) pairs.push(`${words[i - 1]}${PAIR_JOIN}${words[i]}`)
  return pairs
}
