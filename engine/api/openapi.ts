// The OpenAPI 3.1 document, generated from the operations mounted with op() and the very ajv schemas the
// API validates with (validation.ts), so documentation and checks are one source.
import type { OpSpec } from './context.js';
import { DETAIL_CODES, ERROR_CODES } from '../error-codes.js';
import { NOTIFICATION_TYPES } from '../notifications/messages.js';
import { RESPONSE_SCHEMAS, responseOf } from './responses.js';
import { bodySchemas, querySchemas, type JsonSchema } from './validation.js';

/** `code` — text, one per line, for the description of a code enum. */
const codeList = (table: Record<string, string>) =>
  'Codes: ' +
  Object.entries(table)
    .map(([code, text]) => `\`${code}\` (${text})`)
    .join('; ');

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted, still being applied',
  204: 'No content',
  400: 'Invalid input: `{error: {code, params, message, details: [{path, message, code, params}]}}`',
  401: 'Missing, expired or invalid token',
  403: 'Refused for this user now (`password-change-required`: change the initial password first)',
  404: "Not found or outside the caller's jurisdiction",
  409: 'Conflict with the current state',
  413: 'Body too large (JSON 1 MB, XML 2 MB, uploads ATTACHMENT_MAX_BYTES)',
  415: 'Unsupported Content-Type',
  429: 'Too many attempts',
  500: 'Internal error (`error.code: internal`, no details)',
};

/** Every error status of every operation answers this one response (its description says what the status means). */
const errorResponse = (status: number) => ({
  $ref: '#/components/responses/Error',
  description: STATUS_TEXT[status] ?? 'Error',
});

/** The error statuses an operation may answer: by what it takes (a caller, a body) and what it declares. */
function errorStatuses(o: OpSpec): number[] {
  const statuses = new Set([400, 404, 500, ...(o.refuses ?? [])]);
  // a signed-in caller: a bad token, and a user who must change the initial password first
  if (o.auth !== 'public') statuses.add(401).add(403);
  // any request with a body: too large, of the wrong type (a body where none is taken included)
  if (o.method !== 'get') statuses.add(409).add(413).add(415);
  return [...statuses].sort();
}

/** The error body and its details, as components.schemas of the document. */
export const ERROR_SCHEMAS = {
  Error: {
    type: 'object',
    required: ['error'],
    description:
      'Every error answer. Clients switch on `error.code` and word it themselves from `error.params` (the UI ' +
      'has zh and en text for every code); `error.message` is the English text of the code, for logs and people ' +
      'only. A few answers carry data beside it (404 of GET /api/locate: `grid`, `path`, `within`).',
    properties: {
      error: {
        type: 'object',
        required: ['code', 'params', 'message'],
        additionalProperties: false,
        properties: {
          code: { type: 'string', enum: Object.keys(ERROR_CODES), description: codeList(ERROR_CODES) },
          params: {
            type: 'object',
            description: 'the values the code names (field, taskId, status, unit, limit, retryAfterS …)',
          },
          message: {
            type: 'string',
            description: 'English text of the code with its params filled in (never parse it)',
          },
          details: {
            type: 'array',
            description: 'one entry per field or BPMN element with a problem',
            items: { $ref: '#/components/schemas/ErrorDetail' },
          },
        },
      },
    },
  },
  ErrorDetail: {
    type: 'object',
    required: ['path', 'message', 'code', 'params'],
    description: 'One problem of a request field or of a BPMN element',
    properties: {
      path: { type: 'string', description: 'JSON pointer of the field, or the BPMN element id' },
      message: { type: 'string', description: 'English text (never parse it)' },
      code: {
        type: 'string',
        enum: [...new Set([...Object.keys(DETAIL_CODES), ...Object.keys(ERROR_CODES)])],
        description:
          '`field.<ajv keyword>` for a field (params.field names it, with limit/allowed/type/format), ' +
          'a deploy problem code for a BPMN element (a nested reason as params.cause {code, params}, ' +
          'an escalation rung as params.step); `deploy.problem` (params.message) only as the fallback ' +
          'for an unexpected uncoded problem. ' +
          codeList(DETAIL_CODES),
      },
      params: { type: 'object' },
    },
  },
} satisfies Record<string, JsonSchema>;

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
    // the body's schema (responses.ts); none documented: no content, which test/api/ops.test.ts refuses
    const schema = responseOf(o);
    responses[String(ok)] = {
      description: STATUS_TEXT[ok] ?? 'OK',
      ...(schema ? { content: { [o.produces ?? 'application/json']: { schema } } } : {}),
    };
    for (const s of errorStatuses(o)) responses[String(s)] = errorResponse(s);
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
        'Errors are `{error: {code, params, message, details?: [{path, message, code, params}]}}` ' +
        '(components.responses.Error; components.schemas.Error lists every code); lists are `{items, total, page, pageSize}` ' +
        '(the history of a case: `{items, total, cursor, limit}`).',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(ops.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      responses: {
        Error: {
          description: 'An error (the status says which kind)',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        queryToken: { type: 'apiKey', in: 'query', name: 'token' },
      },
      schemas: {
        ...Object.fromEntries(Object.entries(bodySchemas).filter(([k]) => k !== 'EmptyBody')),
        // the success bodies of the resources (responses.ts)
        ...RESPONSE_SCHEMAS,
        ...ERROR_SCHEMAS,
        NotificationMessage: {
          type: 'object',
          required: ['type', 'params'],
          description:
            'What a notification (and each of its items) says, as `message: {type, params}`; `title`/`body` keep ' +
            'the Chinese sentence for channels and for notifications stored before types existed.',
          properties: {
            type: {
              type: 'string',
              enum: Object.keys(NOTIFICATION_TYPES),
              description: codeList(NOTIFICATION_TYPES),
            },
            params: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
          },
        },
      },
    },
  };
}
