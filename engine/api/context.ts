// Shared plumbing of the route modules: the API context and `op()`, which mounts one operation with its
// content-type guard, authentication, unsafe-text check, schema validation and JSON response, and records
// it for OpenAPI.
import express, { type Request, type Response, type Router } from 'express';
import type { Redis } from 'ioredis';
import type { Engine } from '../engine.js';
import type { Logger } from '../logger.js';
import type { Principal } from './access.js';
import type { Auth } from './auth.js';
import { decodeXml, XmlEncodingError } from '../model/xml-encoding.js';
import { codedError } from './errors.js';
import { rejectUnsafeText } from './text-safety.js';
import { validateBody, validateQuery, type BodySchemaName, type QuerySchemaName } from './validation.js';

export const JSON_LIMIT = '1mb';
export const XML_LIMIT = '2mb';
export const XML_TYPES = ['application/xml', 'text/xml', 'application/bpmn+xml'];

export interface OpSpec {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** express path below /api, e.g. `/tasks/:id/claim` */
  path: string;
  summary: string;
  tag: string;
  description?: string;
  /** default: any signed-in user */
  auth?: 'public' | 'user' | 'admin';
  /** `multipart`: a file upload, parsed by a `pre` middleware (routes-attachments.ts) */
  body?: BodySchemaName | 'xml' | 'multipart';
  query?: QuerySchemaName;
  /** success status (default 200) */
  status?: number;
  /** the token may come in `?token=` (EventSource) */
  tokenInQuery?: boolean;
  /** the success response is not JSON */
  produces?: string;
  /** where the router is mounted (default `/api`) */
  mount?: string;
  /** extra middleware run before validation (e.g. a rate limiter) */
  pre?: express.RequestHandler[];
  /** error statuses it answers beyond those its auth, method and body imply (429 of a rate limiter …) */
  refuses?: number[];
}

export interface ApiContext {
  engine: Engine;
  auth: Auth;
  log: Logger;
  /** domain time (the engine's clock: due dates, overdue, periods) */
  now(): number;
  /** every mounted operation, for the OpenAPI document */
  ops: OpSpec[];
  /** publish a live event to the engine's event channel (all API processes) */
  publish(event: Record<string, unknown>): Promise<void>;
  /** the API's command connection to Redis (not for subscribing) */
  redis(): Redis;
}

export interface OpCall<B = any, Q = any> {
  req: Request;
  res: Response;
  user: Principal;
  body: B;
  query: Q;
  params: Record<string, string>;
}

export type OpHandler<B = any, Q = any> = (call: OpCall<B, Q>) => unknown;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A request body with content (an empty body, `Content-Length: 0`, counts as none: it means `{}`). */
export function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const len = Number(req.headers['content-length']);
  return Number.isFinite(len) && len > 0;
}
const xmlBytes = express.raw({ type: XML_TYPES, limit: XML_LIMIT });

/** The XML body as text, decoded by its byte order mark, charset parameter or declaration (xml-encoding.ts). */
const xmlText: express.RequestHandler = (req, _res, next) => {
  if (!Buffer.isBuffer(req.body)) return next();
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1];
  try {
    req.body = decodeXml(req.body, charset);
  } catch (err) {
    if (!(err instanceof XmlEncodingError)) throw err;
    const status = err.code === 'xml.encoding-unsupported' ? 415 : 400;
    throw codedError(status, err.code, err.message, { encoding: err.encoding });
  }
  next();
};

export function op<B = any, Q = any>(
  router: Router,
  ctx: ApiContext,
  spec: OpSpec,
  handler: OpHandler<B, Q>,
): void {
  ctx.ops.push(spec);
  const chain: express.RequestHandler[] = [
    (req, _res, next) => {
      if (!BODY_METHODS.has(req.method) || !hasBody(req)) return next();
      if (spec.body === 'xml') {
        if (!req.is(XML_TYPES))
          throw codedError(415, 'http.content-type', undefined, { expected: 'application/xml or text/xml' });
      } else if (spec.body === 'multipart') {
        if (!req.is('multipart/form-data'))
          throw codedError(415, 'http.content-type', undefined, { expected: 'multipart/form-data' });
      } else if (req.is('application/json') === false) {
        // a body of another type (no body at all is fine: it counts as {})
        throw codedError(415, 'http.content-type', undefined, { expected: 'application/json' });
      }
      next();
    },
  ];
  if (spec.auth !== 'public') {
    chain.push(ctx.auth.required({ admin: spec.auth === 'admin', query: spec.tokenInQuery }));
  }
  chain.push(...(spec.pre ?? []));
  // every JSON body and query string, after the content type and the caller are known (415/401 first)
  chain.push(rejectUnsafeText);
  if (spec.body === 'xml') chain.push(xmlBytes, xmlText);
  else if (spec.body === 'multipart') {
    // parsed and checked by the operation's own `pre` middleware
  } else if (spec.body) chain.push(validateBody(spec.body));
  else if (BODY_METHODS.has(spec.method.toUpperCase())) chain.push(validateBody('EmptyBody'));
  if (spec.query) chain.push(validateQuery(spec.query));
  router[spec.method](spec.path, ...chain, async (req: Request, res: Response) => {
    const out = await handler({
      req,
      res,
      user: res.locals.user as Principal,
      body: req.body as B,
      query: (res.locals.query ?? {}) as Q,
      params: req.params as Record<string, string>,
    });
    if (res.headersSent) return;
    if (out instanceof Reply) {
      res.status(out.status).json(out.body);
      return;
    }
    if (out === undefined) {
      res.status(204).end();
      return;
    }
    res.status(spec.status ?? 200).json(out);
  });
}

/** A handler result with a status other than the operation's default. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

export const reply = (status: number, body: unknown) => new Reply(status, body);

export interface Paging {
  page: number;
  pageSize: number;
  skip: number;
  limit: number;
}

export function paging(q: { page?: number; pageSize?: number }): Paging {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  return { page, pageSize, skip: (page - 1) * pageSize, limit: pageSize };
}

export function pageOf<T>(items: T[], total: number, p: Paging) {
  return { items, total, page: p.page, pageSize: p.pageSize };
}
