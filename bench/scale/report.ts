// Results of the scale benchmark: bench/results/scale.json (one entry per store and size, a new run replacing
// the entry of the same store and closed-case count) and a markdown table against the targets of issue 12,
// where each measure must also stay within 2× from the smallest to the largest size of its store.
import { readFile, writeFile } from 'node:fs/promises';

export interface ScaleEntry {
  store: string;
  closed: number;
  open: number;
  readyMs: number;
  rssMb: number;
  inboxP95Ms: number;
  inboxSupervisorP95Ms: number;
  searchP95Ms: number;
  statsMonthP95Ms: number;
  statsYearP95Ms: number;
  completeP95Ms: number;
  maxStallMs: number;
  machine: string;
  at: string;
  /** how the data was made and how long it took (not compared against targets) */
  detail?: Record<string, unknown>;
}

type Measure = Exclude<keyof ScaleEntry, 'store' | 'closed' | 'open' | 'machine' | 'at' | 'detail'>;

/** Upper bounds per measure (ms, or MB for rssMb); the inbox target covers both inboxes. */
export const TARGETS: Array<{ key: Measure; label: string; max: number; unit: string }> = [
  { key: 'readyMs', label: 'ready', max: 5000, unit: 'ms' },
  { key: 'rssMb', label: 'RSS', max: 1024, unit: 'MB' },
  { key: 'inboxP95Ms', label: 'inbox p95 (grid worker)', max: 50, unit: 'ms' },
  { key: 'inboxSupervisorP95Ms', label: 'inbox p95 (district supervisor)', max: 50, unit: 'ms' },
  { key: 'searchP95Ms', label: 'search p95', max: 150, unit: 'ms' },
  { key: 'statsMonthP95Ms', label: 'stats 30 days p95', max: 300, unit: 'ms' },
  { key: 'statsYearP95Ms', label: 'stats year p95', max: 300, unit: 'ms' },
  { key: 'completeP95Ms', label: 'complete p95', max: 50, unit: 'ms' },
  { key: 'maxStallMs', label: 'longest stall', max: 100, unit: 'ms' },
];

export async function readResults(file: string): Promise<ScaleEntry[]> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as ScaleEntry[];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export function merge(existing: ScaleEntry[], fresh: ScaleEntry[]): ScaleEntry[] {
  const key = (e: ScaleEntry) => `${e.store}/${e.closed}`;
  const byKey = new Map(existing.map((e) => [key(e), e]));
  for (const e of fresh) byKey.set(key(e), e);
  return [...byKey.values()].sort((a, b) => a.store.localeCompare(b.store) || a.closed - b.closed);
}

export async function writeResults(file: string, entries: ScaleEntry[]): Promise<void> {
  await writeFile(file, JSON.stringify(entries, null, 2) + '\n');
}

const PASS = 'PASS';
const FAIL = 'FAIL';

/**
 * One row per store and measure: the value at each size with PASS/FAIL against its target, and whether the
 * largest size stays within 2× of the smallest (n/a with a single size).
 */
export function table(entries: ScaleEntry[]): string {
  const lines: string[] = [];
  for (const store of [...new Set(entries.map((e) => e.store))]) {
    const rows = entries.filter((e) => e.store === store).sort((a, b) => a.closed - b.closed);
    const sizes = rows.map((e) => `${e.closed / 1000}k closed + ${e.open / 1000}k open`);
    lines.push(`### ${store}`, '');
    lines.push(`| measure | target | ${sizes.join(' | ')} | ≤ 2× smallest → largest |`);
    lines.push(`|---|---|${sizes.map(() => '---|').join('')}---|`);
    for (const t of TARGETS) {
      const cells = rows.map((e) => {
        const v = e[t.key];
        return Number.isFinite(v) ? `${v} ${v <= t.max ? PASS : FAIL}` : 'n/a';
      });
      const first = rows[0][t.key];
      const last = rows[rows.length - 1][t.key];
      const growth =
        rows.length < 2 || !Number.isFinite(first) || !Number.isFinite(last)
          ? 'n/a'
          : `${Math.round((last / first) * 100) / 100}× ${last <= 2 * first ? PASS : FAIL}`;
      lines.push(`| ${t.label} | ≤ ${t.max} ${t.unit} | ${cells.join(' | ')} | ${growth} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
