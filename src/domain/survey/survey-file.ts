import Ajv, { type ErrorObject } from 'ajv';
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import fs from 'node:fs';
import { defaultPaths } from '../../paths';
import { surveyProblemSentence, type SurveyProblemMessage } from '../locale/survey-problem-messages';
import { questionType } from '../question-types';
import type { Choice, Locale, Question, SurveyDefinition, SurveySharing } from './definition';
import { duplicateKeys, locator, nodeOffset, shownName, STRUCTURE_LIMITS, structureProblem, type JsonSyntaxError, type Segment } from './json-source';
import { schemaProblems, type LocatedMessage } from './schema-problems';

/** One thing wrong with a survey file, located as precisely as we can. */
export interface SurveyFileProblem {
  file: string;
  /** JSON path in the file, e.g. `questions[3].options[2]`; empty for the whole file. */
  path: string;
  line?: number;
  column?: number;
  /**
   * What is wrong: the checks' problem, said in the reader's language by `problemSentence`;
   * or a sentence its maker already wrote in that language (the browser's refusals of a
   * text, such as an id that is taken).
   */
  message: SurveyProblemMessage | string;
}

export type SurveyFileResult =
  | {
      ok: true;
      definition: SurveyDefinition;
      sharing: SurveySharing | null;
      /** Where the survey's `id` is written, for a refusal of the id itself (it is taken, say). */
      idAt: { line: number; column: number };
    }
  | { ok: false; problems: SurveyFileProblem[] };

/**
 * At most this many problems are listed; the rest are counted ("and 12 more"), and the schema
 * check stops once it has found this many (a file of a thousand wrong questions need not be
 * checked to its end to be refused).
 */
export const MAX_PROBLEMS_REPORTED = 100;

/**
 * The most boxes a respondent's form may have to tick (each option, each cell of a matrix).
 * A long real survey has about a thousand; the schema's lists alone would allow 500 matrices of
 * 200 × 200, a form of twenty million buttons that no phone could load and no server render.
 */
export const MAX_ANSWER_CHOICES = 5000;

/**
 * The schema without `uniqueItems`, which editors use as the researcher types but which Ajv
 * checks by comparing every pair of entries: 20,000 owners took seconds. The entries it
 * guards are checked for repeats in one pass instead (`repeatedEntries`).
 */
function withoutUniqueItems(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutUniqueItems);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'uniqueItems').map(([key, value]) => [key, withoutUniqueItems(value)]));
}

interface SurveySchema {
  properties: { questions: object } & Record<string, object>;
  definitions: Record<string, object>;
}
const schema = withoutUniqueItems(JSON.parse(fs.readFileSync(defaultPaths.surveySchema, 'utf8'))) as SurveySchema;
const ajv = new Ajv({ allErrors: true, strict: false });
/** The survey's own properties, its questions only counted: they are checked one at a time. */
const validateSurveyLevel = ajv.compile({ ...schema, properties: { ...schema.properties, questions: { ...schema.properties.questions, items: true } } });
const validateQuestion = ajv.compile({ definitions: schema.definitions, $ref: '#/definitions/question' });

/**
 * The schema's errors, with every error's path from the survey's root: the survey's own
 * properties, then each question in turn until `MAX_PROBLEMS_REPORTED` errors are found.
 */
function schemaErrors(raw: unknown): { errors: ErrorObject[]; stopped: boolean } {
  const errors: ErrorObject[] = validateSurveyLevel(raw) ? [] : [...(validateSurveyLevel.errors ?? [])];
  const questions = raw !== null && typeof raw === 'object' ? (raw as { questions?: unknown }).questions : undefined;
  if (!Array.isArray(questions)) return { errors, stopped: false };
  for (let i = 0; i < questions.length; i++) {
    if (errors.length >= MAX_PROBLEMS_REPORTED) return { errors, stopped: true };
    if (validateQuestion(questions[i])) continue;
    for (const error of validateQuestion.errors ?? []) errors.push({ ...error, instancePath: `/questions/${i}${error.instancePath}` });
  }
  return { errors, stopped: false };
}

