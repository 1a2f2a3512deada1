// The OpenAPI 3.1 document, generated from the operations mounted with op() and the very ajv schemas the
// API validates with (validation.ts), so documentation and checks are one source.
import type { OpSpec } from './context.js';
import { bodySchemas, querySchemas, type JsonSchema } from './validation.js';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted, still being applied',
  204: 'No content',
  400: 'Invalid input: `{error, details:[{path, message}]}`',
  401: 'Missing, expired or invalid token',
  404: "Not found or outside the caller's jurisdiction",
  409: 'Conflict with the current state',
  413: 'Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES)',
  415: 'Unsupported Content-Type',
  429: 'Too many attempts',
};

const errorRef = { $ref: '#/components/schemas/Error' };

export function openApiDocument(ops: OpSpec[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const o of ops) {
    const full = `${o.mount ?? '/api'}${o.path}`.replace(/:([A-Za-z_]+)/g, '{$1}');
    const pathParams = [...o.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryParams = o.query
      ? Object.entries((querySchemas[o.query] as JsonSchema).properties as Record<string, JsonSchema>).map(
          ([name, schema]) => ({
            name,
            in: 'query',
            required: ((querySchemas[o.query!] as JsonSchema).required as string[]).includes(name),
            schema,
          }),
        )
      : [];
    const responses: Record<string, unknown> = {};
    const ok = o.status ?? 200;
    responses[String(ok)] = {
      description: STATUS_TEXT[ok] ?? 'OK',
      content: {
        [o.produces ?? 'application/json']: { schema: o.produces ? { type: 'string' } : { type: 'object' } },
      },
    };
    const errors = [400, 404];
    if (o.auth !== 'public') errors.push(401);
    if (o.method !== 'get') errors.push(409);
    if (o.body) errors.push(413, 415);
    if (o.path === '/auth/login') errors.push(429);
    for (const s of errors.sort())
      responses[String(s)] = {
        description: STATUS_TEXT[s],
        content: { 'application/json': { schema: errorRef } },
      };
    const operation: Record<string, unknown> = {
      operationId: `${o.method}${full.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: o.summary,
      ...(o.description ? { description: o.description } : {}),
      tags: [o.tag],
      parameters: [...pathParams, ...queryParams],
      responses,
      security:
        o.auth === 'public' ? [] : o.tokenInQuery ? [{ bearer: [] }, { queryToken: [] }] : [{ bearer: [] }],
      ...(o.auth === 'admin' ? { 'x-admin-only': true } : {}),
    };
    if (o.body === 'multipart') {
      operation.requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: {
                file: { type: 'string', format: 'binary', description: 'the file (one per request)' },
                taskId: { type: 'string', description: 'the step it is uploaded for (optional)' },
                field: { type: 'string', description: 'the form field it goes into (optional)' },
                requestId: {
                  type: 'string',
                  maxLength: 100,
                  description: 'makes a repeat of the same upload answer the first one (optional)',
                },
              },
            },
          },
        },
      };
    } else if (o.body === 'xml') {
      operation.requestBody = {
        required: true,
        content: {
          'application/xml': {
            schema: { type: 'string', description: 'BPMN 2.0 XML with grid: extensions' },
          },
          'text/xml': { schema: { type: 'string' } },
        },
      };
    } else if (o.body && o.body !== 'EmptyBody') {
      operation.requestBody = {
        required: ((bodySchemas[o.body] as JsonSchema).required as string[]).length > 0,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${o.body}` } } },
      };
    }
    (paths[full] ??= {})[o.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        "HTTP API of the grid workflow engine (网格流程引擎). Everything outside the caller's jurisdiction answers 404. " +
        'Errors are `{error, details?:[{path, message, code?, params?}]}`; lists are `{items, total, page, pageSize}` ' +
        '(the history of a case: `{items, total, cursor, limit}`).',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(ops.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        queryToken: { type: 'apiKey', in: 'query', name: 'token' },
      },
      schemas: {
        ...Object.fromEntries(Object.entries(bodySchemas).filter(([k]) => k !== 'EmptyBody')),
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'string' },
            code: {
              type: 'string',
              description:
                'stable code of the problem where it has one (clients switch on it, never on the message), e.g. ' +
                'return.window-closed, return.repeat-needs-supervisor, return.already-returned, ' +
                'extension.overdue, extension.no-sla, request.pending, request.decided, case.parked',
            },
            params: { type: 'object' },
            details: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  path: { type: 'string', description: 'JSON pointer of the field, or the BPMN element id' },
                  message: { type: 'string' },
                  code: {
                    type: 'string',
                    description:
                      'stable code where the problem has one: unknown-role, unknown-form, ' +
                      'candidate-roles-expression (deploy), invalid-parameter (query strings)',
                  },
                  params: { type: 'object', additionalProperties: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
  };
}
