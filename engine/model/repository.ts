// Versioned process definitions: deploying XML for a key creates version n+1 unless it is the same document
// as the LATEST version (also when only re-serialised: indentation, attribute order, quoting), which returns
// that version (Camunda's duplicate filtering). Only the latest is compared: XML identical to an older
// version while another is the latest is a deliberate rollback and becomes a new version.
// Compiled graphs are immutable per (key, version) and cached.
import { createHash } from 'node:crypto';
import { MetaRecords } from '../store/meta.js';
import { isDuplicateKeyError, type Store } from '../store/types.js';
import { canonicalHash } from './canonical-hash.js';
import { compileMaybeOffThread } from './compile-off-thread.js';
import { pinForms } from './form-versions.js';
import type { CompiledProcess, DeployWarning } from './types.js';
import type { ReferenceCatalogue } from './validate-references.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export { canonicalHash };

export interface DefinitionDoc {
  _id: string; // `${key}@${version}`
  key: string;
  version: number;
  name?: string;
  xml: string;
  /** canonicalHash of the XML (versions deployed before it existed: sha256 of the raw XML) */
  hash: string;
  deployedAt: number;
  deployedBy: string;
  /** the compiled graph as JSON, so that a restart does not recompile (see compiledFor) */
  compiledJson?: string;
  /** COMPILER_VERSION and grid levels the stored graph was compiled with; another value recompiles */
  compiledFor?: string;
  /** retired by an admin: no new case starts on this version; running ones continue */
  retired?: boolean;
  /** formKey → the form version pinned by this deployment (engine/model/form-versions.ts) */
  forms?: Record<string, string>;
}

/** Pins the forms a compiled process refers to (form-versions.ts FormVersions.pin): formKey → version id. */
export type FormPinner = (compiled: CompiledProcess) => Promise<Record<string, string>>;