/** `['questions', 3, 'options']` → `questions[3].options` */
export function formatJsonPath(segments: readonly Segment[]): string {
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? shownName(s) : `.${shownName(s)}`))
    .join('');
}

/**
 * What is wrong, as a sentence in the reader's language.
 * @example problemSentence({ file: 'x.json', path: 'questions[3].title', message: { key: 'empty' } }, 'zh-CN') // '不能为空'
 */
export function problemSentence(problem: SurveyFileProblem, locale: Locale): string {
  return typeof problem.message === 'string' ? problem.message : surveyProblemSentence(locale, problem.message);
}

/** "surveys/x.json:12:7: questions[3].title: must not be empty", in English as commands and logs say it. */
export function formatProblem(problem: SurveyFileProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  const sentence = problemSentence(problem, 'en');
  return problem.path ? `${where}: ${problem.path}: ${sentence}` : `${where}: ${sentence}`;
}

/** A syntax error's problem; the parser names no other kinds than those of `JsonSyntaxError`. */
function syntaxProblem(error: ParseError): SurveyProblemMessage {
  const name = printParseErrorCode(error.error);
  const kind: JsonSyntaxError = name === '<unknown ParseErrorCode>' ? 'InvalidSymbol' : name;
  return { key: 'invalidJson', params: { error: { key: `syntax${kind}` } } };
}

/**
 * Reads one survey file: its structure's limits (depth, list lengths), JSON syntax, then the
 * JSON Schema, then the rules a schema cannot say (unique ids, codes and names, counts against
 * the options, control characters). Returns the definition with every default filled in, or
 * its problems with their JSON path and line, in the order of the file, at most
 * `MAX_PROBLEMS_REPORTED` of them. Takes time linear in the text's length, whatever its shape.
 */
export function parseSurveyFile(file: string, text: string): SurveyFileResult {
  try {
    return checkSurveyFile(file, text);
  } catch (error) {
    // A check that throws is a bug of ours; the file is refused with its name, and the others load.
    return { ok: false, problems: [{ file, path: '', message: { key: 'checkFailed', params: { reason: (error as Error).message } } }] };
  }
}

function checkSurveyFile(file: string, text: string): SurveyFileResult {
  const source = text.replace(/^\uFEFF/, '');
  const locate = locator(source);
  const problemAt = (segments: Segment[], message: SurveyProblemMessage, root?: Node): SurveyFileProblem => ({
    file,
    path: formatJsonPath(segments),
    ...locate(root ? nodeOffset(root, segments) : 0),
    message,
  });
  const refused = (problems: SurveyFileProblem[], stopped = false): SurveyFileResult => ({ ok: false, problems: reported(problems, stopped) });

  // Before any parser: theirs recurse, and a text nested deep enough overflows the stack.
  const tooFar = structureProblem(source);
  if (tooFar) {
    const key = tooFar.limit === 'depth' ? 'tooDeep' : tooFar.limit === 'listEntries' ? 'tooManyEntriesToCheck' : 'tooManyPropertiesToCheck';
    return refused([{ file, path: formatJsonPath(tooFar.segments), ...locate(tooFar.offset), message: { key, params: { limit: STRUCTURE_LIMITS[tooFar.limit] } } }]);
  }

  const parseErrors: ParseError[] = [];
  const tree = parseTree(source, parseErrors, { disallowComments: true, allowTrailingComma: false });
  const firstError = parseErrors[0];
  if (firstError || !tree) {
    // Later syntax errors are nearly always echoes of the first one.
    const message: SurveyProblemMessage = firstError ? syntaxProblem(firstError) : { key: 'invalidJson', params: { error: { key: 'syntaxValueExpected' } } };
    return refused([{ file, path: '', ...locate(firstError?.offset ?? 0), message }]);
  }
  const raw: unknown = getNodeValue(tree);
  const duplicates = duplicateKeys(tree);
  if (duplicates.length) {
    return refused(
      duplicates.map(({ segments, offset }) => ({
        file,
        path: formatJsonPath(segments),
        ...locate(offset),
        message: { key: 'duplicateProperty', params: { name: shownName(String(segments.at(-1))) } },
      })),
    );
  }

  const repeated = [...repeatedEntries(raw, 'owners'), ...repeatedEntries(raw, 'viewers')];
  const { errors, stopped } = schemaErrors(raw);
  if (errors.length) {
    const problems = [...schemaProblems(errors, raw), ...repeated];
    return refused(dedupe(problems.map((p) => problemAt(p.segments, p.message, tree))), stopped);
  }

  const { definition, problems } = buildDefinition(raw as RawSurvey);
  problems.unshift(...repeated);
  if (problems.length) return refused(problems.map((p) => problemAt(p.segments, p.message, tree)));
  return { ok: true, definition, sharing: sharingOf(raw as RawSurvey), idAt: locate(nodeOffset(tree, ['id'])) };
}

