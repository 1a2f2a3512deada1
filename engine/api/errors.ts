// The single error handler of the HTTP API: domain errors become 4xx JSON bodies, body-parser failures
// become 400/413/415, and anything unexpected is logged and answered with a bare 500 (never a stack).
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import { DeploymentError, type DeployError, type DeployWarning } from '../model/types.js';
import { InstanceNotFound } from '../queue/runner.js';
import { CommandError } from '../runtime/transition.js';

export interface Detail {
  path: string;
  message: string;
  /** stable code of the problem where it has one (deploy problems: unknown-role, unknown-form, ...) */
  code?: string;
  params?: Record<string, unknown>;
}

/** A deploy problem as an API detail: path = the element id, with its code and params when it has them. */
export function deployDetail(d: DeployError): Detail {
  return {
    path: d.elementId,
    message: d.message,
    ...(d.code ? { code: d.code } : {}),
    ...(d.params ? { params: d.params } : {}),
  };
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
    readonly code?: string,
    /** the values the code's message needs (field, character …) */
    readonly params?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** An HttpError with a stable `code` and its `params`, answered as `{error, code, params, details?}`. */
export const codedError = (
  status: number,
  code: string,
  message: string,
  params: Record<string, unknown> = {},
  details?: Detail[],
) => new HttpError(status, message, details, code, params);

export const notFound = (what = 'not found') => new HttpError(404, what);
export const badRequest = (message: string, details: Detail[] = []) => new HttpError(400, message, details);
export const conflict = (message: string) => new HttpError(409, message);
export const unauthorized = (message = 'authentication required') => new HttpError(401, message);

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

/** Maps any thrown value to [status, body]. Exported for unit tests. */
export interface ErrorBody {
  error: string;
  code?: string;
  params?: Record<string, unknown>;
  details?: Detail[];
}

export function toResponse(err: unknown): [number, ErrorBody] | null {
  if (err instanceof HttpError) {
    const body: ErrorBody = { error: err.message };
    if (err.code) {
      body.code = err.code;
      body.params = err.params ?? {};
    }
    if (err.details) body.details = err.details;
    return [err.status, body];
  }
  if (err instanceof CommandError) {
    const status = COMMAND_STATUS[err.code];
    if (status === 404) return [404, { error: err.message }];
    return [
      status,
      { error: err.message, ...(err.reason ? { code: err.reason } : {}), details: err.details },
    ];
  }
  if (err instanceof DeploymentError) {
    return [
      400,
      {
        error: 'invalid process definition',
        details: err.details.map(deployDetail),
      },
    ];
  }
  if (err instanceof InstanceNotFound) return [404, { error: 'instance not found' }];
  const e = err as BodyParserError;
  switch (e?.type) {
    case 'entity.parse.failed':
      return [
        400,
        { error: 'malformed JSON body', details: [{ path: '/', message: e.message ?? 'parse error' }] },
      ];
    case 'entity.too.large':
      return [413, { error: 'request body too large' }];
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return [415, { error: 'unsupported content encoding or charset' }];
    case 'entity.verify.failed':
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return [400, { error: 'bad request body' }];
    default:
      break;
  }
  if (err instanceof URIError) {
    // express could not decode a path parameter (e.g. /api/tasks/%ZZ)
    return [
      400,
      {
        error: 'malformed percent-encoding in the URL',
        details: [{ path: '/', message: err.message || 'cannot decode the URL' }],
      },
    ];
  }
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    // zlib could not inflate a gzip/deflate/br body
    return [
      400,
      {
        error: 'invalid compressed request body',
        details: [{ path: '/', message: e.message ?? 'cannot decompress the body' }],
      },
    ];
  }
  const status = typeof e?.status === 'number' ? e.status : (e as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // a client error from express or body-parser (e.g. a corrupt gzip body): its message only when it
    // is meant to be shown
    const message = (e.expose && e.message) || (status === 400 ? 'bad request' : 'request refused');
    return [
      status,
      status === 400 ? { error: message, details: [{ path: '/', message }] } : { error: message },
    ];
  }
  return null;
}

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
    res.status(500).json({ error: 'internal error' });
  };
}

/** JSON 404 for unknown API paths. */
export const apiNotFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: 'not found' });
};
