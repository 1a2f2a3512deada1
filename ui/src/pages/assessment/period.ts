// Period keys as the API takes them: a month (2026-11) or a quarter (2026-Q4), in the business zone.

/** Today's month in the business time zone (Asia/Shanghai: +8 h). */
export function currentMonth(now: number): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 7);
}

export const quarterOf = (month: string) =>
  `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;

/** The last `n` months up to `month`, newest first. */
export function lastMonths(month: string, n: number): string[] {
  let y = Number(month.slice(0, 4));
  let m = Number(month.slice(5, 7));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (--m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}

/** The last `n` quarters up to the one holding `month`, newest first. */
export function lastQuarters(month: string, n: number): string[] {
  let y = Number(month.slice(0, 4));
  let q = Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`${y}-Q${q}`);
    if (--q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}
