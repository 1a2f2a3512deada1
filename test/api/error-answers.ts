// What every error answer of the API must be, checked on each one the API tests provoke (helpers.ts hooks it
// into the test server, so the whole suite enforces it): the documented body `{error: {code, params, message,
// details?}}` (the OpenAPI schemas themselves: a listed code, params an object, coded details), the message
// the English text of the code, and the answer as the UI words it (ui/src/apiError.ts) free of the other
// language: no Chinese sentence in an English session, no English sentence in a Chinese one. Names and
// other values the params carry are data, not sentences, and are set aside before looking (but a `message`
// param is a sentence of the server's).
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { ERROR_SCHEMAS } from '../../engine/api/openapi.js';
import { messageOf, type ErrorCode } from '../../engine/error-codes.js';
import { apiErrorOf, describeError } from '../../ui/src/apiError.js';
import { langStore } from '../../ui/src/i18n/index.js';

const CJK = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/;
/** Chinese sentence punctuation */
const CJK_SENTENCE = /[，。；！？：]/;

/**
 * Chinese prose rather than a name or an English sentence naming a Chinese term ("only 不满意 reopens a
 * case"): Chinese punctuation, or more Chinese characters than Latin letters in a longer text.
 */
function chineseSentence(text: string): boolean {
  if (!CJK.test(text)) return false;
  if (CJK_SENTENCE.test(text)) return true;
  const han = text.match(new RegExp(CJK.source, 'g'))?.length ?? 0;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  return han >= 8 && han > latin;
}
/** three English words in a row */
const ENGLISH_RUN = /[A-Za-z]{2,}(?:[ ,'’-]+[A-Za-z]{2,}){2,}/;

let validate: ValidateFunction | undefined;
/** The OpenAPI document's own Error schema, compiled once. */
function errorSchema(): ValidateFunction {
  if (!validate) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'doc', components: { schemas: ERROR_SCHEMAS } });
    validate = ajv.compile({ $ref: 'doc#/components/schemas/Error' });
  }
  return validate;
}

/** Every string the params hold, nested ones too (a cause's params, lists). */
function paramStrings(value: unknown, out: Array<{ key: string; text: string }> = [], key = ''): typeof out {
  if (typeof value === 'string') out.push({ key, text: value });
  else if (typeof value === 'number') out.push({ key, text: String(value) });
  else if (Array.isArray(value)) for (const v of value) paramStrings(v, out, key);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paramStrings(v, out, k);
  return out;
}

/** The text with the params' values taken out (longest first, so a value inside another goes too). */
function withoutValues(text: string, values: string[]): string {
  let out = text;
  for (const v of [...values].sort((a, b) => b.length - a.length)) if (v) out = out.split(v).join(' ');
  return out;
}

/** The UI's one-line text of this answer in `lang`. */
function worded(status: number, body: unknown, lang: 'zh' | 'en'): string {
  const before = langStore.get();
  langStore.set(lang);
  try {
    return describeError(apiErrorOf(status, '', body));
  } finally {
    langStore.set(before);
  }
}

/** What is wrong with an error answer (status ≥ 400, parsed JSON body); empty when nothing is. */
export function errorAnswerProblems(status: number, body: unknown): string[] {
  const check = errorSchema();
  if (!check(body))
    return [
      `not the documented error body: ${check.errors?.map((e) => `${e.instancePath} ${e.message}`).join('; ')}`,
    ];
  const error = (body as { error: { code: ErrorCode; params: Record<string, unknown>; message: string } })
    .error;
  const details = (body as { error: { details?: Array<{ params?: unknown }> } }).error.details ?? [];
  const problems: string[] = [];
  if (error.message !== messageOf(error.code, error.params))
    problems.push(`message ${JSON.stringify(error.message)} is not the English text of ${error.code}`);
  const values = paramStrings([error.params, ...details.map((d) => d.params ?? {})]);
  for (const v of values)
    if (chineseSentence(v.text)) problems.push(`a Chinese sentence in params.${v.key}: ${v.text}`);
  // a `message` param is the server's own sentence (deploy.problem's fallback): never data
  const texts = values.filter((v) => v.key !== 'message').map((v) => v.text);
  let en: string, zh: string;
  try {
    en = worded(status, body, 'en');
    zh = worded(status, body, 'zh');
  } catch (err) {
    return [...problems, `the UI cannot word it: ${(err as Error).message}`];
  }
  if (CJK.test(withoutValues(en, texts))) problems.push(`Chinese in the English session: ${en}`);
  const english = ENGLISH_RUN.exec(withoutValues(zh, texts));
  if (english) problems.push(`English "${english[0]}" in the Chinese session: ${zh}`);
  return problems;
}
