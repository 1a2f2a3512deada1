// History time to live (Camunda's historyTimeToLive, removal-time strategy "end"): how long a case is kept
// after it ends. grid:historyTimeToLive on the process gives it per definition as an ISO-8601 duration in
// days (`P180D`); without one the engine default applies (HISTORY_TTL_DAYS), and without that a case is
// kept forever. When a case ends it gets `removalAt = endedAt + ttl`; the history cleanup removes the cases
// whose removalAt has passed (engine/retention/cleanup.ts).

const DAY_MS = 86_400_000;
/** a hundred years: longer is "forever" spelt as a number, and would overflow nothing but intent */
export const MAX_TTL_DAYS = 36_500;

/** Days of a `P<n>D` duration (whitespace around allowed), or undefined when it is not one. */
export function parseTtlDays(value: string): number | undefined {
  const m = /^P(\d{1,6})D$/.exec(value.trim());
  if (!m) return undefined;
  const days = Number(m[1]);
  return days <= MAX_TTL_DAYS ? days : undefined;
}

/** Why a grid:historyTimeToLive value is refused, or undefined when it is a valid time to live. */
export function checkTtl(value: string): string | undefined {
  if (parseTtlDays(value) !== undefined) return undefined;
  return `grid:historyTimeToLive "${value}" must be an ISO-8601 duration in whole days, P0D to P${MAX_TTL_DAYS}D (e.g. P180D)`;
}

/** HISTORY_TTL_DAYS: whole days, or undefined (unset or not a number: keep forever rather than guess). */
export function ttlDaysFromEnv(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,6}$/.test(value.trim())) return undefined;
  const days = Number(value.trim());
  return days <= MAX_TTL_DAYS ? days : undefined;
}

/** When a case that ended at `endedAt` is due for removal; undefined = kept forever. */
export function removalTime(endedAt: number, ttlDays: number | undefined): number | undefined {
  return ttlDays === undefined ? undefined : endedAt + ttlDays * DAY_MS;
}
