// The migration plans shipped with the bundled processes (processes/migrations/<key>.json): how running
// cases of a version shipped earlier move to the version of the current bundled file. A plan names its old
// version by the canonical hash of the shipped XML (and the raw sha256, which versions deployed before
// canonical hashes were kept carry), and its new version by the bundled file: it is offered for a pair of
// versions only when the source's stored hash is the plan's and the target's is the bundled file's, so a
// version an admin changed in the modeler is never taken for the one the plan was written for.
// A file holds one plan, or several from successive shipped versions to the same bundled file:
// `{definitionKey, to, plans: [{title, from, mapping, enter, notes}, …]}` — each a plan of its own.
// Nothing here runs a migration: an admin runs the plan (dry run first) at /admin/migrations.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { canonicalHash } from '../model/canonical-hash.js';
import type { DefinitionDoc } from '../model/repository.js';
import type { MigrationMapping } from '../runtime/migration.js';

export interface ShippedPlanFile {
  definitionKey: string;
  title?: string;
  from: { hash: string; rawHash?: string; fixture?: string; description?: string };
  /** the bundled file (in the processes directory) the plan moves cases to */
  to: { file: string };
  mapping: MigrationMapping;
  enter?: string[];
  /** per old element id (or flow id): why it maps where it does, the legal step it now belongs to */
  notes?: Record<string, string>;
}

/** A shipped plan as the migrations page gets it, for one pair of versions. */
export interface ShippedPlan {
  file: string;
  title?: string;
  mapping: MigrationMapping;
  enter: string[];
  notes: Record<string, string>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The plans of a file: its one plan, or each of its `plans` with the file's definitionKey and target. The
 * shape is checked when read (a broken file is reported, not half-used).
 */
export function parseShippedPlans(text: string, file: string): ShippedPlanFile[] {
  const p = JSON.parse(text) as unknown;
  if (!isRecord(p) || !Array.isArray(p.plans)) return [parseShippedPlan(p, file)];
  if (!p.plans.length) throw new Error(`migration plan ${file}: plans is empty`);
  return p.plans.map((one: unknown, i) =>
    parseShippedPlan(
      isRecord(one) ? { definitionKey: p.definitionKey, to: p.to, ...one } : one,
      `${file} (plans[${i}])`,
    ),
  );
}

/** One plan's shape, checked when read. */
export function parseShippedPlan(p: unknown, file: string): ShippedPlanFile {
  const bad = (what: string) => new Error(`migration plan ${file}: ${what}`);
  if (!isRecord(p) || typeof p.definitionKey !== 'string') throw bad('definitionKey missing');
  if (!isRecord(p.from) || typeof p.from.hash !== 'string') throw bad('from.hash missing');
  if (!isRecord(p.to) || typeof p.to.file !== 'string') throw bad('to.file missing');
  if (!isRecord(p.mapping)) throw bad('mapping missing');
  for (const [k, v] of Object.entries(p.mapping))
    if (v !== null && typeof v !== 'string') throw bad(`mapping.${k} is neither an id nor null`);
  if (p.enter !== undefined && (!Array.isArray(p.enter) || p.enter.some((x) => typeof x !== 'string')))
    throw bad('enter must list element ids');
  return p as unknown as ShippedPlanFile;
}

export class ShippedPlans {
  private plans?: Promise<Array<{ name: string; plan: ShippedPlanFile }>>;
  private readonly targetHashes = new Map<string, Promise<{ hash: string; rawHash: string }>>();

  /** `processesDir`: the bundled processes; the plans are in its `migrations` folder. */
  constructor(private readonly processesDir: string) {}

  private load() {
    this.plans ??= (async () => {
      const dir = path.join(this.processesDir, 'migrations');
      const names = (await readdir(dir).catch(() => [] as string[]))
        .filter((f) => f.endsWith('.json'))
        .sort();
      const files = await Promise.all(
        names.map(async (name) =>
          parseShippedPlans(await readFile(path.join(dir, name), 'utf8'), name).map((plan) => ({
            name,
            plan,
          })),
        ),
      );
      return files.flat();
    })();
    return this.plans;
  }

  private targetHash(file: string) {
    let h = this.targetHashes.get(file);
    if (!h) {
      h = readFile(path.join(this.processesDir, file), 'utf8').then(async (xml) => ({
        hash: await canonicalHash(xml),
        rawHash: createHash('sha256').update(xml).digest('hex'),
      }));
      this.targetHashes.set(file, h);
    }
    return h;
  }

  /** Every plan, with the file it is in (a file may hold several). */
  async all(): Promise<Array<{ name: string; plan: ShippedPlanFile }>> {
    return this.load();
  }

  /** The shipped plan from `source` to `target` (two versions of one key), or null when none fits them. */
  async forVersions(source: DefinitionDoc, target: DefinitionDoc): Promise<ShippedPlan | null> {
    if (source.key !== target.key) return null;
    for (const { name, plan } of await this.load()) {
      if (plan.definitionKey !== source.key) continue;
      if (source.hash !== plan.from.hash && source.hash !== plan.from.rawHash) continue;
      const to = await this.targetHash(plan.to.file);
      if (target.hash !== to.hash && target.hash !== to.rawHash) continue;
      return {
        file: `processes/migrations/${name}`,
        title: plan.title,
        mapping: plan.mapping,
        enter: plan.enter ?? [],
        notes: plan.notes ?? {},
      };
    }
    return null;
  }

  /** Whether a stored version is the old version of one of the key's plans. */
  async isPlanSource(doc: DefinitionDoc): Promise<boolean> {
    return (await this.load()).some(
      ({ plan }) =>
        plan.definitionKey === doc.key && (doc.hash === plan.from.hash || doc.hash === plan.from.rawHash),
    );
  }
}
