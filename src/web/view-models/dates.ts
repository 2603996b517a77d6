/* How pages write a moment: the researcher's pages in UTC (a server's time zone is nobody's), the results in the server's. */

const two = (n: number) => String(n).padStart(2, '0');

/** `2015-11-20 14:03 UTC`: the survey list, the management pages, the tokens page. */
export function formatUtcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2015-11-20 14:03`, in the server's time zone: when an "other" text was written. */
export function formatDateTime(date: Date): string {
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}
