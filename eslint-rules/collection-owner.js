// ESLint rule: every store collection is read and written by one owner module (engine/store/collection-owners.json),
// the domain repository of what it holds; every other module calls that repository's methods. So a query on
// `instances` or a marker in `meta` has one place to look for, one place to change when a store adapter
// changes, and collection names never spread across the code as strings.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OWNERS_FILE = 'engine/store/collection-owners.json';

/** collection name → the one file (relative to the project root, forward slashes) that may open it */
export function readOwners(root = ROOT) {
  return JSON.parse(fs.readFileSync(path.join(root, OWNERS_FILE), 'utf8')).owners;
}

function isCollectionCall(node) {
  const callee = node.callee;
  return (
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    callee.property.type === 'Identifier' &&
    callee.property.name === 'collection'
  );
}

/** @type {import('eslint').Rule.RuleModule} */
export const collectionOwner = {
  meta: {
    type: 'problem',
    docs: { description: 'a store collection is opened only by its owner repository' },
    schema: [
      {
        type: 'object',
        properties: { owners: { type: 'object', additionalProperties: { type: 'string' } }, root: { type: 'string' } },
        additionalProperties: false,
      },
    ],
    messages: {
      notLiteral: 'name the collection with a string literal, so that its owner can be checked',
      unknown: "'{{name}}' is no collection of engine/store (COLLECTIONS) with an owner in " + OWNERS_FILE,
      notOwner: "collection '{{name}}' belongs to {{owner}}: call a method of that repository (add one if missing)",
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const root = options.root ?? ROOT;
    const owners = options.owners ?? readOwners(root);
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    return {
      CallExpression(node) {
        if (!isCollectionCall(node)) return;
        const arg = node.arguments[0];
        if (!arg || arg.type !== 'Literal' || typeof arg.value !== 'string') {
          context.report({ node, messageId: 'notLiteral' });
          return;
        }
        const owner = Object.hasOwn(owners, arg.value) ? owners[arg.value] : undefined;
        if (!owner) context.report({ node: arg, messageId: 'unknown', data: { name: arg.value } });
        else if (owner !== file) context.report({ node: arg, messageId: 'notOwner', data: { name: arg.value, owner } });
      },
    };
  },
};

export default { rules: { 'collection-owner': collectionOwner } };
