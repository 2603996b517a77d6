import { choiceListsOf, questionType } from '../question-types';
import type { SurveyDefinition } from '../survey/definition';

/**
 * A code that means something else in another version of the survey: counting both
 * versions together would add up answers to different things.
 */
export interface VersionConflict {
  question: string;
  /** The code whose label differs, or null when the question itself changed type. */
  value: string | null;
  /** Its label in the other version and in the version being shown. */
  labelThere: string;
  labelHere: string;
}

/**
 * Where `other` gives a code another meaning than `shown` does. Codes are positions by
 * default, so inserting an option in an edited file shifts what `"3"` means. Questions or
 * codes present in only one version do not conflict: they are simply not answered in the other.
 *
 * @example versionConflicts(v1, v2) // [{ question: 'age', value: '3', labelThere: '26-35岁', labelHere: '26-30岁' }]
 */
export function versionConflicts(other: SurveyDefinition, shown: SurveyDefinition): VersionConflict[] {
  const conflicts: VersionConflict[] = [];
  for (const here of shown.questions) {
    const there = other.questions.find((q) => q.id === here.id);
    if (!there) continue;
    if (questionType(there).variant(there) !== questionType(here).variant(here)) {
      conflicts.push({ question: here.id, value: null, labelThere: there.title, labelHere: here.title });
      continue;
    }
    const listsThere = new Map(choiceListsOf(there));
    for (const [name, choices] of choiceListsOf(here)) {
      for (const choice of choices) {
        const before = listsThere.get(name)?.find((c) => c.value === choice.value);
        if (before && before.label !== choice.label) {
          conflicts.push({ question: here.id, value: choice.value, labelThere: before.label, labelHere: choice.label });
        }
      }
    }
  }
  return conflicts;
}
