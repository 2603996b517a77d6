import Ajv, { type ErrorObject } from 'ajv';
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import fs from 'node:fs';
import { defaultPaths } from '../../paths';
import { questionType } from '../question-types';
import type { Choice, Locale, Question, SurveyDefinition } from './definition';

/** One thing wrong with a survey file, located as precisely as we can. */
export interface SurveyFileProblem {
  file: string;
  /** JSON path in the file, e.g. `questions[3].options[2]`; empty for the whole file. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

export type SurveyFileResult =
  | { ok: true; definition: SurveyDefinition }
  | { ok: false; problems: SurveyFileProblem[] };

type Segment = string | number;

const schema = JSON.parse(fs.readFileSync(defaultPaths.surveySchema, 'utf8')) as object;
const validateAgainstSchema = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** `['questions', 3, 'options']` → `questions[3].options` */
export function formatJsonPath(segments: readonly Segment[]): string {
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}

/** "surveys/x.json:12:7: questions[3].title: must not be empty" */
export function formatProblem(problem: SurveyFileProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return problem.path ? `${where}: ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}

const PARSE_ERROR_SENTENCES: Record<string, string> = {
  InvalidSymbol: 'unexpected character (JSON needs double quotes around text and no comments)',
  InvalidNumberFormat: 'this number is not written the JSON way',
  PropertyNameExpected: 'a property name in double quotes is expected here (is there a comma too many?)',
  ValueExpected: 'a value is expected here (is there a comma too many?)',
  ColonExpected: 'a colon ":" is expected here',
  CommaExpected: 'a comma "," is expected here',
  CloseBraceExpected: 'a closing "}" is expected here',
  CloseBracketExpected: 'a closing "]" is expected here',
  EndOfFileExpected: 'unexpected text after the end of the survey',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'a text is not closed with a double quote',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape after a backslash',
  InvalidCharacter: 'a control character (such as a tab or line break) must be escaped inside text',
};

/**
 * Reads one survey file: JSON syntax, then the JSON Schema, then the rules a schema cannot
 * say (unique ids and codes, counts against the options). Returns the definition with every
 * default filled in, or every problem with its JSON path and line.
 */
export function parseSurveyFile(file: string, text: string): SurveyFileResult {
  const source = text.replace(/^\uFEFF/, '');
  const locate = locator(source);
  const problemAt = (segments: Segment[], message: string, root?: Node): SurveyFileProblem => ({
    file,
    path: formatJsonPath(segments),
    ...locate(root ? nodeOffset(root, segments) : 0),
    message,
  });

  const parseErrors: ParseError[] = [];
  const raw: unknown = parse(source, parseErrors, { disallowComments: true, allowTrailingComma: false });
  if (parseErrors.length) {
    // Later syntax errors are nearly always echoes of the first one.
    const problems = parseErrors.slice(0, 1).map((e) => ({
      file,
      path: '',
      ...locate(e.offset),
      message: `invalid JSON: ${PARSE_ERROR_SENTENCES[printParseErrorCode(e.error)] ?? printParseErrorCode(e.error)}`,
    }));
    return { ok: false, problems };
  }
  const tree = parseTree(source)!;
  const duplicates = duplicateKeys(tree);
  if (duplicates.length) {
    return {
      ok: false,
      problems: duplicates.map(({ segments, offset }) => ({
        file,
        path: formatJsonPath(segments),
        ...locate(offset),
        message: `"${String(segments.at(-1))}" appears twice in the same object; keep one`,
      })),
    };
  }

  if (!validateAgainstSchema(raw)) {
    const problems = schemaProblems(validateAgainstSchema.errors ?? [], raw).map((p) =>
      problemAt(p.segments, p.message, tree),
    );
    return { ok: false, problems: dedupe(problems).sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)) };
  }

  const { definition, problems } = buildDefinition(raw as RawSurvey);
  if (problems.length) {
    return { ok: false, problems: problems.map((p) => problemAt(p.segments, p.message, tree)) };
  }
  return { ok: true, definition };
}

interface RawSurvey {
  id: string;
  title: string;
  intro?: string;
  locale?: Locale;
  questions: Array<Record<string, unknown> & { id: string; type: Question['type']; title: string }>;
}
type RawChoice = string | { value?: string; label: string; other?: boolean };

interface LocatedMessage {
  segments: Segment[];
  message: string;
}

/** Resolves choices and defaults, and checks what the schema cannot. */
function buildDefinition(raw: RawSurvey): { definition: SurveyDefinition; problems: LocatedMessage[] } {
  const problems: LocatedMessage[] = [];
  const firstUse = new Map<string, number>();
  const questions = raw.questions.map((rawQuestion, index): Question => {
    const at = (...rest: Segment[]): Segment[] => ['questions', index, ...rest];
    const earlier = firstUse.get(rawQuestion.id);
    if (earlier !== undefined) {
      problems.push({
        segments: at('id'),
        message: `question id "${rawQuestion.id}" is already used by questions[${earlier}]; ids must be unique`,
      });
    } else firstUse.set(rawQuestion.id, index);

    const type = questionType(rawQuestion.type);
    const resolved: Record<string, Choice[]> = {};
    for (const list of type.choiceLists) {
      const { choices, problems: listProblems } = resolveChoices(rawQuestion[list] as RawChoice[]);
      resolved[list] = choices;
      problems.push(...listProblems.map((p) => ({ segments: at(list, ...p.segments), message: p.message })));
    }
    const base = {
      id: rawQuestion.id,
      title: rawQuestion.title,
      ...(typeof rawQuestion.description === 'string' ? { description: rawQuestion.description } : {}),
      required: rawQuestion.required !== false,
      ...resolved,
    };
    const question = type.fromFile(rawQuestion, base as never);
    for (const p of type.checkDefinition(question)) problems.push({ segments: at(...p.path), message: p.message });
    return question;
  });

  const definition: SurveyDefinition = {
    id: raw.id,
    title: raw.title,
    ...(raw.intro ? { intro: raw.intro } : {}),
    locale: raw.locale ?? 'en',
    questions,
  };
  return { definition, problems };
}

/** Strings become `{value: position, label}`; codes and labels must be unique in the list. */
function resolveChoices(list: RawChoice[]): { choices: Choice[]; problems: LocatedMessage[] } {
  const problems: LocatedMessage[] = [];
  const choices = list.map((entry, i): Choice => {
    const position = String(i + 1);
    return typeof entry === 'string'
      ? { value: position, label: entry, other: false }
      : { value: entry.value ?? position, label: entry.label, other: entry.other === true };
  });
  const valueAt = new Map<string, number>();
  const labelAt = new Map<string, number>();
  choices.forEach((choice, i) => {
    const sameValue = valueAt.get(choice.value);
    if (choice.value === '__proto__') {
      problems.push({ segments: [i, 'value'], message: '"__proto__" cannot be used as a code' });
    } else if (sameValue !== undefined) {
      const explicit = typeof list[i] === 'object' && (list[i] as { value?: string }).value !== undefined;
      problems.push({
        segments: explicit ? [i, 'value'] : [i],
        message: `code "${choice.value}" is already used by [${sameValue}]${
          explicit ? '' : ' (a choice without "value" gets its position as code)'
        }; codes must be unique in a list`,
      });
    } else valueAt.set(choice.value, i);
    const sameLabel = labelAt.get(choice.label);
    if (sameLabel !== undefined) {
      problems.push({ segments: [i], message: `label "${choice.label}" is already used by [${sameLabel}]` });
    } else labelAt.set(choice.label, i);
  });
  return { choices, problems };
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
function schemaProblems(errors: ErrorObject[], raw: unknown): LocatedMessage[] {
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

function dedupe(problems: SurveyFileProblem[]): SurveyFileProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function locator(text: string) {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return (offset: number): { line: number; column: number } => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
}

/** Offset of the deepest node that exists along the path. */
function nodeOffset(root: Node, segments: Segment[]): number {
  for (let n = segments.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, segments.slice(0, n));
    if (node) return node.parent?.type === 'property' ? node.parent.offset : node.offset;
  }
  return 0;
}

function duplicateKeys(root: Node): { segments: Segment[]; offset: number }[] {
  const found: { segments: Segment[]; offset: number }[] = [];
  const walk = (node: Node, segments: Segment[]) => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key) continue;
        const name = String(key.value);
        if (seen.has(name)) found.push({ segments: [...segments, name], offset: property.offset });
        seen.add(name);
        if (value) walk(value, [...segments, name]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => walk(child, [...segments, i]));
    }
  };
  walk(root, []);
  return found;
}
