/**
 * Survey texts shaped to make checking them slow, deep or wordy, for `npm run bench -- survey-checks`:
 * the three of issue 16 (20,000 owners, 8,000 empty options, 2,000 levels of nesting), each also
 * at the 2 MB upload limit, and the other shapes we could think of. Every text stays under 2 MiB.
 */

/** The upload limit (and that of a file in surveys/), less a little so that the multipart envelope fits. */
const LIMIT = 2 * 1024 * 1024 - 4096;

export interface HostileSurvey {
  name: string;
  /** What it is, in a few words, for the table. */
  shape: string;
  text: string;
}

const question = '{ "id": "q1", "type": "single", "title": "Pick one", "options": ["A", "B"] }';

/** A survey with `extra` written after its questions (a fragment of JSON that starts with a comma or is empty). */
const withExtra = (extra: string, questions = question) => `{\n  "id": "hostile",\n  "title": "Hostile",\n  "questions": [${questions}]${extra}\n}\n`;

/** As many items as fit in `bytes` (of `item(i)` joined by `separator`). */
function fill(bytes: number, item: (i: number) => string, separator: string): string[] {
  const items: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const next = item(i);
    items.push(next);
    size += next.length + separator.length;
  }
  return items;
}

/** Distinct usernames, 4 to 5 characters: `u000`, `u001`, … */
const username = (i: number) => `u${i.toString(36).padStart(3, '0')}`;

function owners(count: number | 'limit'): string {
  const names = count === 'limit' ? fill(LIMIT - 200, (i) => `"${username(i)}"`, ',') : Array.from({ length: count }, (_, i) => `"${username(i)}"`);
  return withExtra(`,\n  "owners": [${names.join(',')}]`);
}

function emptyOptions(count: number | 'limit'): string {
  // One per line, as an editor would lay them out: the problem report shows each one's line.
  const line = '        ""';
  const lines = count === 'limit' ? fill(LIMIT - 200, () => line, ',\n') : Array.from({ length: count }, () => line);
  return withExtra('', `{ "id": "q1", "type": "single", "title": "Pick one", "options": [\n${lines.join(',\n')}\n  ] }`);
}

function nested(levels: number): string {
  // `{"a":[` opens two levels and `]}` closes them: objects and lists, each walked differently.
  const pairs = Math.ceil(levels / 2);
  return withExtra(`,\n  "intro": ${'{"a":['.repeat(pairs)}${']}'.repeat(pairs)}`);
}

export function hostileSurveys(): HostileSurvey[] {
  const atLimit = (items: string[], wrap: (joined: string) => string, separator = ',') => wrap(items.join(separator));
  return [
    { name: 'owners-20k', shape: '20,000 distinct owners', text: owners(20_000) },
    { name: 'owners-2mb', shape: 'distinct owners up to 2 MB', text: owners('limit') },
    { name: 'viewers-dup-2mb', shape: 'one viewer repeated up to 2 MB', text: atLimit(fill(LIMIT - 200, () => '"same"', ','), (j) => withExtra(`,\n  "viewers": [${j}]`)) },
    { name: 'empty-options-8k', shape: '8,000 empty options, a line each', text: emptyOptions(8_000) },
    { name: 'empty-options-2mb', shape: 'empty options up to 2 MB', text: emptyOptions('limit') },
    { name: 'deep-3k', shape: '3,000 levels of [[[…]]] in 6 KB', text: withExtra(`,\n  "intro": ${'['.repeat(3_000)}${']'.repeat(3_000)}`) },
    { name: 'deep-4k', shape: '4,000 levels of {"a":[…]} in 16 KB', text: nested(4_000) },
    { name: 'deep-2mb', shape: 'nesting up to 2 MB (520,000 levels)', text: nested(Math.floor((LIMIT - 200) / 4)) },
    { name: 'deep-arrays-2mb', shape: '[[[[…]]]] up to 2 MB', text: withExtra(`,\n  "intro": ${'['.repeat((LIMIT - 200) / 2)}${']'.repeat((LIMIT - 200) / 2)}`) },
    {
      name: 'duplicate-keys-2mb',
      shape: 'one property written again and again up to 2 MB',
      text: atLimit(fill(LIMIT - 200, () => '"intro":""', ','), (j) => withExtra(`,\n  ${j}`)),
    },
    {
      name: 'unknown-properties-2mb',
      shape: 'distinct misspelt properties up to 2 MB',
      text: atLimit(fill(LIMIT - 200, (i) => `"questionz${i}":0`, ','), (j) => withExtra(`,\n  ${j}`)),
    },
    { name: 'long-property-name', shape: 'one unknown property with a 2 MB name', text: withExtra(`,\n  "${'q'.repeat(LIMIT - 200)}": 0`) },
    { name: 'long-id', shape: 'a 2 MB survey id (refused, quoted in the problem)', text: `{ "id": "${'A'.repeat(LIMIT - 200)}", "title": "T", "questions": [${question}] }` },
    {
      name: 'empty-questions-2mb',
      shape: 'empty questions {} up to 2 MB',
      text: `{ "id": "hostile", "title": "T", "questions": [${fill(LIMIT - 200, () => '{}', ',').join(',')}] }`,
    },
    {
      name: 'wrong-choices',
      shape: '500 questions of 200 options, each a number',
      text: `{ "id": "hostile", "title": "T", "questions": [${Array.from({ length: 500 }, (_, q) => `{"id":"q${q}","type":"single","title":"T","options":[${Array.from({ length: 200 }, (_, i) => i).join(',')}]}`).join(',')}] }`,
    },
    {
      name: 'biggest-valid',
      shape: 'valid: 500 matrix questions of 200 × 200',
      text: `{ "id": "hostile", "title": "T", "questions": [${Array.from(
        { length: 500 },
        (_, q) => `{"id":"q${q}","type":"matrix","title":"T","rows":${JSON.stringify(Array.from({ length: 200 }, (_, i) => `${i}`))},"columns":${JSON.stringify(Array.from({ length: 200 }, (_, i) => `${i}`))}}`,
      ).join(',')}] }`,
    },
    {
      name: 'largest-allowed',
      shape: 'valid: 5,000 boxes to tick (25 matrices of 20 × 10) with labels of 200 characters',
      text: `{ "id": "hostile", "title": "T", "questions": [${Array.from(
        { length: 25 },
        (_, q) => `{"id":"q${q}","type":"matrix","title":"T","rows":${JSON.stringify(Array.from({ length: 20 }, (_, i) => `${i} ${'row '.repeat(50)}`))},"columns":${JSON.stringify(Array.from({ length: 10 }, (_, i) => `${i} ${'column '.repeat(28)}`))}}`,
      ).join(',')}] }`,
    },
  ];
}

/** A survey a researcher would write, for the baseline. */
export const ordinarySurvey = withExtra(',\n  "owners": ["bench"]');
