import { findNodeAtLocation, getLocation, type Node, type printParseErrorCode } from 'jsonc-parser';

/** A step of a JSON path: a property name or an array index. */
export type Segment = string | number;

/** A kind of JSON syntax error, as the parser names it ("CommaExpected"). */
export type JsonSyntaxError = Exclude<ReturnType<typeof printParseErrorCode>, '<unknown ParseErrorCode>'>;

/** A property name as a path or a sentence shows it: a name as long as a file is cut short. */
export function shownName(name: string): string {
  return name.length > 64 ? `${name.slice(0, 60)}…` : name;
}

/** Turns an offset in the text into a 1-based line and column. */
export function locator(text: string) {
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
export function nodeOffset(root: Node, segments: Segment[]): number {
  for (let n = segments.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, segments.slice(0, n));
    if (node) return node.parent?.type === 'property' ? node.parent.offset : node.offset;
  }
  return 0;
}

/**
 * How far a survey file's structure may go. A survey nests 5 levels (the survey, its
 * questions, a question, a choice list, a choice), its longest list is its questions (500),
 * and a question has 11 properties: these limits are far past any real survey, and they keep
 * every later step (the parser, the duplicate-key walk, the schema) shallow and bounded.
 */
export const STRUCTURE_LIMITS = { depth: 20, listEntries: 1000, properties: 100 } as const;

export type StructureLimit = keyof typeof STRUCTURE_LIMITS;

/**
 * The first place where the text goes past a structure limit: the list or object that nests
 * too deep, or that has too many entries, with its JSON path. One pass over the characters,
 * with no recursion, so it runs safely before the parser (whose recursion a deep text would
 * overflow). Text that is not JSON is left to the parser to name.
 *
 * @example structureProblem('{"a":' + '['.repeat(30)) // { limit: 'depth', offset: 24, segments: ['a', 0, …] }
 */
export function structureProblem(text: string): { limit: StructureLimit; offset: number; segments: Segment[] } | undefined {
  const OPEN_OBJECT = 123;
  const OPEN_LIST = 91;
  const opened: number[] = []; // offset of each list or object still open
  const entries: number[] = []; // commas seen so far in each
  let inString = false;
  const at = (limit: StructureLimit, offset: number) => {
    // The text up to the opening bracket nests at most `depth` levels: safe for the parser.
    const segments = getLocation(text.slice(0, offset + 1), offset).path;
    return { limit, offset, segments };
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_LIST) {
      if (opened.length === STRUCTURE_LIMITS.depth) return at('depth', i);
      opened.push(i);
      entries.push(0);
    } else if (c === 125 || c === 93) {
      opened.pop();
      entries.pop();
    } else if (c === 44 && opened.length) {
      const top = opened.length - 1;
      const count = ++entries[top]! + 1;
      const isList = text.charCodeAt(opened[top]!) === OPEN_LIST;
      if (count > (isList ? STRUCTURE_LIMITS.listEntries : STRUCTURE_LIMITS.properties)) return at(isList ? 'listEntries' : 'properties', opened[top]!);
    }
  }
  return undefined;
}

/**
 * Properties written twice in one object, which JSON.parse would silently merge. Walks the
 * tree with a stack of its own, so that no depth of nesting can overflow the call stack.
 */
export function duplicateKeys(root: Node): { segments: Segment[]; offset: number }[] {
  const found: { segments: Segment[]; offset: number }[] = [];
  const pending: { node: Node; segments: Segment[] }[] = [{ node: root, segments: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, segments } = next;
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key) continue;
        const name = String(key.value);
        if (seen.has(name)) found.push({ segments: [...segments, name], offset: property.offset });
        seen.add(name);
        if (value) pending.push({ node: value, segments: [...segments, name] });
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => pending.push({ node: child, segments: [...segments, i] }));
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}
