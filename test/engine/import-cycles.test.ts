// No module of engine/ imports itself back through others (value imports; `import type` is erased and
// may go both ways, e.g. model/types ⇄ elements/registry). A cycle makes module evaluation order decide
// whether a binding is initialised yet: the registry of elements, read at load time, must never sit in one.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

function sources(dir: string, into: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) sources(p, into);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) into.push(p);
  }
  return into;
}

/** Strongly connected components with more than one module (Tarjan). */
function cycles(edges: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('engine modules: no import cycles', () => {
  it('finds none among the value imports of engine/', () => {
    const edges = new Map<string, string[]>();
    const files = sources('engine');
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const targets: string[] = [];
      for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'/gms)) {
        if (m[1]) continue;
        const target = normalize(join(dirname(f), m[2].replace(/\.js$/, '.ts')));
        if (existsSync(target)) targets.push(target);
      }
      edges.set(f, targets);
    }
    expect([...edges.values()].flat().length, 'imports parsed').to.be.greaterThan(300);
    expect(cycles(edges)).to.deep.equal([]);
  });

  it('would see one (the check is not vacuous)', () => {
    const edges = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(edges)).to.deep.equal([['a', 'b', 'c']]);
  });
});
