// ISO-8601 durations (as the engine accepts them for SLAs) and FEEL expressions ('=...').
const ISO = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

export const isIsoDuration = (v: string): boolean => ISO.test(v.trim());

/** An SLA value: ISO duration or a FEEL expression starting with '='. */
export function checkSla(v: string): 'ok' | 'empty' | 'bad' {
  const s = v.trim();
  if (!s) return 'empty';
  if (s.startsWith('=')) return s.length > 1 ? 'ok' : 'bad';
  return isIsoDuration(s) ? 'ok' : 'bad';
}
