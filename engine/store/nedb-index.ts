// NeDB keeps one index tree node per key value, holding every document with that value in an array, and
// removes a document from it (on every update or delete) by rebuilding the array with a callback per
// element. On a field shared by thousands of documents (a task's status, the grid path of every task in
// one district, every active instance) that made each update O(n) with a large constant: the largest share
// of CPU when 10,000 escalations fall due at once (bench/, --cpu-prof). Here a large array gets a map from
// document to position, and a removal moves the array's last document into the freed slot: O(1). The
// documents of one key are thus not kept in insertion order — nothing may rely on it (MongoDB does not
// keep one either; every ordered read sorts). Small arrays use indexOf + splice.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let installed = false;

interface TreeNode {
  key?: unknown;
  data: unknown[];
  left?: TreeNode | null;
  right?: TreeNode | null;
  compareKeys(a: unknown, b: unknown): number;
  checkValueEquality(a: unknown, b: unknown): boolean;
  delete(key: unknown, value?: unknown): TreeNode;
}

function find(root: TreeNode, key: unknown): TreeNode | null | undefined {
  let node: TreeNode | null | undefined = root;
  while (node) {
    const c = root.compareKeys(key, node.key);
    if (c === 0) return node;
    node = c < 0 ? node.left : node.right;
  }
  return node;
}

/** Arrays shorter than this are searched; longer ones get a position map. */
const MAPPED_FROM = 64;

/** Positions of data[0 .. mapped-1]; later elements were pushed by NeDB's insert since the last removal. */
interface Positions {
  of: Map<unknown, number>;
  mapped: number;
}
const positions = new WeakMap<unknown[], Positions>();

function removeFrom(data: unknown[], value: unknown): void {
  if (data.length < MAPPED_FROM && !positions.has(data)) {
    for (let i = data.indexOf(value); i !== -1; i = data.indexOf(value, i)) data.splice(i, 1);
    return;
  }
  let p = positions.get(data);
  if (!p) positions.set(data, (p = { of: new Map(), mapped: 0 }));
  // NeDB only appends (push) between removals: map the new tail
  for (; p.mapped < data.length; p.mapped++) p.of.set(data[p.mapped], p.mapped);
  const i = p.of.get(value);
  if (i === undefined) return;
  p.of.delete(value);
  const last = data.pop();
  p.mapped--;
  if (i < data.length) {
    data[i] = last;
    p.of.set(last, i);
  }
}

export function installFastIndexRemoval(): void {
  if (installed) return;
  installed = true;
  const { AVLTree } = require('@seald-io/binary-search-tree') as {
    AVLTree: new (o: object) => { tree: TreeNode };
  };
  const Index = require('@seald-io/nedb/lib/indexes.js') as new (o: object) => { tree: { tree: TreeNode } };
  // only valid while NeDB compares index values by reference, as it does today: check, else leave it alone
  const equality = String(new Index({ fieldName: 'x' }).tree.tree.checkValueEquality).replace(/\s/g, '');
  if (equality !== '(a,b)=>a===b') return;
  const proto = Object.getPrototypeOf(new AVLTree({}).tree) as TreeNode;
  const original = proto.delete;
  proto.delete = function (this: TreeNode, key: unknown, value?: unknown): TreeNode {
    if (value === undefined || !Object.prototype.hasOwnProperty.call(this, 'key'))
      return original.call(this, key, value);
    const node = find(this, key);
    // a missing key changes nothing; a node with a single document is removed by the original
    if (!node) return this;
    if (node.data.length <= 1) return original.call(this, key, value);
    removeFrom(node.data, value);
    return this;
  };
}
