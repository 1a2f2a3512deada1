// Values as a data-change history record keeps them: small. The record says which fields changed and
// from what to what so a person can read it; the case variables hold the full values. Long texts are cut,
// long lists keep their first items and say how many more there were, deep structures are cut short — so
// a form with twenty photos or a long description does not copy kilobytes into every history record.
// Pure and deterministic (it runs inside transitions).

export const HISTORY_VALUE_LIMITS = { text: 200, items: 10, keys: 20, depth: 3 } as const;

/** `v` cut to the history's limits (unchanged when already within them). */
export function compactValue(v: unknown, depth = 0): unknown {
  const L = HISTORY_VALUE_LIMITS;
  if (typeof v === 'string') return [...v].length > L.text ? `${[...v].slice(0, L.text).join('')}…` : v;
  if (v === null || typeof v !== 'object') return v;
  if (depth >= L.depth) return '…';
  if (Array.isArray(v)) {
    const head = v.slice(0, L.items).map((x) => compactValue(x, depth + 1));
    return v.length > L.items ? [...head, `… +${v.length - L.items}`] : head;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [k, x] of entries.slice(0, L.keys)) out[k] = compactValue(x, depth + 1);
  if (entries.length > L.keys) out['…'] = `+${entries.length - L.keys}`;
  return out;
}
