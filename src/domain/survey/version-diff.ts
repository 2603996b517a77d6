import { manageMessagesFor, type ManageMessageKey } from '../locale/manage-messages';
import { format } from '../locale/messages';
import { choiceListsOf, questionType, type QuestionVariant } from '../question-types';
import { versionConflicts } from '../results/versions';
import type { Choice, Locale, Question, SurveyDefinition } from './definition';

/** Which list of a question a choice belongs to. */
export type ChoiceList = 'options' | 'rows' | 'columns';

/** A question's kind as a researcher names it: a matrix with several answers per row is its own kind. */
/** A question's kind as a version diff names it (a grid with several answers per row is its own kind). */
export type QuestionKindName = QuestionVariant;

/** A question as a change names it: its id and its title (in the version it is found in). */
export interface QuestionRef {
  id: string;
  title: string;
}

/** One difference between two versions of a survey, as the versions page states it. */
export type VersionChange =
  | { kind: 'titleChanged'; before: string; after: string }
  | { kind: 'introChanged' }
  | { kind: 'localeChanged'; before: Locale; after: Locale }
  | { kind: 'questionAdded'; question: QuestionRef; position: number }
  | { kind: 'questionRemoved'; question: QuestionRef }
  | { kind: 'questionsReordered' }
  | { kind: 'questionRetitled'; question: QuestionRef; before: string }
  | { kind: 'questionRetyped'; question: QuestionRef; before: QuestionKindName; after: QuestionKindName }
  | { kind: 'requiredChanged'; question: QuestionRef; required: boolean }
  | { kind: 'choiceAdded'; question: QuestionRef; list: ChoiceList; value: string; label: string }
  | { kind: 'choiceRemoved'; question: QuestionRef; list: ChoiceList; value: string; label: string }
  | { kind: 'choiceRelabelled'; question: QuestionRef; list: ChoiceList; value: string; before: string; after: string }
  | { kind: 'choiceRecoded'; question: QuestionRef; list: ChoiceList; label: string; before: string; after: string }
  /** A code that now stands for another label (`versionConflicts`): both versions counted together mix them. */
  | { kind: 'codeMeaningChanged'; question: QuestionRef; value: string; before: string; after: string };

function kindName(question: Question): QuestionKindName {
  return questionType(question).variant(question);
}

function choiceLists(question: Question): [ChoiceList, Choice[]][] {
  return choiceListsOf(question) as [ChoiceList, Choice[]][];
}

/**
 * The choices of one list, matched by label: a label found in both versions is the same
 * choice (its code may have moved); a new label whose code had a label that is now gone is
 * that choice renamed; any other label is added or removed.
 */
function choiceChanges(question: QuestionRef, list: ChoiceList, before: Choice[], after: Choice[]): VersionChange[] {
  const changes: VersionChange[] = [];
  const beforeByLabel = new Map(before.map((c) => [c.label, c]));
  const afterLabels = new Set(after.map((c) => c.label));
  const renamed = new Set<string>();
  for (const choice of after) {
    const same = beforeByLabel.get(choice.label);
    if (same) {
      if (same.value !== choice.value) changes.push({ kind: 'choiceRecoded', question, list, label: choice.label, before: same.value, after: choice.value });
      continue;
    }
    const sameCode = before.find((c) => c.value === choice.value && !afterLabels.has(c.label));
    if (sameCode) {
      renamed.add(sameCode.label);
      changes.push({ kind: 'choiceRelabelled', question, list, value: choice.value, before: sameCode.label, after: choice.label });
    } else {
      changes.push({ kind: 'choiceAdded', question, list, value: choice.value, label: choice.label });
    }
  }
  for (const choice of before) {
    if (!afterLabels.has(choice.label) && !renamed.has(choice.label)) {
      changes.push({ kind: 'choiceRemoved', question, list, value: choice.value, label: choice.label });
    }
  }
  return changes;
}

/**
 * What changed from `before` to `after`: the survey's own title, intro and language, questions
 * added, removed, moved, retitled, retyped or made optional, choices added, removed, renamed
 * or given another code, and last the codes whose meaning changed (see `versionConflicts`).
 *
 * @example versionChanges(v1, v2)
 * // [{ kind: 'choiceAdded', question: { id: 'age', title: '年龄' }, list: 'options', value: '6', label: '60岁以上' }]
 */
