// How the SQL counting probes (bench/common/burst-probe.ts, bench/sql-count.ts) name a statement.

/** the SQL text with its variable-length lists folded, so one shape is one line */
export const sqlShape = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/\$\d+/g, '?')
    .replace(
      /(\(\?(?:::jsonb)?(?:, \?(?:::jsonb)?)*\))(?:, \(\?(?:::jsonb)?(?:, \?(?:::jsonb)?)*\))+/g,
      '$1, …',
    )
    .replace(/IN \(\?(?:, \?)+\)/g, 'IN (?, …)');
