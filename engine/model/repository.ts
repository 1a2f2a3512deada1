// Versioned process definitions: deploying XML for a key creates version n+1 unless it is the same document
// as the LATEST version (also when only re-serialised: indentation, attribute order, quoting), which returns
// that version (Camunda's duplicate filtering). Only the latest is compared: XML identical to an older
// version while another is the latest is a deliberate rollback and becomes a new version.
// Compiled graphs are immutable per (key, version) and cached.
import { createHash } from 'node:crypto';
import { DuplicateKeyError, type Store } from '../store/types.js';
import { compileDefinition } from './compile.js';
import { createModdle } from './parse.js';
import type { CompiledProcess } from './types.js';
import type { ReferenceCatalogue } from './validate-references.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Hash of the document as bpmn-moddle writes it back: a diagram opened in the modeler and saved again
 * unchanged (re-indented, attributes reordered) hashes like the original; any change of content or
 * layout (DI) does not.
 */
export async function canonicalHash(xml: string): Promise<string> {
  const moddle = createModdle();
  const { rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions');
  const { xml: canonical } = await moddle.toXML(rootElement, { format: false });
  return sha256(canonical);
}

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
}

export interface Deployment {
  key: string;
  version: number;
  name?: string;
  created: boolean;
}

export class DefinitionRepository {
  private cache = new Map<string, CompiledProcess>();

  constructor(
    private readonly store: Store,
    private readonly levels: string[],
  ) {}

  private get col() {
    return this.store.collection<DefinitionDoc>('definitions');
  }

  /** `catalogue`: the roles and forms the definition may refer to (checked before anything is stored) */
  async deploy(xml: string, actor: string, now: number, catalogue?: ReferenceCatalogue): Promise<Deployment> {
    const compiled = await compileDefinition(xml, { levels: this.levels, catalogue });
    const hash = await canonicalHash(xml);
    const rawHash = sha256(xml);
    for (let attempt = 0; attempt < 5; attempt++) {
      const latest = await this.latest(compiled.key);
      if (latest && (latest.hash === hash || latest.hash === rawHash)) {
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
        });
        return { key: compiled.key, version, name: compiled.name, created: true };
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err; // a concurrent deploy took this version
      }
    }
    throw new Error(`could not allocate a version for ${compiled.key}`);
  }

  async latest(key: string): Promise<DefinitionDoc | null> {
    const [doc] = await this.col.find({ key }, { sort: { version: -1 }, limit: 1 });
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
      // the XML is the source of truth; compiling is deterministic, so a cache miss recompiles
      c = await compileDefinition(doc.xml, { levels: this.levels });
      this.cache.set(id, c);
    }
    return c;
  }

  /** Latest version of every key. */
  async list(): Promise<Array<Omit<DefinitionDoc, 'xml'>>> {
    const docs = await this.col.find({}, { sort: { key: 1, version: -1 } });
    const seen = new Set<string>();
    const out: Array<Omit<DefinitionDoc, 'xml'>> = [];
    for (const d of docs) {
      if (seen.has(d.key)) continue;
      seen.add(d.key);
      const { xml: _x, ...rest } = d;
      out.push(rest);
    }
    return out;
  }

  async versions(key: string): Promise<number[]> {
    const docs = await this.col.find({ key }, { sort: { version: 1 } });
    return docs.map((d) => d.version);
  }
}
