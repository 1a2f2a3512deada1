// An API error as the UI holds it: read from the server's body `{error: {code, params, message, details?}}`
// (anything else, a proxy's error page or a network failure, keeps only its status and text) and worded in
// the UI language from its code. Pure (no fetch, no DOM): the API tests word every error answer through it.
import { t } from './i18n';
import { codeText, problemText } from './i18n/render';
import type { FieldError } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: FieldError[] = [],
    /** the server's stable error code, when it gave one (the message is then built here from params) */
    readonly code?: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The error of a failed answer from its status and parsed body: the server's `error` object when there is
 * one, else the body's text when it is short (a proxy's plain answer), else the status line.
 */
export function apiErrorOf(status: number, statusText: string, data: unknown): ApiError {
  const error = isObject(data) && isObject(data.error) ? data.error : undefined;
  if (error) {
    const details = Array.isArray(error.details) ? (error.details as FieldError[]) : [];
    const code = typeof error.code === 'string' ? error.code : undefined;
    const params = isObject(error.params) ? error.params : {};
    const message = typeof error.message === 'string' ? error.message : `HTTP ${status} ${statusText}`;
    return new ApiError(status, message, details, code, params);
  }
  const text = typeof data === 'string' && data.length < 300 ? data : `HTTP ${status} ${statusText}`;
  return new ApiError(status, text);
}

/**
 * A one-line text for an error in the UI language, from its code and params (never the server's English
 * prose, except for an answer without a code: a proxy's error page) and the codes of its first field details.
 */
export function describeError(err: unknown): string {
  if (!(err instanceof ApiError)) return String((err as Error)?.message ?? err);
  const head =
    (err.code && codeText(err.code, err.params)) ||
    (err.status === 0
      ? err.message
      : err.status >= 500
        ? t('error.server', { status: err.status })
        : t('error.http', { status: err.status }));
  const details = err.details
    // a coded answer: its details that say more than "this field is invalid"
    .filter((d) => !err.code || (d.code !== undefined && d.code !== 'field.invalid'))
    .slice(0, 3)
    .map((d) => problemText(d))
    .filter((text) => text && text !== head)
    .join(t('common.listSep'));
  return [head, details].filter(Boolean).join(' — ');
}
