/**
 * Test input: random near-miss filters, deterministic per seed so a failure can be replayed.
 * Used by the parser fuzz test and by the database tests, which run whatever parses.
 */

/** Pieces that make near-miss filters more often than pure noise would. */
const pieces = [
  'displayName',
  'accountEnabled',
  'createdDateTime',
  'groupTypes',
  'status',
  'errorCode',
  'id',
  'eq',
  'ne',
  'gt',
  'in',
  'and',
  'or',
  'not',
  'any',
  'all',
  'startswith',
  'contains',
  'tolower',
  "'",
  "''",
  "'x'",
  '(',
  ')',
  ',',
  ':',
  '/',
  ' ',
  '  ',
  'true',
  'null',
  '1',
  '-2.5',
  '1e999',
  '2026-01-01T00:00:00Z',
  '2026-13-40',
  '00000000-0000-4000-8000-000000000001',
  'c',
  '$',
  '%',
  '\u0000',
  '\u{1F600}',
  '\\',
  '"',
  ';',
  '--',
  '[',
  ']',
  'é',
];

/** Deterministic, so a failure can be replayed (mulberry32). */
export function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const seedFilters = [
  "displayName eq 'a' and (accountEnabled eq true or not groupTypes/any(c: c eq 'Unified'))",
  'status/errorCode in (0, 50126, null) and createdDateTime ge 2026-01-01',
  "groupTypes/all(x: startswith(x, 'U') or endswith(x, 'd')) and contains(displayName, '%')",
  "id eq '00000000-0000-4000-8000-000000000001' or status/errorCode gt -1",
];

/** Half noise, half a valid filter with a few pieces inserted, dropped or swapped. */
export function garbage(random: () => number): string {
  return random() < 0.5 ? noise(random) : mutant(random);
}

function mutant(random: () => number): string {
  let text = seedFilters[Math.floor(random() * seedFilters.length)]!;
  const mutations = 1 + Math.floor(random() * 3);
  for (let i = 0; i < mutations; i += 1) {
    const at = Math.floor(random() * text.length);
    const piece = pieces[Math.floor(random() * pieces.length)]!;
    const choice = random();
    if (choice < 0.4) text = text.slice(0, at) + piece + text.slice(at);
    else if (choice < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 6));
    else text = text.slice(0, at) + text.slice(at).replace(/\w+/, piece);
  }
  return text;
}

function noise(random: () => number): string {
  const parts: string[] = [];
  const length = Math.floor(random() * 14);
  for (let i = 0; i < length; i += 1) {
    parts.push(
      random() < 0.8
        ? pieces[Math.floor(random() * pieces.length)]!
        : String.fromCodePoint(Math.floor(random() * 0x2fff)),
    );
  }
  return parts.join(random() < 0.5 ? ' ' : '');
}

/** `count` garbage filters from `seed`. */
export function garbageFilters(count: number, seed: number): string[] {
  const random = randomFrom(seed);
  return Array.from({ length: count }, () => garbage(random));
}
