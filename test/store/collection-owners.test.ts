// The owner map of the store's collections (engine/store/collection-owners.json) and the lint rule that holds
// every module outside engine/store to it (eslint-rules/collection-owner.js).
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { collectionOwner, readOwners } from '../../eslint-rules/collection-owner.js';
import { COLLECTIONS } from '../../engine/store/types.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('collection owners', () => {
  it('names one existing owner module for every collection, and no other name', () => {
    const owners: Record<string, string> = readOwners();
    expect(Object.keys(owners).sort()).to.deep.equal([...COLLECTIONS].sort());
    for (const [name, file] of Object.entries(owners)) {
      expect(fs.existsSync(path.join(ROOT, file)), `${name}: ${file}`).to.equal(true);
      // the owner does open it: a stale entry would let a collection drift to a module nobody checks
      expect(fs.readFileSync(path.join(ROOT, file), 'utf8'), `${name}: ${file}`).to.include(`'${name}')`);
    }
  });

  it('lets only the owner open a collection, by a literal name', () => {
    const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
    const owners = { units: 'engine/grid/org.ts', meta: 'engine/store/meta.ts' };
    const options = [{ owners, root: ROOT }];
    const at = (file: string) => path.join(ROOT, file);
    tester.run('collection-owner', collectionOwner, {
      valid: [
        { code: "store.collection<Unit>('units').find({})", filename: at('engine/grid/org.ts'), options },
        // other methods named differently are no business of the rule
        { code: "engine.collections('units')", filename: at('engine/bootstrap.ts'), options },
      ],
      invalid: [
        {
          code: "engine.store.collection('units').count({})",
          filename: at('engine/bootstrap.ts'),
          options,
          errors: [{ messageId: 'notOwner' }],
        },
        {
          code: "store.collection<Doc>('meta').findOne({ _id: 'roles' })",
          filename: at('engine/grid/org.ts'),
          options,
          errors: [{ messageId: 'notOwner' }],
        },
        {
          code: 'for (const c of names) store.collection(c).deleteMany({})',
          filename: at('engine/retention/cleanup.ts'),
          options,
          errors: [{ messageId: 'notLiteral' }],
        },
        {
          code: "store.collection('unitz')",
          filename: at('engine/grid/org.ts'),
          options,
          errors: [{ messageId: 'unknown' }],
        },
      ],
    });
  });
});
