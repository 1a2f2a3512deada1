// Refuses text that displays as something else: control characters (NUL, ESC, C1 …; line breaks and tabs
// only in multi-line text), bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069: "ABC\u202Efdp.exe"
// shows reversed), and lone surrogates (not text at all; stores and exports choke on them). Applied once to
// every JSON body and query string of the API by op() (context.ts), which mounts every operation, so no
// field can forget it.
// Answers 400 {code: 'unsafe-text', params: {field, reason, codePoint, in}}.
import type { RequestHandler } from 'express';
import { codedError } from './errors.js';

export type UnsafeReason = 'control' | 'bidi' | 'surrogate';

/**
 * Where line breaks and tabs are text: free-form values (process variables, form data, unit facts) and the
 * fields of multi-line prose, and the documents of a deployment bundle (BPMN XML, form schemas).
 */
const MULTI_LINE_CONTAINERS = new Set(['variables', 'data', 'info', 'forms']);
const MULTI_LINE_FIELDS = new Set([
  'content',
  'reason',
  'comment',
  'description',
  'remark',
  'note',
  'text',
  // BPMN XML in a deployment bundle (routes-definitions.ts POST /deployments)
  'bpmn',
]);

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The first unsafe character of `s`, or undefined. */
export function unsafeChar(
  s: string,
  multiLine: boolean,
): { reason: UnsafeReason; codePoint: string } | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let reason: UnsafeReason | undefined;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a proper pair
        continue;
      }
      reason = 'surrogate';
    } else if (c >= 0xdc00 && c <= 0xdfff) reason = 'surrogate';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      if (!(multiLine && (c === 0x0a || c === 0x0d || c === 0x09))) reason = 'control';
    } else if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) reason = 'bidi';
    if (reason) return { reason, codePoint: `U+${c.toString(16).toUpperCase().padStart(4, '0')}` };
  }
  return undefined;
}

/** The first unsafe string (or key) in a JSON value, as a JSON pointer. */
export function findUnsafeText(
  value: unknown,
  path = '',
  multiLine = false,
): { field: string; reason: UnsafeReason; codePoint: string } | undefined {
  if (typeof value === 'string') {
    const bad = unsafeChar(value, multiLine);
    return bad && { field: path || '/', ...bad };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findUnsafeText(value[i], `${path}/${i}`, multiLine);
      if (bad) return bad;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const field = `${path}/${escape(k)}`;
      const badKey = unsafeChar(k, false);
      if (badKey) return { field, ...badKey };
      const multi = multiLine || MULTI_LINE_CONTAINERS.has(k) || MULTI_LINE_FIELDS.has(k);
      const bad = findUnsafeText(v, field, multi);
      if (bad) return bad;
    }
  }
  return undefined;
}

/** Deepest nesting of a JSON body or query accepted: deeper is refused before anything walks it. */
export const MAX_JSON_DEPTH = 64;

/** Whether a parsed JSON value nests deeper than `limit` (iterative: no recursion to overflow). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Middleware: 400 unsafe-text for the first unsafe string in the query string or the JSON body. */
export const rejectUnsafeText: RequestHandler = (req, _res, next) => {
  for (const [where, value] of [
    ['query', req.query],
    ['body', req.body],
  ] as const)
    if (nestsDeeperThan(value, MAX_JSON_DEPTH))
      throw codedError(
        400,
        'too-deep',
        where === 'body' ? 'invalid request body' : 'invalid query parameters',
        { limit: MAX_JSON_DEPTH, in: where },
        [{ path: '/', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }],
      );
  const inQuery = findUnsafeText(req.query);
  if (inQuery) throw refusal(inQuery, 'query');
  // only parsed JSON: an XML body (BPMN) is a string here only after its own parser, below
  if (req.body !== undefined && typeof req.body === 'object') {
    const inBody = findUnsafeText(req.body);
    if (inBody) throw refusal(inBody, 'body');
  }
  next();
};

function refusal(bad: { field: string; reason: UnsafeReason; codePoint: string }, where: 'query' | 'body') {
  const message = `must not contain ${bad.reason === 'bidi' ? 'bidi control' : bad.reason === 'surrogate' ? 'lone surrogate' : 'control'} characters (${bad.codePoint})`;
  return codedError(
    400,
    'unsafe-text',
    where === 'body' ? 'invalid request body' : 'invalid query parameters',
    { field: bad.field, reason: bad.reason, codePoint: bad.codePoint, in: where },
    [{ path: bad.field, message }],
  );
}
