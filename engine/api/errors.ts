// The single error handler of the HTTP API: domain errors become 4xx JSON bodies, body-parser failures
// become 400/413/415, and anything unexpected is logged and answered with a bare 500 (never a stack).
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import { DeploymentError, type DeployError, type DeployWarning } from '../model/types.js';
import { InstanceNotFound } from '../queue/runner.js';
import { CommandError } from '../runtime/transition.js';
import { messageOf, type DetailCode, type ErrorCode } from '../error-codes.js';

export interface Detail {
  path: string;
  message: string;
  /** stable code of the problem where it has one (deploy problems: unknown-role, unknown-form, ...) */
  code?: string;
  params?: Record<string, unknown>;
}

/**
 * A deploy problem as an API detail: path = the element id, with its code and params. Every rule gives its problem a code (the type requires one); a problem without one all the same
 * — plain data from outside the type checker — falls back to `deploy.problem` with its text as
 * `params.message`.
 */
export function deployDetail(d: DeployError): Detail {
  return d.code
    ? { path: d.elementId, message: d.message, code: d.code, params: d.params ?? { elementId: d.elementId } }
    : {
        path: d.elementId,
        message: d.message,
        code: 'deploy.problem',
        params: { elementId: d.elementId, message: d.message },
      };
}

/** A problem of a request field (`path` a JSON pointer) with its code; the message is the code's English. */
export function fieldDetail(path: string, code: DetailCode, params: Record<string, unknown> = {}): Detail {
  const all = { field: path.replace(/^\//, ''), ...params };
  return { path, message: messageOf(code, all), code, params: all };
}

/** Something a deploy left aside (another tool's metadata) as an API detail: like deployDetail. */
export function warningDetail(w: DeployWarning): Detail {
  return { path: w.elementId, message: w.message, code: w.code, params: w.params };
}

/** An error with an HTTP status that is safe to show to the caller. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Detail[],
    /** stable machine-readable code (clients switch on it, never on the message) */
    readonly code?: ErrorCode,
    /** the values the code's message needs (field, character …) */
    readonly params?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** An HttpError with a stable `code` and its `params`, answered as `{error: {code, params, message, details?}}`. */
export const codedError = (
  status: number,
  code: ErrorCode,
  message: string | undefined,
  params: Record<string, unknown> = {},
  details?: Detail[],
) => new HttpError(status, message ?? messageOf(code, params), details, code, params);

/** 404 with the code of what was not found (its English text as the message). */
export const notFound = (code: ErrorCode = 'not-found', params: Record<string, unknown> = {}) =>
  new HttpError(404, messageOf(code, params), undefined, code, params);
/** 400 with a code and the field details (each with its own code). */
export const badRequest = (code: ErrorCode, details: Detail[] = [], params: Record<string, unknown> = {}) =>
  new HttpError(400, messageOf(code, params), details, code, params);
export const conflict = (code: ErrorCode, params: Record<string, unknown> = {}, message?: string) =>
  new HttpError(409, message ?? messageOf(code, params), undefined, code, params);
export const unauthorized = (code: ErrorCode = 'auth.required') =>
  new HttpError(401, messageOf(code), undefined, code, {});

const COMMAND_STATUS: Record<CommandError['code'], number> = {
  conflict: 409,
  'not-found': 404,
  // outside the caller's reach looks exactly like absent (never 403)
  forbidden: 404,
  invalid: 400,
};

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

/** A detail without a code of its own: `field.invalid` naming the field, its text kept as `params.message`. */
const coded = (d: Detail): Detail =>
  d.code
    ? { ...d, params: d.params ?? {} }
    : { ...d, code: 'field.invalid', params: { field: d.path.replace(/^\//, ''), message: d.message } };

/** What went wrong, machine-readable: the code clients switch on, its params, its English text, field details. */
export interface ErrorInfo {
  code: ErrorCode;
  params: Record<string, unknown>;
  /** English text of the code (for logs and people reading the API by hand; clients word `code` themselves) */
  message: string;
  details?: Detail[];
}

/** The body of every API error: `{error: {code, params, message, details?}}`. */
export interface ErrorBody {
  error: ErrorInfo;
}

/**
 * The error body of a code. Its message is always the code's English text with the params filled in, never
 * the text an error was raised with (that stays in the logs): a client loses nothing by reading only the code.
 */
export const errorBody = (
  code: ErrorCode,
  params: Record<string, unknown> = {},
  details?: Detail[],
): ErrorBody => ({
  error: {
    code,
    params,
    message: messageOf(code, params),
    ...(details ? { details: details.map(coded) } : {}),
  },
});

/** Maps any thrown value to [status, body]. Exported for unit tests. */
export function toResponse(err: unknown): [number, ErrorBody] | null {
  if (err instanceof HttpError) {
    const code = (err.code ?? STATUS_CODES[err.status] ?? 'http.bad-request') as ErrorCode;
    return [err.status, errorBody(code, err.params ?? {}, err.details)];
  }
  if (err instanceof CommandError) {
    const status = COMMAND_STATUS[err.code];
    const code = (err.reason ?? STATUS_CODES[status]) as ErrorCode;
    if (status === 404) return [404, errorBody(code, err.params)];
    return [status, errorBody(code, err.params, err.details)];
  }
  if (err instanceof DeploymentError)
    return [400, errorBody('definition.invalid', {}, err.details.map(deployDetail))];
  if (err instanceof InstanceNotFound) return [404, errorBody('instance.not-found')];
  const e = err as BodyParserError;
  switch (e?.type) {
    case 'entity.parse.failed':
      return [
        400,
        errorBody('http.malformed-json', {}, [{ path: '/', message: e.message ?? 'parse error' }]),
      ];
    case 'entity.too.large':
      return [413, errorBody('http.too-large')];
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return [415, errorBody('http.unsupported-encoding')];
    case 'entity.verify.failed':
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return [400, errorBody('http.bad-body')];
    default:
      break;
  }
  if (err instanceof URIError) {
    // express could not decode a path parameter (e.g. /api/tasks/%ZZ)
    return [
      400,
      errorBody('http.malformed-url', {}, [{ path: '/', message: err.message || 'cannot decode the URL' }]),
    ];
  }
  const zlib = (e as { code?: unknown })?.code;
  if (typeof zlib === 'string' && zlib.startsWith('Z_')) {
    // zlib could not inflate a gzip/deflate/br body
    return [
      400,
      errorBody('http.bad-compression', {}, [
        { path: '/', message: e.message ?? 'cannot decompress the body' },
      ]),
    ];
  }
  const status = typeof e?.status === 'number' ? e.status : (e as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // a client error from express or body-parser (e.g. a corrupt gzip body): its message only when it
    // is meant to be shown
    const code = status === 400 ? 'http.bad-request' : 'http.refused';
    const message = (e.expose && e.message) || messageOf(code);
    return [status, errorBody(code, {}, status === 400 ? [{ path: '/', message }] : undefined)];
  }
  return null;
}

/** The code of an error raised without one, by its status. */
const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'http.bad-request',
  401: 'auth.required',
  404: 'not-found',
  409: 'http.refused',
  500: 'internal',
};

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const mapped = toResponse(err);
    if (mapped) {
      res.status(mapped[0]).json(mapped[1]);
      return;
    }
    log.error({ err, method: req.method, url: req.originalUrl }, 'unhandled API error');
    res.status(500).json(errorBody('internal'));
  };
}

/** JSON 404 for unknown API paths. */
export const apiNotFound: RequestHandler = (_req, res) => {
  res.status(404).json(errorBody('not-found'));
};
