// Routes call the engine's domain services, never the store (eslint.config.js): a route module that
// imports the store, reaches for `.store` or names a collection fails `npm run lint`.
import { expect } from 'chai';
import { ESLint } from 'eslint';

describe('lint: the API reaches the store only through domain services', function () {
  this.timeout(60000);
  const eslint = new ESLint();
  const problems = async (code: string, filePath: string) =>
    (await eslint.lintText(code, { filePath }))[0].messages.map((m) => m.ruleId);

  it('refuses store imports, `.store` and collection() in engine/api', async () => {
    const code = [
      "import { openStore } from '../store/index.js';",
      "import { DuplicateKeyError } from '../store/types.js';",
      "import type { Engine } from '../engine.js';",
      'export const a = (engine: Engine) => engine.store.collection("tasks").count({});',
      'export const b = (db: { collection(n: string): unknown }) => db.collection("audit");',
      'export const c = [openStore, DuplicateKeyError];',
      '',
    ].join('\n');
    const found = await problems(code, 'engine/api/routes-example.ts');
    expect(found.filter((r) => r === '@typescript-eslint/no-restricted-imports')).to.have.length(2);
    // `.store`, the collection() call on it, and the one on `db`
    expect(found.filter((r) => r === 'no-restricted-syntax')).to.have.length(3);
  });

  it('allows type imports from the store and calls of domain services', async () => {
    const code = [
      "import type { Query } from '../store/types.js';",
      "import type { Engine } from '../engine.js';",
      'export const a = (engine: Engine, scope: Query | null) => engine.cases.hasTaskWithin("i1", scope);',
      '',
    ].join('\n');
    expect(await problems(code, 'engine/api/routes-example.ts')).to.deep.equal([]);
  });

  it('leaves the store to the modules below the API, each collection to its owner (collection-owners.json)', async () => {
    const code = [
      "import type { Store } from '../store/types.js';",
      "import { openStore } from '../store/index.js';",
      'export const a = (s: { store: Store }) => s.store.collection("tasks").count({});',
      'export const b = openStore;',
      '',
    ].join('\n');
    expect(await problems(code, 'engine/queue/task-repository.ts')).to.deep.equal([]);
    // below the API the store may be used, but `tasks` belongs to its repository
    expect(await problems(code, 'engine/cases/example.ts')).to.deep.equal(['local/collection-owner']);
  });
});
