/**
 * The keys a stored response lists in its flat `choices` array, one level of a results
 * table each, so that one pass over that array (in the database, or an `$inc` of the kept
 * counts) counts everything a results page shows:
 *
 *   `*`              every response (the respondents)
 *   `gender`         the question was answered          `gender=2`     code 2 was chosen
 *   `factors.3`      the matrix row 3 was answered      `factors.3=1`  its column 1 was ticked
 *
 * Question ids and codes cannot contain `.`, `=` or `*`, so the keys never collide.
 */
export const RESPONDENT_KEY = '*';

/** `gender=2`, `factors.3=1` */
export function choiceKey(variableId: string, value: string): string {
  return `${variableId}=${value}`;
}

/** `factors.3`: the variable id of a matrix row. */
export function rowVariableId(questionId: string, rowValue: string): string {
  return `${questionId}.${rowValue}`;
}
