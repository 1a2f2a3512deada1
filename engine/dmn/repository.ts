// Versioned decision definitions, stored like process definitions (engine/model/repository.ts): the key is
// the decision id; deploying a DMN document creates version n+1 of each of its decisions unless the document
// is the same as that decision's LATEST version (also when only re-serialised: canonical hash), which keeps
// that version. A document with several decisions (a decision and those it requires) is stored whole with
// each of them, so a version evaluates with exactly the required decisions it was deployed with.
import { createHash } from 'node:crypto';
import { isDuplicateKeyError, type Store } from '../store/types.js';
import { createDmnModdle, parseDecisions } from './parse.js';
import type { CompiledDecisionModel, HitPolicy } from './types.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface DecisionDoc {
  _id: string; // `${key}@${version}`
  key: string;
  version: number;
  name?: string;
  /** the decision table's hit policy (absent for a literal expression), for lists */
  hitPolicy?: HitPolicy;
  /** the whole DMN document */
  xml: string;
  /** canonicalDmnHash of the XML */
  hash: string;
  deployedAt: number;
  deployedBy: string;
}

export interface DecisionDeployment {
  key: string;
  version: number;
  name?: string;
  created: boolean;
}

export type DecisionSummary = Omit<DecisionDoc, '_id' | 'xml' | 'hash'>;

const SUMMARY_FIELDS = ['key', 'version', 'name', 'hitPolicy', 'deployedAt', 'deployedBy'] as const;

/** Hash of the document as dmn-moddle writes it back (re-indented or re-ordered attributes hash alike). */
export async function canonicalDmnHash(xml: string): Promise<string> {
  const moddle = createDmnModdle();
  const { rootElement } = await moddle.fromXML(xml, 'dmn:Definitions');
  const { xml: canonical } = await moddle.toXML(rootElement, { format: false });
  return sha256(canonical);
}

export class DecisionRepository {
  private cache = new Map<string, CompiledDecisionModel>();

  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<DecisionDoc>('decisions');
  }

  /** Parses and checks `xml` (DecisionDeploymentError), then stores a new version of each changed decision. */
  async deploy(xml: string, actor: string, now: number): Promise<DecisionDeployment[]> {
    const model = await parseDecisions(xml);
    const hash = await canonicalDmnHash(xml);
    const rawHash = sha256(xml);
    const out: DecisionDeployment[] = [];
    for (const decision of Object.values(model.decisions)) {
      out.push(
        await this.deployOne(decision.id, {
          name: decision.name,
          hitPolicy: decision.logic.kind === 'table' ? decision.logic.hitPolicy : undefined,
          xml,
          hash,
          rawHash,
          actor,
          now,
        }),
      );
    }
    return out;
  }

  private async deployOne(
    key: string,
    d: {
      name?: string;
      hitPolicy?: HitPolicy;
      xml: string;
      hash: string;
      rawHash: string;
      actor: string;
      now: number;
    },
  ): Promise<DecisionDeployment> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const latest = await this.latestSummary(key, ['hash']);
      if (latest && (latest.hash === d.hash || latest.hash === d.rawHash))
        return { key, version: latest.version, name: latest.name, created: false };
      const version = (latest?.version ?? 0) + 1;
      try {
        await this.col.insert({
          _id: `${key}@${version}`,
          key,
          version,
          ...(d.name ? { name: d.name } : {}),
          ...(d.hitPolicy ? { hitPolicy: d.hitPolicy } : {}),
          xml: d.xml,
          hash: d.hash,
          deployedAt: d.now,
          deployedBy: d.actor,
        });
        return { key, version, name: d.name, created: true };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err; // a concurrent deploy took this version
      }
    }
    throw new Error(`could not allocate a version for decision ${key}`);
  }

  private async latestSummary(key: string, extra: string[] = []): Promise<DecisionDoc | null> {
    const [doc] = await this.col.find(
      { key },
      { sort: { version: -1 }, limit: 1, fields: [...SUMMARY_FIELDS, ...extra] },
    );
    return doc ?? null;
  }

  /** The latest version of `key`, or the version asked for; null when absent. */
  async get(key: string, version?: number): Promise<DecisionDoc | null> {
    if (version !== undefined) return this.col.findOne({ _id: `${key}@${version}` });
    const [doc] = await this.col.find({ key }, { sort: { version: -1 }, limit: 1 });
    return doc ?? null;
  }

  /** The checked model of a stored version (parsed once per process, immutable). */
  async model(doc: Pick<DecisionDoc, 'key' | 'version' | 'xml'>): Promise<CompiledDecisionModel> {
    const id = `${doc.key}@${doc.version}`;
    let model = this.cache.get(id);
    if (!model) {
      model = await parseDecisions(doc.xml);
      if (this.cache.size >= 500) this.cache.clear();
      this.cache.set(id, model);
    }
    return model;
  }

  /** The latest version of every decision (not its XML), by key; with the number of versions. */
  async list(): Promise<Array<DecisionSummary & { versions: number }>> {
    // summary fields only: a decision has few versions, and none of their documents is read
    const docs = await this.col.find({}, { sort: { key: 1, version: -1 }, fields: SUMMARY_FIELDS });
    const out: Array<DecisionSummary & { versions: number }> = [];
    for (const d of docs) {
      if (out.at(-1)?.key === d.key) continue;
      const { _id: _i, xml: _x, hash: _h, ...rest } = d;
      out.push({ ...rest, versions: d.version });
    }
    return out;
  }

  /** Every version of a decision, oldest first: who deployed it when. */
  async versionHistory(key: string): Promise<DecisionSummary[]> {
    const docs = await this.col.find({ key }, { sort: { version: 1 }, fields: SUMMARY_FIELDS });
    return docs.map(({ _id: _i, xml: _x, hash: _h, ...rest }) => rest);
  }
}
