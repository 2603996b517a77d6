import type { ErrorObject } from 'ajv';
import type { FoundWord, SurveyProblemMessage, TypeWord } from '../locale/survey-problem-messages';
import { shownName, type Segment } from './json-source';

/** A problem at a path of the survey file, before it is given a file and a line. */
export interface LocatedMessage {
  segments: Segment[];
  message: SurveyProblemMessage;
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

/** A value as JSON, cut short when it is long: a sentence quotes it, it need not repeat a whole file. */
function quoted(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 76)}…${json.at(-1) === '"' ? '"' : ''}` : json;
}

/** The value found, as a word: `text "radio"`, `number 42`, `a list`. */
function describeValue(value: unknown): FoundWord {
  if (value === null) return { key: 'foundNull' };
  if (Array.isArray(value)) return { key: 'foundList' };
  if (typeof value === 'object') return { key: 'foundObject' };
  const json = quoted(value);
  if (typeof value === 'string') return { key: 'foundText', params: { json } };
  if (typeof value === 'number') return { key: 'foundNumber', params: { json } };
  return { key: 'foundBoolean', params: { json } };
}

function closest(name: string, candidates: string[]): string | undefined {
  // Within two edits of a known name, so no longer than the longest by two: a long name is no typo.
  if (name.length > 16) return undefined;
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

/** The JSON Schema's types (Ajv joins a list of them with commas) as words of the researcher. */
const TYPE_WORDS: Record<string, TypeWord> = {
  'string,object': { key: 'typeChoice' },
  string: { key: 'typeText' },
  integer: { key: 'typeWholeNumber' },
  number: { key: 'typeNumber' },
  boolean: { key: 'typeBoolean' },
  array: { key: 'typeList' },
  object: { key: 'typeObject' },
};

const KNOWN_PROPERTIES: Record<string, string[]> = {
  survey: ['$schema', 'id', 'title', 'intro', 'locale', 'questions', 'owners', 'viewers'],
  question: ['id', 'type', 'title', 'description', 'required', 'options', 'minSelected', 'maxSelected', 'multiple', 'rows', 'columns'],
  choice: ['value', 'label', 'other'],
};

/** What the object at this path is, in the researcher's words. */
function kindOf(segments: Segment[]): 'survey' | 'question' | 'choice' {
  if (segments.length === 0) return 'survey';
  if (segments.length === 2) return 'question';
  return 'choice';
}

/** Why a text does not match its pattern, by what the text is. */
function patternProblem(segments: Segment[], value: string): SurveyProblemMessage {
  if (segments.at(-1) === 'value') return { key: 'notAllowedCode', params: { value } };
  if (segments[0] === 'questions') return { key: 'notAllowedQuestionId', params: { value } };
  if (segments[0] === 'owners' || segments[0] === 'viewers') return { key: 'notAllowedUsername', params: { value } };
  return { key: 'notAllowedSurveyId', params: { value } };
}

/** Turns Ajv's errors into problems a researcher understands, at the path they concern. */
export function schemaProblems(errors: ErrorObject[], raw: unknown): LocatedMessage[] {
  const messages: LocatedMessage[] = [];
  const add = (segments: Segment[], message: SurveyProblemMessage) => messages.push({ segments, message });
  for (const error of errors) {
    const segments = pointerToSegments(error.instancePath);
    const value = valueAt(raw, segments);
    const last = segments.at(-1);
    const params = error.params as Record<string, unknown>;
    const questionTypeName = () => {
      const q = valueAt(raw, segments.slice(0, 2)) as { type?: string } | undefined;
      return q?.type ?? '';
    };
    const limit = Number(params.limit);
    switch (error.keyword) {
      case 'if':
        break;
      case 'required': {
        const name = String(params.missingProperty);
        const kind = kindOf(segments);
        if (kind === 'question' && name === 'type') add(segments, { key: 'questionNeedsType' });
        else if (kind === 'question' && name !== 'id' && name !== 'title') add(segments, { key: 'typedQuestionNeeds', params: { type: questionTypeName(), name } });
        else add(segments, { key: kind === 'survey' ? 'surveyNeeds' : kind === 'question' ? 'questionNeeds' : 'choiceNeeds', params: { name } });
        break;
      }
      case 'additionalProperties': {
        const name = String(params.additionalProperty);
        const guess = closest(name, KNOWN_PROPERTIES[kindOf(segments)] ?? []);
        const shown = shownName(name);
        add([...segments, name], guess ? { key: 'unknownPropertyDidYouMean', params: { name: shown, guess } } : { key: 'unknownProperty', params: { name: shown } });
        break;
      }
      case 'false schema':
        add(segments, { key: 'notForQuestionType', params: { name: String(last), type: questionTypeName() } });
        break;
      case 'type': {
        const type = String(params.type);
        const expected = TYPE_WORDS[type] ?? { key: 'typeOther', params: { type } };
        add(segments, { key: 'wrongType', params: { expected, found: describeValue(value) } });
        break;
      }
      case 'pattern':
        add(segments, patternProblem(segments, quoted(value)));
        break;
      case 'enum':
        add(segments, { key: 'notOneOf', params: { allowed: (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)), found: describeValue(value) } });
        break;
      case 'minItems':
        add(segments, limit === 1 ? { key: 'tooFewEntriesOne' } : { key: 'tooFewEntries', params: { limit } });
        break;
      case 'maxItems':
        add(segments, { key: 'tooManyEntries', params: { limit } });
        break;
      case 'minLength':
        add(segments, { key: 'empty' });
        break;
      case 'maxLength':
        add(segments, { key: 'tooLong', params: { limit } });
        break;
      case 'minimum':
        add(segments, { key: 'belowMinimum', params: { limit, found: describeValue(value) } });
        break;
      default:
        add(segments, { key: 'againstSchema', params: { rule: error.keyword } });
    }
  }
  return messages;
}
