import { jStat } from 'jstat';

/** The standard normal quantile z for a two-sided interval: 1.959964… for 0.95. */
export function zFor(confidence: number): number {
  return jStat.normal.inv(1 - (1 - confidence) / 2, 0, 1);
}

/** z for 95 %: cells whose adjusted residual lies beyond ±Z_95 are the ones to mark. */
export const Z_95 = zFor(0.95);

/**
 * Wilson's score interval for a proportion, without continuity correction
 * (Wilson 1927; method 3 of Newcombe 1998, Statistics in Medicine 17:857–872):
 *
 *   (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n),   p̂ = successes / n
 *
 * Unlike p̂ ± z·√(p̂(1−p̂)/n) it stays inside [0, 1] and is not zero-width at 0 % or 100 %.
 * Returns proportions, or null when nobody answered (n = 0).
 *
 * @example wilsonInterval(81, 263) // [0.2553, 0.3662] (to 4 decimals)
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): [number, number] | null {
  if (successes < 0 || successes > n) throw new RangeError(`successes ${successes} outside 0…${n}`);
  if (n === 0) return null;
  const z = zFor(confidence);
  const p = successes / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  // At 0 % (100 %) the lower (upper) bound is exactly 0 (1); floating point leaves ±1e-17 (0/7, 7/7).
  return [successes === 0 ? 0 : centre - halfWidth, successes === n ? 1 : centre + halfWidth];
}

/**
 * The sample's margin of error in the worst case p = 0.5: z·√(0.25 / n), as a proportion.
 * Null when n = 0.
 *
 * @example marginOfError(1000) // 0.0310, the ±3.1 % quoted for polls of 1,000
 */
export function marginOfError(n: number, confidence = 0.95): number | null {
  if (n === 0) return null;
  return zFor(confidence) * Math.sqrt(0.25 / n);
}
