import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { foldWord, foldedWords, spaceOutLetters, tokenize } from './textTokens'

/** What FTS5 itself makes of a text, through the tokenizer the archive's indexes use. */
const db = new Database(':memory:')
db.exec(`
  CREATE VIRTUAL TABLE words USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
  CREATE VIRTUAL TABLE terms USING fts5vocab(words, 'instance');
`)
afterAll(() => db.close())

function ftsTokens(text: string): string[] {
  db.prepare('DELETE FROM words').run()
  db.prepare('INSERT INTO words (rowid, text) VALUES (1, ?)').run(text)
  return db.prepare<[], string>('SELECT term FROM terms ORDER BY "offset"').pluck().all()
}

describe('tokenize', () => {
  it.each([
    'Señor, the Église is open: Ångström & Zoë from Łódź (Straße 5)',
    'CAFÉ Ñandú São İstanbul ŒUVRE Ærø ǅemal Ｆｕｌｌ x²',
    'ΣΟΦΊΑ Σοφίας µ ſ Москва Йошкар-Ола',
    "don't e-mail user_name 3.14 a·b x‐y order #123 type:whatsapp",
    'مرحبا بك שלום עולם नमस्ते दुनिया',
    'emoji 😀 between 🎉 words'
  ])('splits and folds %s as FTS5 does', (text) => {
    expect(tokenize(text).map((token) => token.folded)).toEqual(ftsTokens(text))
  })

  it('gives where each word is in the original text', () => {
    const text = 'Hola, SEÑOR!'
    expect(tokenize(text).map(({ start, end }) => text.slice(start, end))).toEqual([
      'Hola',
      'SEÑOR'
    ])
  })

  it('makes each Han, kana and Hangul letter a word of its own, as the spaced-out index does', () => {
    const text = '東京タワーに行きました。서울에서 Tokyo東京'
    expect(tokenize(text).map((token) => token.folded)).toEqual(ftsTokens(spaceOutLetters(text)))
    expect(tokenize('東京タワー').map((token) => token.folded)).toEqual([
      '東',
      '京',
      'タ',
      'ワ',
      'ー'
    ])
  })
})

describe('foldedWords', () => {
  it.each([
    "Hello, WORLD! It's user_name: 3.14 (e-mail)",
    '  leading and trailing  ',
    'Señor, the Église 東京タワー',
    ''
  ])('gives the folded words of %s, as tokenize does', (text) => {
    expect(foldedWords(text)).toEqual(tokenize(text).map((token) => token.folded))
  })
})

describe('spaceOutLetters', () => {
  it('sets spaceless letters apart and leaves everything else as it is', () => {
    expect(spaceOutLetters('東京abc')).toBe(' 東  京 abc')
    expect(spaceOutLetters('plain text, 3.14')).toBe('plain text, 3.14')
    // Unicode61 alone keeps the whole run as one word, so a word inside it would never match.
    expect(ftsTokens('東京タワーに')).toEqual(['東京タワーに'])
  })
})

describe('foldWord', () => {
  it('folds case and Latin accents, as remove_diacritics 2 does', () => {
    expect(foldWord('SEÑOR')).toBe('senor')
    expect(foldWord('Église')).toBe('eglise')
    expect(foldWord('ΣΟΦΊΑ')).toBe('σοφία')
  })
})
