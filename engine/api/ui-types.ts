// The UI's API types (ui/src/api-schema.d.ts), generated from the OpenAPI document the server serves: the
// document is built in-process (document.ts), turned into TypeScript by openapi-typescript and formatted
// as the repository is. Development only (openapi-typescript and prettier are dev dependencies): run by
// `npm run gen:api-types` (workers/gen-api-types.ts) and by test/api/api-types.test.ts, which fails when
// the committed file differs from what the document says today.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import * as prettier from 'prettier';
import { offlineApiDocument } from './document.js';

/** Where the generated types live (the UI imports them as `../api-schema`). */
export const UI_API_TYPES_FILE = fileURLToPath(new URL('../../ui/src/api-schema.d.ts', import.meta.url));

const HEADER =
  '// Generated from the OpenAPI document (engine/api/openapi.ts, responses.ts) by `npm run gen:api-types`.\n' +
  '// Do not edit: change the response schemas and run it again (test/api/api-types.test.ts checks it).\n';

/** The text of ui/src/api-schema.d.ts for today's document. */
export async function uiApiTypes(): Promise<string> {
  const ast = await openapiTS(offlineApiDocument() as unknown as OpenAPI3, {
    silent: true,
    emptyObjectsUnknown: true,
  });
  const options = (await prettier.resolveConfig(UI_API_TYPES_FILE)) ?? {};
  return prettier.format(HEADER + astToString(ast), {
    ...options,
    filepath: path.resolve(UI_API_TYPES_FILE),
  });
}