const sameForms = (a: Record<string, string> | undefined, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * A whole process retired by an admin (meta `definition-retired:<key>`): kept apart from the versions so that
 * a later deploy (an admin's or a changed bundled file at start-up) does not make it startable again.
 */
interface RetiredKeyDoc {
  _id: string;
  key: string;
  at: number;
  by: string;
}

const retiredKeyId = (key: string) => `definition-retired:${key}`;

/** Why a definition cannot start a case (the API answers 409 with `definition.retired`). */
export class DefinitionRetired extends Error {
  constructor(
    readonly key: string,
    readonly version?: number,
  ) {
    super(version === undefined ? `process ${key} is retired` : `version ${version} of ${key} is retired`);
    this.name = 'DefinitionRetired';
  }
}

/** Raise when the shape of CompiledProcess changes: stored compiled graphs of older shapes are recompiled. */
// 3: historyLevel / historyTtlDays (engine/retention)
export const COMPILER_VERSION = 3;

export interface Deployment {
  key: string;
  version: number;
  name?: string;
  created: boolean;
}

/** A document deployed: its first process's deployment at the top, every process, what was left aside. */
export interface DocumentDeployment extends Deployment {
  processes: Deployment[];
  warnings: DeployWarning[];
}

export class DefinitionRepository {
  private cache = new Map<string, CompiledProcess>();

  constructor(
    private readonly store: Store,
    private readonly levels: string[],
    /** called once per definition version this process loads (the engine makes its pinned forms known) */
    private readonly onCompiled?: (c: CompiledProcess) => Promise<void>,
  ) {}

  private get col() {
    return this.store.collection<DefinitionDoc>('definitions');
  }

  /**
   * Deploys every executable process of a document (a collaboration of several pools: each, all or none
   * refused). `catalogue`: the roles and forms the definition may refer to (checked before anything is stored).
   */
  async deploy(
    xml: string,
    actor: string,
    now: number,
    catalogue?: ReferenceCatalogue,
    pin?: FormPinner,
  ): Promise<DocumentDeployment> {
    const { processes, warnings, hash } = await compileMaybeOffThread(
      xml,
      { levels: this.levels, catalogue },
      true,
    );
    const deployments: Deployment[] = [];
    // one after the other: a crash in between leaves the rest to a repeated deploy (unchanged ones answer as such)
    for (const compiled of processes) {
      const pins = pin ? await pin(compiled) : {};
      deployments.push(await this.deployProcess(compiled, pins, xml, hash!, actor, now));
    }
    return { ...deployments[0], processes: deployments, warnings };
  }

  private async deployProcess(
    unpinned: CompiledProcess,
    pins: Record<string, string>,
    xml: string,
    hash: string,
    actor: string,
    now: number,
  ): Promise<Deployment> {
    const rawHash = sha256(xml);
    const compiled = pinForms(unpinned, pins);
    for (let attempt = 0; attempt < 5; attempt++) {
      const latest = await this.latest(compiled.key);
      // the same diagram with other forms is a new version: its cases must get the new forms
      if (latest && (latest.hash === hash || latest.hash === rawHash) && sameForms(latest.forms, pins)) {
        return { key: latest.key, version: latest.version, name: latest.name, created: false };
      }
      const version = (latest?.version ?? 0) + 1;
      try {
        await this.col.insert({
          _id: `${compiled.key}@${version}`,
          key: compiled.key,
          version,
          name: compiled.name,
          xml,
          hash,
          deployedAt: now,
          deployedBy: actor,
          ...(Object.keys(pins).length ? { forms: pins } : {}),
          ...this.compiledFields(compiled),
        });
        return { key: compiled.key, version, name: compiled.name, created: true };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err; // a concurrent deploy took this version
      }
    }
    throw new Error(`could not allocate a version for ${compiled.key}`);
  }

  private get retiredKeys() {
    return new MetaRecords(this.store);
  }

  async isKeyRetired(key: string): Promise<boolean> {
    return !!(await this.retiredKeys.get(retiredKeyId(key)));
  }

  /** Which of `keys` are retired processes (one lookup by id). */
  async retiredAmong(keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const docs = await this.retiredKeys.getMany<RetiredKeyDoc>(keys.map(retiredKeyId));
    return new Set(docs.map((d) => d.key));
  }

  /**
   * Retires (or reactivates) a whole process, or one version when `version` is given. Returns false when
   * the key or version does not exist. Idempotent.
   */
  async setRetired(
    key: string,
    version: number | undefined,
    retired: boolean,
    actor: string,
    now: number,
  ): Promise<boolean> {
    if (version !== undefined) {
      const res = await this.col.updateOne({ _id: `${key}@${version}` }, { $set: { retired } });
      return res.matched > 0;
    }
    if (!(await this.latest(key))) return false;
    if (retired) await this.retiredKeys.put({ _id: retiredKeyId(key), key, at: now, by: actor });
    else await this.retiredKeys.remove(retiredKeyId(key));
    return true;
  }

  /**
   * The version a new case starts on: the one asked for, or the latest version not retired. Null when the
   * key or version does not exist; throws DefinitionRetired when the process or that version is retired.
   */
  async startable(key: string, version?: number): Promise<DefinitionDoc | null> {
    const doc = await this.get(key, version);
    if (!doc) return null;
    if (await this.isKeyRetired(key)) throw new DefinitionRetired(key);
    if (version !== undefined) {
      if (doc.retired) throw new DefinitionRetired(key, version);
      return doc;
    }
    if (!doc.retired) return doc;
    const [active] = await this.col.find(
      { key, retired: { $ne: true } },
      { sort: { version: -1 }, limit: 1 },
    );
    if (!active) throw new DefinitionRetired(key);
    return active;
  }

  async latest(key: string): Promise<DefinitionDoc | null> {
    const [doc] = await this.col.find({ key }, { sort: { version: -1 }, limit: 1 });
    return doc ?? null;
  }

  /**
   * The version of `key` deployed with version `withVersion` of `withKey` — the same document (a
   * collaboration of several pools) — for a call activity's deployment binding; null when that document
   * did not hold `key`.
   */
  async deployedWith(key: string, withKey: string, withVersion: number): Promise<DefinitionDoc | null> {
    const caller = await this.col.findOne({ _id: `${withKey}@${withVersion}` });
    if (!caller) return null;
    const [doc] = await this.col.find({ key, hash: caller.hash }, { sort: { version: -1 }, limit: 1 });
    return doc ?? null;
  }

  async get(key: string, version?: number): Promise<DefinitionDoc | null> {
    return version === undefined ? this.latest(key) : this.col.findOne({ _id: `${key}@${version}` });
  }

  async compiled(key: string, version: number): Promise<CompiledProcess> {
    const id = `${key}@${version}`;
    let c = this.cache.get(id);
    if (!c) {
      const doc = await this.col.findOne({ _id: id });
      if (!doc) throw new Error(`definition ${id} not found`);
      c = this.storedCompiled(doc);
      if (!c) {
        // the XML is the source of truth; compiling is deterministic, so a miss recompiles (off the event
        // loop when large) and stores the result for the next process that starts
        // the document may hold several processes (a collaboration): this definition is the one named by its key
        c = pinForms(
          (await compileMaybeOffThread(doc.xml, { levels: this.levels, processId: doc.key }, false))
            .processes[0],
          doc.forms,
        );
        await this.col.updateOne({ _id: id }, { $set: this.compiledFields(c) }).catch(() => undefined);
      }
      // the forms it pins, deployed perhaps by another process of this store (form-versions.ts)
      await this.onCompiled?.(c);
      this.cache.set(id, c);
    }
    return c;
  }

  /** The durable cache of a compiled graph: JSON text (element ids may contain '.', which stores refuse). */
  private compiledFields(c: CompiledProcess): Pick<DefinitionDoc, 'compiledJson' | 'compiledFor'> {
    return { compiledJson: JSON.stringify(c), compiledFor: this.compiledFor };
  }

  private storedCompiled(doc: DefinitionDoc): CompiledProcess | undefined {
    if (!doc.compiledJson || doc.compiledFor !== this.compiledFor) return undefined;
    try {
      return JSON.parse(doc.compiledJson) as CompiledProcess;
    } catch {
      return undefined;
    }
  }

  /** What a stored compiled graph depends on besides the XML: the compiler's shape and the grid levels. */
  private get compiledFor(): string {
    return `${COMPILER_VERSION}|${this.levels.join(',')}`;
  }

  /** Every process key deployed (one read of the keys only, not of the documents). */
  async keys(): Promise<string[]> {
    const docs = await this.col.find({}, { fields: ['key'] });
    return [...new Set(docs.map((d) => d.key))].sort();
  }

  /** Latest version of every key. */
  async list(): Promise<Array<Omit<DefinitionDoc, 'xml' | 'compiledJson' | 'compiledFor'>>> {
    const docs = await this.col.find({}, { sort: { key: 1, version: -1 } });
    const seen = new Set<string>();
    const out: Array<Omit<DefinitionDoc, 'xml' | 'compiledJson' | 'compiledFor'>> = [];
    for (const d of docs) {
      if (seen.has(d.key)) continue;
      seen.add(d.key);
      const { xml: _x, compiledJson: _c, compiledFor: _f, ...rest } = d;
      out.push(rest);
    }
    return out;
  }

  /** Every version of a process, oldest first: who deployed it when, under which name. */
  async versionHistory(
    key: string,
  ): Promise<
    Array<Pick<DefinitionDoc, 'version' | 'name' | 'deployedAt' | 'deployedBy'> & { retired: boolean }>
  > {
    // the listed fields only: not the XML and compiled graph of every version (GET /definitions asks per key)
    const docs = await this.col.find(
      { key },
      { sort: { version: 1 }, fields: ['version', 'name', 'deployedAt', 'deployedBy', 'retired'] },
    );
    return docs.map((d) => ({
      version: d.version,
      name: d.name,
      deployedAt: d.deployedAt,
      deployedBy: d.deployedBy,
      retired: !!d.retired,
    }));
  }

  async versions(key: string): Promise<number[]> {
    const docs = await this.col.find({ key }, { sort: { version: 1 } });
    return docs.map((d) => d.version);
  }
}
