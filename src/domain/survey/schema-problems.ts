import type { ErrorObject } from 'ajv';
import type { Segment } from './json-source';

/** A problem at a path of the survey file, before it is given a file and a line. */
export interface LocatedMessage {
  segments: Segment[];
  message: string;
}

function pointerToSegments(pointer: string): Segment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(root: unknown, segments: Segment[]): unknown {
  let current = root;
  for (const s of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[s];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'string' ? 'text' : typeof value} ${JSON.stringify(value)}`;
}

function closest(name: string, candidates: string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const saved = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = saved;
      }
    }
    return row[b.length]!;
  };
  const best = candidates
    .map((c) => ({ c, d: distance(name.toLowerCase(), c.toLowerCase()) }))
    .sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 ? best.c : undefined;
}

const TYPE_WORDS: Record<string, string> = {
  'string,object': 'a label (text) or an object with a "label"',
  string: 'text in double quotes',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list [ … ]',
  object: 'an object { … }',
};

const KNOWN_PROPERTIES: Record<string, string[]> = {
  survey: ['$schema', 'id', 'title', 'intro', 'locale', 'questions'],
  question: ['id', 'type', 'title', 'description', 'required', 'options', 'minSelected', 'maxSelected', 'multiple', 'rows', 'columns'],
  choice: ['value', 'label', 'other'],
};

/** What the object at this path is, in the researcher's words. */
function kindOf(segments: Segment[]): 'survey' | 'question' | 'choice' {
  if (segments.length === 0) return 'survey';
  if (segments.length === 2) return 'question';
  return 'choice';
}

/** Turns Ajv's errors into sentences a researcher understands, at the path they concern. */
export function schemaProblems(errors: ErrorObject[], raw: unknown): LocatedMessage[] {
  const messages: LocatedMessage[] = [];
  for (const error of errors) {
    const segments = pointerToSegments(error.instancePath);
    const value = valueAt(raw, segments);
    const last = segments.at(-1);
    const params = error.params as Record<string, unknown>;
    const questionTypeName = () => {
      const q = valueAt(raw, segments.slice(0, 2)) as { type?: string } | undefined;
      return q?.type ?? '';
    };
    switch (error.keyword) {
      case 'if':
        break;
      case 'required': {
        const missing = String(params.missingProperty);
        const kind = kindOf(segments);
        const what = kind === 'question' && missing !== 'type' && missing !== 'id' && missing !== 'title'
          ? `a ${questionTypeName()} question needs "${missing}"`
          : missing === 'type'
            ? 'the question needs "type": "single", "multi" or "matrix"'
            : `the ${kind} needs "${missing}"`;
        messages.push({ segments, message: what });
        break;
      }
      case 'additionalProperties': {
        const extra = String(params.additionalProperty);
        const guess = closest(extra, KNOWN_PROPERTIES[kindOf(segments)] ?? []);
        messages.push({
          segments: [...segments, extra],
          message: `unknown property "${extra}"${guess ? `; did you mean "${guess}"?` : ''}`,
        });
        break;
      }
      case 'false schema':
        messages.push({ segments, message: `"${String(last)}" does not belong to a ${questionTypeName()} question` });
        break;
      case 'type': {
        const expected = String(params.type);
        const wanted = TYPE_WORDS[expected] ?? `a ${expected}`;
        messages.push({ segments, message: `must be ${wanted}, found ${describeValue(value)}` });
        break;
      }
      case 'pattern': {
        const inQuestions = segments[0] === 'questions';
        const rule = last === 'value'
          ? 'a code may use only letters, digits, _ and -'
          : inQuestions
            ? 'a question id must start with a lowercase letter and use only a-z, 0-9 and _ (it becomes a column name)'
            : 'a survey id must start with a lowercase letter and use only a-z, 0-9, _ and - (it becomes part of the address)';
        messages.push({ segments, message: `${JSON.stringify(value)} is not allowed: ${rule}` });
        break;
      }
      case 'enum':
        messages.push({
          segments,
          message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, found ${describeValue(value)}`,
        });
        break;
      case 'minItems':
        messages.push({ segments, message: `needs at least ${String(params.limit)} entr${params.limit === 1 ? 'y' : 'ies'}` });
        break;
      case 'maxItems':
        messages.push({ segments, message: `has more than ${String(params.limit)} entries` });
        break;
      case 'minLength':
        messages.push({ segments, message: 'must not be empty' });
        break;
      case 'maxLength':
        messages.push({ segments, message: `is longer than ${String(params.limit)} characters` });
        break;
      case 'minimum':
        messages.push({ segments, message: `must be at least ${String(params.limit)}, found ${describeValue(value)}` });
        break;
      default:
        messages.push({ segments, message: error.message ?? 'is not valid' });
    }
  }
  return messages;
}
