// Helpers over the flat unit list (code, parent): tree building, subtree filtering, names.
import type { Unit } from '../types';

export interface UnitNode extends Unit {
  children: UnitNode[];
}

/** Flattens a tree answer or keeps a flat one (with parent codes). */
export function flattenUnits(list: Unit[]): Unit[] {
  const out: Unit[] = [];
  const walk = (u: Unit, parent?: string) => {
    out.push({ ...u, parent: u.parent ?? parent, children: undefined });
    for (const c of u.children ?? []) walk(c, u.code);
  };
  for (const u of list) walk(u);
  return out;
}

export function buildTree(list: Unit[]): UnitNode[] {
  const flat = flattenUnits(list);
  const nodes = new Map<string, UnitNode>(flat.map((u) => [u.code, { ...u, children: [] }]));
  const roots: UnitNode[] = [];
  for (const n of nodes.values()) {
    const p = n.parent ? nodes.get(n.parent) : undefined;
    if (p) p.children.push(n);
    else roots.push(n);
  }
  const sort = (l: UnitNode[]) => {
    l.sort((a, b) => a.code.localeCompare(b.code));
    l.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** The unit and its ancestors, innermost first. */
export function chainOf(list: Unit[], code: string): Unit[] {
  const byCode = new Map(flattenUnits(list).map((u) => [u.code, u]));
  const out: Unit[] = [];
  let u = byCode.get(code);
  while (u && !out.includes(u)) {
    out.push(u);
    u = u.parent ? byCode.get(u.parent) : undefined;
  }
  return out;
}

/** Units at or below any of `roots` (all units when roots is undefined). */
export function withinRoots(list: Unit[], roots: string[] | undefined): Unit[] {
  const flat = flattenUnits(list);
  if (!roots) return flat;
  return flat.filter((u) => chainOf(flat, u.code).some((a) => roots.includes(a.code)));
}
