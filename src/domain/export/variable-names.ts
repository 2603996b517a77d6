/**
 * Variable names that SPSS and R both take: ASCII letters, digits and `_`, starting with a
 * letter, at most 64 bytes, no reserved word, and no two alike. SPSS compares names without
 * regard to case, so `q_A` and `q_a` are the same variable there.
 */

/** Words SPSS refuses as variable names (compared in any case). */
const SPSS_RESERVED = new Set(['all', 'and', 'by', 'eq', 'ge', 'gt', 'le', 'lt', 'ne', 'not', 'or', 'to', 'with']);
/** R's reserved words, which `read.csv` would rename (compared as written). */
const R_RESERVED = new Set(['if', 'else', 'repeat', 'while', 'function', 'for', 'next', 'break', 'in', 'TRUE', 'FALSE', 'NULL', 'Inf', 'NaN', 'NA']);

export const MAX_NAME_BYTES = 64;

const isReserved = (name: string) => SPSS_RESERVED.has(name.toLowerCase()) || R_RESERVED.has(name) || /^NA_/.test(name);

/**
 * Makes each proposed name valid and different from every earlier one: characters other than
 * letters, digits and `_` become `_`, a name that does not start with a letter gets `v`
 * before it, a long one is cut to 64 bytes, and a name already taken (or reserved) gets `_2`,
 * `_3`, … The first holder keeps the plain name, so adding a later question never renames an
 * earlier column.
 *
 * @example uniqueNames(['version', 'version', 'fruit_a_b', 'fruit_a_b', 'to']) // ['version', 'version_2', 'fruit_a_b', 'fruit_a_b_2', 'to_2']
 */
export function uniqueNames(proposed: readonly string[]): string[] {
  const taken = new Set<string>();
  return proposed.map((raw) => {
    let base = raw.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z]/.test(base)) base = `v${base}`;
    base = base.slice(0, MAX_NAME_BYTES);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()) || isReserved(name); n++) {
      const suffix = `_${n}`;
      name = base.slice(0, MAX_NAME_BYTES - suffix.length) + suffix;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}
