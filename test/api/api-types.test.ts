import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { offlineApiDocument } from '../../engine/api/document.js';
import { UI_API_TYPES_FILE, uiApiTypes } from '../../engine/api/ui-types.js';
import { harness, type Harness } from './helpers.js';

describe("API: the UI's types generated from the OpenAPI document", () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  it('builds offline the very document the server serves', async () => {
    const served = (await h.http().get('/api/openapi.json')).body;
    expect(JSON.parse(JSON.stringify(offlineApiDocument()))).to.deep.equal(served);
  });

  it('ui/src/api-schema.d.ts is what the document generates today (else: npm run gen:api-types)', async function () {
    // generating and formatting 14,000 lines takes seconds on a busy machine
    this.timeout(120_000);
    const committed = await readFile(UI_API_TYPES_FILE, 'utf8');
    const generated = await uiApiTypes();
    // the first differing line, so a failure says what changed
    const a = committed.split('\n');
    const b = generated.split('\n');
    let at = 0;
    while (at < Math.max(a.length, b.length) && a[at] === b[at]) at++;
    expect(
      committed === generated,
      `ui/src/api-schema.d.ts is stale (line ${at + 1}: ${JSON.stringify(a[at])} vs ${JSON.stringify(b[at])}): run npm run gen:api-types`,
    ).to.equal(true);
  });

  it('types the resources from their response schemas, not as empty objects', async () => {
    const text = await readFile(UI_API_TYPES_FILE, 'utf8');
    for (const name of ['Task', 'InstanceSummary', 'Notification', 'Me', 'Unit', 'DefinitionListItem'])
      expect(text, name).to.match(new RegExp(`\\n {4}${name}: \\{\\n`));
    expect(text).to.not.match(/\n {4}\w+: Record<string, never>;/);
  });
});
