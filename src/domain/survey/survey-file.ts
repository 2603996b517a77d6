import Ajv from 'ajv';
import { parse, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import fs from 'node:fs';
import { defaultPaths } from '../../paths';
import { surveyProblemSentence, type SurveyProblemMessage } from '../locale/survey-problem-messages';
import { questionType } from '../question-types';
import type { Choice, Locale, Question, SurveyDefinition, SurveySharing } from './definition';
import { duplicateKeys, locator, nodeOffset, type JsonSyntaxError, type Segment } from './json-source';
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
  | { ok: true; definition: SurveyDefinition; sharing: SurveySharing | null }
  | { ok: false; problems: SurveyFileProblem[] };


const schema = JSON.parse(fs.readFileSync(defaultPaths.surveySchema, 'utf8')) as object;
const validateAgainstSchema = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** `['questions', 3, 'options']` → `questions[3].options` */
export function formatJsonPath(segments: readonly Segment[]): string {
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`))
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
 * Reads one survey file: JSON syntax, then the JSON Schema, then the rules a schema cannot
 * say (unique ids and codes, counts against the options). Returns the definition with every
 * default filled in, or every problem with its JSON path and line.
 */
export function parseSurveyFile(file: string, text: string): SurveyFileResult {
  const source = text.replace(/^\uFEFF/, '');
  const locate = locator(source);
  const problemAt = (segments: Segment[], message: SurveyProblemMessage, root?: Node): SurveyFileProblem => ({
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
      message: syntaxProblem(e),
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
        message: { key: 'duplicateProperty', params: { name: String(segments.at(-1)) } },
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
  return { ok: true, definition, sharing: sharingOf(raw as RawSurvey) };
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


/** Resolves choices and defaults, and checks what the schema cannot. */
function buildDefinition(raw: RawSurvey): { definition: SurveyDefinition; problems: LocatedMessage[] } {
  const problems: LocatedMessage[] = [];
  const firstUse = new Map<string, number>();
  const questions = raw.questions.map((rawQuestion, index): Question => {
    const at = (...rest: Segment[]): Segment[] => ['questions', index, ...rest];
    const earlier = firstUse.get(rawQuestion.id);
    if (earlier !== undefined) {
      problems.push({ segments: at('id'), message: { key: 'questionIdTaken', params: { id: rawQuestion.id, earlier } } });
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
