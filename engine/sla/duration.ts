// ISO-8601 durations (P5D, PT4H, P1W, P1DT2H30M) parsed with luxon, with the checks luxon leaves out:
// it accepts 'P', 'PT', 'P1DT' (nothing after T) and negative components ('-P1D', 'P-1D').
import { Duration } from 'luxon';

/** Parses an ISO-8601 duration; throws an Error naming the input when it is not a usable duration. */
export function parseIsoDuration(iso: string): Duration {
  if (typeof iso !== 'string')
    throw new Error(`invalid ISO-8601 duration ${JSON.stringify(iso)}: not a string`);
  const text = iso.trim();
  const bad = (why: string) => new Error(`invalid ISO-8601 duration "${iso}": ${why}`);
  if (!text) throw bad('empty');
  if (text.includes('-')) throw bad('negative durations are not allowed');
  if (!/^P/.test(text)) throw bad('must start with "P" (e.g. P5D, PT4H)');
  if (!/\d/.test(text)) throw bad('no components (e.g. P5D, PT4H)');
  if (/T$/.test(text)) throw bad('"T" must be followed by hours, minutes or seconds (e.g. PT4H)');
  const d = Duration.fromISO(text);
  if (!d.isValid) throw bad('expected e.g. P5D, PT4H, P1W or P1DT2H30M');
  const values = Object.values(d.toObject()) as number[];
  if (values.some((v) => !Number.isFinite(v) || v < 0))
    throw bad('components must be finite and not negative');
  return d;
}

export function isValidIsoDuration(iso: string): boolean {
  try {
    parseIsoDuration(iso);
    return true;
  } catch {
    return false;
  }
}