export function versionChanges(before: SurveyDefinition, after: SurveyDefinition): VersionChange[] {
  const changes: VersionChange[] = [];
  if (before.title !== after.title) changes.push({ kind: 'titleChanged', before: before.title, after: after.title });
  if ((before.intro ?? '') !== (after.intro ?? '')) changes.push({ kind: 'introChanged' });
  if (before.locale !== after.locale) changes.push({ kind: 'localeChanged', before: before.locale, after: after.locale });

  const beforeById = new Map(before.questions.map((q) => [q.id, q]));
  const afterIds = new Set(after.questions.map((q) => q.id));
  for (const question of before.questions) {
    if (!afterIds.has(question.id)) changes.push({ kind: 'questionRemoved', question: { id: question.id, title: question.title } });
  }
  after.questions.forEach((question, index) => {
    if (!beforeById.has(question.id)) changes.push({ kind: 'questionAdded', question: { id: question.id, title: question.title }, position: index + 1 });
  });
  const keptBefore = before.questions.filter((q) => afterIds.has(q.id)).map((q) => q.id);
  const keptAfter = after.questions.filter((q) => beforeById.has(q.id)).map((q) => q.id);
  if (keptBefore.some((id, i) => keptAfter[i] !== id)) changes.push({ kind: 'questionsReordered' });

  for (const question of after.questions) {
    const earlier = beforeById.get(question.id);
    if (!earlier) continue;
    const ref = { id: question.id, title: question.title };
    if (earlier.title !== question.title) changes.push({ kind: 'questionRetitled', question: ref, before: earlier.title });
    if (kindName(earlier) !== kindName(question)) {
      changes.push({ kind: 'questionRetyped', question: ref, before: kindName(earlier), after: kindName(question) });
    }
    if (earlier.required !== question.required) changes.push({ kind: 'requiredChanged', question: ref, required: question.required });
    const listsBefore = new Map(choiceLists(earlier));
    for (const [list, choices] of choiceLists(question)) {
      const old = listsBefore.get(list);
      if (old) changes.push(...choiceChanges(ref, list, old, choices));
    }
  }

  // A changed type is already said above; what is left are codes that now mean something else.
  const titles = new Map(after.questions.map((q) => [q.id, q.title]));
  for (const conflict of versionConflicts(before, after)) {
    if (conflict.value === null) continue;
    changes.push({
      kind: 'codeMeaningChanged',
      question: { id: conflict.question, title: titles.get(conflict.question) ?? conflict.question },
      value: conflict.value,
      before: conflict.labelThere,
      after: conflict.labelHere,
    });
  }
  return changes;
}

const LIST_WORDS: Record<ChoiceList, ManageMessageKey> = { options: 'listOptions', rows: 'listRows', columns: 'listColumns' };
const KIND_WORDS: Record<QuestionKindName, ManageMessageKey> = {
  single: 'kindSingle',
  multi: 'kindMulti',
  matrix: 'kindMatrix',
  matrixMultiple: 'kindMatrixMultiple',
};
const LOCALE_WORDS: Record<Locale, ManageMessageKey> = { 'zh-CN': 'localeZh', en: 'localeEn' };

/**
 * One change as a sentence in the researcher's language.
 * @example changeSentence({ kind: 'questionRemoved', question: { id: 'pet', title: 'Pet' } }, 'en')
 * // 'Question “Pet” (pet) was removed.'
 */
export function changeSentence(change: VersionChange, locale: Locale): string {
  const t = manageMessagesFor(locale);
  const say = (key: ManageMessageKey, params: Record<string, string | number> = {}) => format(t[key], params);
  const about = (question: QuestionRef) => ({ id: question.id, title: question.title });
  switch (change.kind) {
    case 'titleChanged':
      return say('changeTitle', { before: change.before, after: change.after });
    case 'introChanged':
      return say('changeIntro');
    case 'localeChanged':
      return say('changeLocale', { before: t[LOCALE_WORDS[change.before]], after: t[LOCALE_WORDS[change.after]] });
    case 'questionAdded':
      return say('changeQuestionAdded', { ...about(change.question), position: change.position });
    case 'questionRemoved':
      return say('changeQuestionRemoved', about(change.question));
    case 'questionsReordered':
      return say('changeQuestionsReordered');
    case 'questionRetitled':
      return say('changeQuestionRetitled', { ...about(change.question), before: change.before });
    case 'questionRetyped':
      return say('changeQuestionRetyped', { ...about(change.question), before: t[KIND_WORDS[change.before]], after: t[KIND_WORDS[change.after]] });
    case 'requiredChanged':
      return say(change.required ? 'changeNowRequired' : 'changeNowOptional', about(change.question));
    case 'choiceAdded':
      return say('changeChoiceAdded', { ...about(change.question), list: t[LIST_WORDS[change.list]], label: change.label, value: change.value });
    case 'choiceRemoved':
      return say('changeChoiceRemoved', { ...about(change.question), list: t[LIST_WORDS[change.list]], label: change.label, value: change.value });
    case 'choiceRelabelled':
      return say('changeChoiceRelabelled', {
        ...about(change.question),
        list: t[LIST_WORDS[change.list]],
        value: change.value,
        before: change.before,
        after: change.after,
      });
    case 'choiceRecoded':
      return say('changeChoiceRecoded', { ...about(change.question), list: t[LIST_WORDS[change.list]], label: change.label, before: change.before, after: change.after });
    case 'codeMeaningChanged':
      return say('changeCodeMeaning', { ...about(change.question), value: change.value, before: change.before, after: change.after });
  }
}
