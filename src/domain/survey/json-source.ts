import { findNodeAtLocation, type Node, type printParseErrorCode } from 'jsonc-parser';

/** A step of a JSON path: a property name or an array index. */
export type Segment = string | number;

/** A kind of JSON syntax error, as the parser names it ("CommaExpected"). */
export type JsonSyntaxError = Exclude<ReturnType<typeof printParseErrorCode>, '<unknown ParseErrorCode>'>;

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

/** Properties written twice in one object, which JSON.parse would silently merge. */
export function duplicateKeys(root: Node): { segments: Segment[]; offset: number }[] {
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