/** How many problems a list of them stands for: those listed, and those `reported` counted without listing. */
export function problemCount(problems: readonly SurveyFileProblem[]): number {
  return problems.reduce((sum, p) => {
    if (typeof p.message === 'string') return sum + 1;
    if (p.message.key === 'moreProblems') return sum + p.message.params.count;
    return p.message.key === 'checkStopped' ? sum : sum + 1;
  }, 0);
}

/**
 * The problems in the order of the file, the first `MAX_PROBLEMS_REPORTED` of them, then how
 * many more there are, or (`stopped`) that the check stopped before the end of the file.
 */
function reported(problems: SurveyFileProblem[], stopped: boolean): SurveyFileProblem[] {
  const inOrder = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const listed = inOrder.slice(0, MAX_PROBLEMS_REPORTED);
  const file = inOrder[0]?.file ?? '';
  if (stopped) return [...listed, { file, path: '', message: { key: 'checkStopped', params: { listed: listed.length } } }];
  const more = inOrder.length - listed.length;
  return more ? [...listed, { file, path: '', message: { key: 'moreProblems', params: { count: more, listed: listed.length } } }] : listed;
}

/** Who the file shares the survey with, usernames in lower case; null when it names nobody. */
function sharingOf(raw: RawSurvey): SurveySharing | null {
  if (raw.owners === undefined && raw.viewers === undefined) return null;
  const names = (list?: string[]) => [...new Set((list ?? []).map((name) => name.toLowerCase()))];
  return { owners: names(raw.owners), viewers: names(raw.viewers) };
}

interface RawSurvey {
  id: string;
  title: string;
  intro?: string;
  locale?: Locale;
  questions: Array<Record<string, unknown> & { id: string; type: Question['type']; title: string }>;
  owners?: string[];
  viewers?: string[];
}
type RawChoice = string | { value?: string; label: string; other?: boolean };


/**
 * The names the survey's list `name` (owners, viewers) writes twice, in one pass: what the
 * schema's `uniqueItems` says. Exactly the same names: two that differ only in case are one
 * account, merged rather than refused. Entries that are not text have a problem of their own.
 */
function repeatedEntries(raw: unknown, name: 'owners' | 'viewers'): LocatedMessage[] {
  const list = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[name] : undefined;
  if (!Array.isArray(list)) return [];
  const firstAt = new Map<string, number>();
  const problems: LocatedMessage[] = [];
  list.forEach((entry: unknown, i) => {
    if (typeof entry !== 'string') return;
    const first = firstAt.get(entry);
    if (first !== undefined) problems.push({ segments: [name, i], message: { key: 'sameEntryTwice', params: { first, second: i } } });
    else firstAt.set(entry, i);
  });
  return problems;
}

