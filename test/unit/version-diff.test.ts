import path from 'node:path';
import type { SurveyDefinition } from '../../src/domain/survey/definition';
import { parseSurveyFile } from '../../src/domain/survey/survey-file';
import { changeSentence, versionChanges } from '../../src/domain/survey/version-diff';

/** A definition from survey JSON written inline, checked as a file would be. */
function survey(raw: object): SurveyDefinition {
  const result = parseSurveyFile(path.join('test', 'inline.json'), JSON.stringify(raw));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.definition;
}

const v1 = survey({
  id: 'habits',
  title: 'Shopping habits',
  questions: [
    { id: 'gender', type: 'single', title: 'Gender', options: ['Man', 'Woman'] },
    { id: 'age', type: 'single', title: 'Age', options: ['18-25', '26-35', '36-45'] },
    { id: 'pet', type: 'single', title: 'Pet', options: ['Cat', 'Dog'] },
    { id: 'agree', type: 'matrix', title: 'Agreement', rows: ['Price', 'Speed'], columns: ['No', 'Yes'] },
  ],
});

const sentences = (before: SurveyDefinition, after: SurveyDefinition, locale: 'en' | 'zh-CN' = 'en') =>
  versionChanges(before, after).map((change) => changeSentence(change, locale));

describe('what changed between two versions, in sentences', () => {
  it('says nothing when nothing changed', () => {
    expect(versionChanges(v1, survey(rawOf(v1)))).toEqual([]);
  });

  it('names questions added, removed and retitled', () => {
    const v2 = survey({
      ...rawOf(v1),
      questions: [
        { id: 'gender', type: 'single', title: 'Your gender', options: ['Man', 'Woman'] },
        { id: 'age', type: 'single', title: 'Age', options: ['18-25', '26-35', '36-45'] },
        { id: 'agree', type: 'matrix', title: 'Agreement', rows: ['Price', 'Speed'], columns: ['No', 'Yes'] },
        { id: 'city', type: 'single', title: 'City', options: ['Big', 'Small'] },
      ],
    });
    expect(sentences(v1, v2)).toEqual([
      'Question “Pet” (pet) was removed.',
      'Question “City” (city) was added as question 4.',
      'Question gender was retitled from “Gender” to “Your gender”.',
    ]);
  });

  it('names choices added and removed, and a choice inserted in the middle shifts the codes after it', () => {
    const v2 = survey({
      ...rawOf(v1),
      questions: [
        rawQuestion(v1, 'gender'),
        { id: 'age', type: 'single', title: 'Age', options: ['Under 18', '18-25', '26-35'] },
        rawQuestion(v1, 'pet'),
        rawQuestion(v1, 'agree'),
      ],
    });
    expect(sentences(v1, v2)).toEqual([
      'In “Age” (age), the option “Under 18” was added with code 1.',
      'In “Age” (age), the option “18-25” now has code 2 (it was 1).',
      'In “Age” (age), the option “26-35” now has code 3 (it was 2).',
      'In “Age” (age), the option “36-45” (code 3) was removed.',
      'In “Age” (age), code 1 meant “18-25” and now means “Under 18”: results that count both versions together mix the two.',
      'In “Age” (age), code 2 meant “26-35” and now means “18-25”: results that count both versions together mix the two.',
      'In “Age” (age), code 3 meant “36-45” and now means “26-35”: results that count both versions together mix the two.',
    ]);
  });

  it('calls a new label on the same code a rename, and warns that the code changed meaning', () => {
    const v2 = survey({
      ...rawOf(v1),
      questions: [
        rawQuestion(v1, 'gender'),
        rawQuestion(v1, 'age'),
        { id: 'pet', type: 'single', title: 'Pet', options: ['Cat', 'Parrot'] },
        { id: 'agree', type: 'matrix', title: 'Agreement', rows: ['Price', 'Delivery speed'], columns: ['No', 'Yes', 'Unsure'] },
      ],
    });
    expect(sentences(v1, v2)).toEqual([
      'In “Pet” (pet), the option with code 2 was renamed from “Dog” to “Parrot”.',
      'In “Agreement” (agree), the row with code 2 was renamed from “Speed” to “Delivery speed”.',
      'In “Agreement” (agree), the column “Unsure” was added with code 3.',
      'In “Pet” (pet), code 2 meant “Dog” and now means “Parrot”: results that count both versions together mix the two.',
      'In “Agreement” (agree), code 2 meant “Speed” and now means “Delivery speed”: results that count both versions together mix the two.',
    ]);
  });

  it('names a changed type, a question made optional, the title, the language and the order', () => {
    const v2 = survey({
      id: 'habits',
      title: 'Habits',
      locale: 'zh-CN',
      questions: [
        { id: 'age', type: 'single', title: 'Age', options: ['18-25', '26-35', '36-45'] },
        { id: 'gender', type: 'single', title: 'Gender', required: false, options: ['Man', 'Woman'] },
        { id: 'pet', type: 'multi', title: 'Pet', options: ['Cat', 'Dog'] },
        { id: 'agree', type: 'matrix', multiple: true, title: 'Agreement', rows: ['Price', 'Speed'], columns: ['No', 'Yes'] },
      ],
    });
    expect(sentences(v1, v2)).toEqual([
      'The survey’s title changed from “Shopping habits” to “Habits”.',
      'The form’s language changed from English to Chinese.',
      'The questions are in another order.',
      'Question “Gender” (gender) is now optional.',
      'Question “Pet” (pet) changed from single choice to multiple choice.',
      'Question “Agreement” (agree) changed from a grid with one answer per row to a grid with several answers per row.',
    ]);
  });

  it('speaks Chinese to a Chinese researcher', () => {
    const v2 = survey({ ...rawOf(v1), questions: [rawQuestion(v1, 'gender'), rawQuestion(v1, 'age'), rawQuestion(v1, 'agree')] });
    expect(sentences(v1, v2, 'zh-CN')).toEqual(['删除了题目“Pet”（pet）。']);
  });
});

/** The raw survey JSON of a definition (its choices written out with their codes). */
function rawOf(definition: SurveyDefinition): Record<string, unknown> {
  return { id: definition.id, title: definition.title, locale: definition.locale, questions: definition.questions.map((q) => rawQuestion(definition, q.id)) };
}

function rawQuestion(definition: SurveyDefinition, id: string): Record<string, unknown> {
  const question = definition.questions.find((q) => q.id === id)!;
  const choices = (list: { value: string; label: string; other: boolean }[]) => list.map((c) => ({ value: c.value, label: c.label, ...(c.other ? { other: true } : {}) }));
  if (question.type === 'matrix') {
    return { id, type: 'matrix', title: question.title, multiple: question.multiple, required: question.required, rows: choices(question.rows), columns: choices(question.columns) };
  }
  return { id, type: question.type, title: question.title, required: question.required, options: choices(question.options) };
}
