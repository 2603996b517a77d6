/**
 * A small seeded generator (mulberry32, seeded by the FNV-1a hash of a name), so that demo
 * data and Monte-Carlo p-values are the same on every machine and every run. One stream per
 * purpose: adding a draw to one question does not change the answers of the others.
 *
 * @example
 * const random = seededRandom('taobao-2015/gender');
 * random(); // → the same number in [0, 1) every time
 */
export function seededRandom(name: string): () => number {
  let state = fnv1a(name);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