/**
 * Characters a text shown to respondents and written to the exports must not hold: C0 controls
 * but tab and line breaks, DEL, C1 controls (NEL among them), the Unicode line and paragraph
 * separators, and half of a surrogate pair, which is no character at all (UTF-8 cannot carry
 * it). They come from pasting or from `\u` escapes; PSPP cuts a value at NUL.
 */
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The problem with a text's first forbidden character, if it has one. */
function forbiddenCharacter(segments: Segment[], text: string | undefined): LocatedMessage[] {
  const found = text === undefined ? null : FORBIDDEN_CHARACTER.exec(text);
  if (!found) return [];
  const unit = found[0].charCodeAt(0);
  const params = { code: `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`, position: [...text!.slice(0, found.index)].length + 1 };
  return [{ segments, message: { key: unit >= 0xd800 && unit <= 0xdfff ? 'loneSurrogate' : 'controlCharacter', params } }];
}

/** Resolves choices and defaults, and checks what the schema cannot. */
function buildDefinition(raw: RawSurvey): { definition: SurveyDefinition; problems: LocatedMessage[] } {
  const problems: LocatedMessage[] = [...forbiddenCharacter(['title'], raw.title), ...forbiddenCharacter(['intro'], raw.intro)];
  const firstUse = new Map<string, number>();
  const questions = raw.questions.map((rawQuestion, index): Question => {
    const at = (...rest: Segment[]): Segment[] => ['questions', index, ...rest];
    const earlier = firstUse.get(rawQuestion.id);
    if (earlier !== undefined) {
      problems.push({ segments: at('id'), message: { key: 'questionIdTaken', params: { id: rawQuestion.id, earlier } } });
    } else firstUse.set(rawQuestion.id, index);

    problems.push(...forbiddenCharacter(at('title'), rawQuestion.title));
    if (typeof rawQuestion.description === 'string') problems.push(...forbiddenCharacter(at('description'), rawQuestion.description));
    const type = questionType(rawQuestion.type);
    const resolved: Record<string, Choice[]> = {};
    for (const list of type.choiceLists) {
      const { choices, problems: listProblems } = resolveChoices(rawQuestion[list] as RawChoice[]);
      resolved[list] = choices;
      problems.push(...listProblems.map((p) => ({ segments: at(list, ...p.segments), message: p.message })));
      choices.forEach((choice, i) => {
        const written = typeof (rawQuestion[list] as RawChoice[])[i] === 'string' ? [i] : [i, 'label'];
        problems.push(...forbiddenCharacter(at(list, ...written), choice.label));
      });
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

  // How many boxes the form shows: each variable (a question, or a matrix row) offers its choices.
  const answerChoices = questions.reduce((sum, q) => sum + questionType(q).variables(q).reduce((n, v) => n + v.choices.length, 0), 0);
  if (answerChoices > MAX_ANSWER_CHOICES) {
    problems.push({ segments: ['questions'], message: { key: 'tooManyAnswerChoices', params: { count: answerChoices, limit: MAX_ANSWER_CHOICES } } });
  }

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
      problems.push({ segments: [i, 'value'], message: { key: 'protoCode' } });
    } else if (sameValue !== undefined) {
      const explicit = typeof list[i] === 'object' && (list[i] as { value?: string }).value !== undefined;
      const params = { value: choice.value, earlier: sameValue };
      problems.push(
        explicit
          ? { segments: [i, 'value'], message: { key: 'codeTaken', params } }
          : { segments: [i], message: { key: 'positionCodeTaken', params } },
      );
    } else valueAt.set(choice.value, i);
    const sameLabel = labelAt.get(choice.label);
    if (sameLabel !== undefined) {
      problems.push({ segments: [i], message: { key: 'labelTaken', params: { label: choice.label, earlier: sameLabel } } });
    } else labelAt.set(choice.label, i);
  });
  return { choices, problems };
}

function dedupe(problems: SurveyFileProblem[]): SurveyFileProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}|${JSON.stringify(p.message)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
