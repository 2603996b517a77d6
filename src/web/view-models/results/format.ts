/* How the results pages write numbers, dates and the JSON a page carries. */

/** `33.33%`; a dash when nobody answered (no base for a percent). */
export function formatPercent(percent: number | null): string {
  return percent === null ? '—' : `${percent.toFixed(2)}%`;
}

/** `25.53–36.62%` */
export function formatInterval(ci95: [number, number] | null): string {
  return ci95 === null ? '—' : `${ci95[0].toFixed(2)}–${ci95[1].toFixed(2)}%`;
}

/** `p = 0.034`, or `p < 0.001` below what three decimals can show. */
export function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** An adjusted residual with its sign: `+2.35`, `−1.20` (a true minus sign). */
export function formatResidual(residual: number): string {
  const text = Math.abs(residual).toFixed(2);
  return residual < 0 && text !== '0.00' ? `−${text}` : `+${text}`;
}

/** A share of a base in percent with two decimals (row and column percents of a crosstab). */
export function shareOf(count: number, base: number): string {
  return base === 0 ? '—' : formatPercent(Math.round((count / base) * 10000) / 100);
}

/** `14:03:07`, in the server's time zone: when a stale answer was computed. */
export function formatTime(iso: string): string {
  return new Date(iso).toTimeString().slice(0, 8);
}

/** JSON for a `<script type="application/json">` block: `<` escaped so that no text can close it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
