// Process variables end up as fields of stored documents, and both stores (MongoDB, NeDB) refuse field
// names that start with '$' or contain '.'. Such names are refused up front, with their path, instead of
// failing half-way through a write.

const MAX_DEPTH = 32;

interface Detail {
  path: string;
  message: string;
  code: 'field.too-deep' | 'field.bad-name';
  params: Record<string, unknown>;
}

/** The problems with the field names in `value` (JSON-pointer paths under `base`); [] when storable. */
export function unstorableKeys(value: unknown, base: string, depth = 0): Detail[] {
  if (value === null || typeof value !== 'object') return [];
  if (depth > MAX_DEPTH)
    return [
      {
        path: base,
        message: `nested deeper than ${MAX_DEPTH} levels`,
        code: 'field.too-deep',
        params: { field: base.replace(/^\//, ''), limit: MAX_DEPTH },
      },
    ];
  const out: Detail[] = [];
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value);
  for (const [k, v] of entries) {
    const path = `${base}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!Array.isArray(value) && (k.startsWith('$') || k.includes('.') || k.includes('\0')))
      out.push({
        path,
        message: "field names must not start with '$' or contain '.'",
        code: 'field.bad-name',
        params: { field: path.replace(/^\//, '') },
      });
    else out.push(...unstorableKeys(v, path, depth + 1));
    if (out.length >= 20) break;
  }
  return out;
}
