/**
 * The characters a text from outside (an answer's "other" text, a token's name) may not hold,
 * and what the exports write in their place in texts stored before they were refused.
 */

/**
 * C0 controls but tab, line feed and carriage return; DEL; the C1 controls (NEL, U+0085,
 * among them). PSPP cuts a value at a NUL, and none of them is a character a person types.
 */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** As CONTROL_CHARACTER, and tab and line breaks too: for a one-line text such as a name. */
const CONTROL_CHARACTER_IN_LINE = /[\u0000-\u001F\u007F-\u009F]/;

/** Half of a UTF-16 surrogate pair without its other half: not text, and not valid UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface UnstorableCharacter {
  kind: 'control' | 'lone-surrogate';
  /** `U+000B` */
  code: string;
}

const codeOf = (char: string) => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The first character of `text` that is refused, or null. A lone surrogate is refused too:
 * the database would store U+FFFD in its place, which is not what was sent.
 *
 * `oneLine` refuses tab and line breaks as well (a name, not a paragraph).
 *
 * @example unstorableCharacter('a\u000Bb') // { kind: 'control', code: 'U+000B' }
 * @example unstorableCharacter('a\tb', { oneLine: true }) // { kind: 'control', code: 'U+0009' }
 */
export function unstorableCharacter(text: string, { oneLine = false }: { oneLine?: boolean } = {}): UnstorableCharacter | null {
  const control = (oneLine ? CONTROL_CHARACTER_IN_LINE : CONTROL_CHARACTER).exec(text);
  const surrogate = LONE_SURROGATE.exec(text);
  const first = control && (!surrogate || control.index < surrogate.index) ? control : surrogate;
  if (!first) return null;
  return { kind: first === control ? 'control' : 'lone-surrogate', code: codeOf(first[0]) };
}
