// When the daily history cleanup runs: HISTORY_CLEANUP_CRON, a five-field cron pattern read in the business
// time zone (TZ_BUSINESS). The default, 02:00, is the quiet hour of a grid centre; `off` schedules nothing
// (an admin can still run it with POST /api/admin/history-cleanup).

export const DEFAULT_CLEANUP_CRON = '0 2 * * *';

/** The cron pattern to schedule, or undefined for `off`/`none`/`false`. */
export function cleanupCron(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return DEFAULT_CLEANUP_CRON;
  if (/^(off|none|false|0)$/i.test(v)) return undefined;
  return v;
}
