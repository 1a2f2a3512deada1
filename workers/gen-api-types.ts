// npm run gen:api-types: writes the UI's API types (ui/src/api-schema.d.ts) from the OpenAPI document,
// built in-process (no server, Redis or store needed). Run it after changing a route or a response schema.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UI_API_TYPES_FILE, uiApiTypes } from '../engine/api/ui-types.js';

await writeFile(UI_API_TYPES_FILE, await uiApiTypes());
console.log(`wrote ${path.relative(process.cwd(), UI_API_TYPES_FILE)}`);
