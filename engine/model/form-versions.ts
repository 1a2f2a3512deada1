// Forms travel with their diagrams. A deployment pins the exact schema of every form its process refers to:
// each schema is stored once under a content-addressed id `<formKey>@<sha256 prefix>` (collection
// `formVersions`), the definition version records `formKey → id` (DefinitionDoc.forms), and its compiled
// graph names the pinned ids instead of the bare keys — so a case keeps the forms of the version it runs on,
// and a later change of a form (a new release's file, an admin's deployment) reaches only the versions
// deployed after it. Definition versions deployed before pins existed keep the bare keys: the current form.
//
// "Current" per key (what a new deployment pins when it does not bring the form itself): the bundled file
// (processes/forms) unless an admin deployed the form after that file was last bundled — the rule of the
// bundled processes (engine/bundled.ts): a restart never reverts an admin's form, a changed file does.
import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { FormRegistry } from './forms.js';
import { DeploymentError, type CompiledProcess, type DeployError } from './types.js';
import { MetaRecords } from '../store/meta.js';
import type { Store } from '../store/types.js';

export interface FormVersionDoc {
  _id: string;
  key: string;
  schemaJson: string;
  at: number;
  by: string;
}

/** Which version of a key is current, and the hash of its bundled file when it was last bundled. */
interface FormCurrentDoc {
  _id: string;
  key: string;
  versionId: string;
  /** sha of the bundled file the last time it was read (absent: the key has no bundled file) */
  bundledHash?: string;
  at: number;
  by: string;
}

const currentId = (key: string) => `form-current:${key}`;
const ID_HEX = 16;

/** `report@0123456789abcdef` → `report`; a bare key stays as it is. */
export const bareFormKey = (key: string) => key.split('@')[0];
export const isPinnedFormKey = (key: string) => key.includes('@');

/** The content-addressed id of a schema: equal schemas (whatever their key order) share it. */
export function formVersionId(key: string, schema: object): string {
  const hex = createHash('sha256')
    .update(stringify(schema) ?? '')
    .digest('hex');
  return `${key}@${hex.slice(0, ID_HEX)}`;
}

/** Every form key a compiled process refers to (start form, task forms), bare or pinned. */
export function formKeysOf(p: CompiledProcess): string[] {
  const keys = new Set<string>();
  for (const n of Object.values(p.nodes)) {
    if (n.formKey) keys.add(n.formKey);
    if (n.grid?.formKey) keys.add(n.grid.formKey);
  }
  return [...keys];
}

/** The graph with each bare form key replaced by its pinned version (keys without a pin stay). */
export function pinForms(p: CompiledProcess, pins: Record<string, string> | undefined): CompiledProcess {
  if (!pins || !Object.keys(pins).length) return p;
  const nodes: CompiledProcess['nodes'] = {};
  for (const [id, n] of Object.entries(p.nodes)) {
    const start = n.formKey ? pins[bareFormKey(n.formKey)] : undefined;
    const task = n.grid?.formKey ? pins[bareFormKey(n.grid.formKey)] : undefined;
    nodes[id] = {
      ...n,
      ...(start ? { formKey: start } : {}),
      ...(task && n.grid ? { grid: { ...n.grid, formKey: task } } : {}),
    };
  }
  return { ...p, nodes };
}

/** At most this many forms per deployment, each at most this large as JSON. */
export const MAX_DEPLOYED_FORMS = 100;
export const MAX_FORM_BYTES = 256 * 1024;
const FORM_KEY = /^[a-z0-9-]{1,64}$/;

/**
 * The forms a deployment brings, checked before anything is stored: keys as grid:formKey spells them, a
 * bounded count and size, schemas ajv accepts (with this engine's keywords). Refused as a DeploymentError
 * naming `forms/<key>`.
 */
export function checkFormSchemas(registry: FormRegistry, forms: unknown): Record<string, object> {
  if (forms === undefined || forms === null) return {};
  const at = (key: string) => `forms/${key}`;
  if (typeof forms !== 'object' || Array.isArray(forms))
    throw new DeploymentError([
      {
        elementId: 'forms',
        message: 'forms must be an object: formKey → JSON Schema',
        code: 'form.invalid',
        params: { formKey: '' },
      },
    ]);
  const entries = Object.entries(forms as Record<string, unknown>);
  if (entries.length > MAX_DEPLOYED_FORMS)
    throw new DeploymentError([
      {
        elementId: 'forms',
        message: `${entries.length} forms: at most ${MAX_DEPLOYED_FORMS} per deployment`,
        code: 'limit.forms',
        params: { limit: MAX_DEPLOYED_FORMS, count: entries.length },
      },
    ]);
  const errors: DeployError[] = [];
  for (const [key, schema] of entries) {
    if (!FORM_KEY.test(key)) {
      errors.push({
        elementId: at(key),
        message: `form key "${key}" must match [a-z0-9-]+ as grid:formKey does`,
        code: 'form.key',
        params: { formKey: key },
      });
      continue;
    }
    const bytes = Buffer.byteLength(JSON.stringify(schema) ?? '');
    if (bytes > MAX_FORM_BYTES) {
      errors.push({
        elementId: at(key),
        message: `form of ${bytes} bytes: at most ${MAX_FORM_BYTES} are allowed`,
        code: 'limit.form-bytes',
        params: { formKey: key, bytes, limit: MAX_FORM_BYTES },
      });
      continue;
    }
    const problem = registry.problem(schema);
    if (problem)
      errors.push({ elementId: at(key), message: problem, code: 'form.invalid', params: { formKey: key } });
  }
  if (errors.length) throw new DeploymentError(errors);
  return Object.fromEntries(entries) as Record<string, object>;
}

export class FormVersions {
  constructor(
    private readonly store: Store,
    private readonly registry: FormRegistry,
  ) {}

  private get versions() {
    return this.store.collection<FormVersionDoc>('formVersions');
  }

  private get current() {
    return new MetaRecords(this.store);
  }

  /** Stores a schema as a version of `key` (once per content) and makes it known here; answers its id. */
  async put(key: string, schema: object, by: string, now: number): Promise<string> {
    const id = formVersionId(key, schema);
    if (!this.registry.hasExact(id))
      await this.versions.insertManyIgnoreDuplicates([
        { _id: id, key, schemaJson: JSON.stringify(schema), at: now, by },
      ]);
    this.registry.register(id, schema);
    return id;
  }

  /** Makes a stored version the current form of its key (deployments that do not bring it pin this one). */
  async makeCurrent(key: string, versionId: string, schema: object, by: string, now: number): Promise<void> {
    const prev = await this.current.get<FormCurrentDoc>(currentId(key));
    await this.current.put({ ...prev, _id: currentId(key), key, versionId, at: now, by });
    this.registry.register(key, schema);
  }

  /**
   * At start-up, after the bundled files are registered under their bare keys: a file new or changed since
   * it was last bundled becomes the current version; otherwise the stored current version (an admin's) is
   * registered over the file. Keys only deployed by admins (no file) are registered too.
   */
  async load(bundledKeys: string[], now: number): Promise<void> {
    const currents = new Map<string, FormCurrentDoc>();
    for (const key of bundledKeys) {
      const doc = await this.current.get<FormCurrentDoc>(currentId(key));
      if (doc) currents.set(key, doc);
    }
    for (const key of bundledKeys) {
      const file = this.registry.schema(key)!;
      const fileHash = formVersionId(key, file);
      const cur = currents.get(key);
      if (!cur || cur.bundledHash !== fileHash) {
        const id = await this.put(key, file, 'system', now);
        await this.current.put({
          _id: currentId(key),
          key,
          versionId: id,
          bundledHash: fileHash,
          at: now,
          by: 'system',
        });
        continue;
      }
      if (cur.versionId !== fileHash) await this.registerCurrent(cur);
    }
    // forms that exist only through admins' deployments
    for (const cur of await this.current.withIdPrefix<FormCurrentDoc>('form-current:'))
      if (!bundledKeys.includes(cur.key)) await this.registerCurrent(cur);
  }

  private async registerCurrent(cur: FormCurrentDoc): Promise<void> {
    const doc = await this.versions.findOne({ _id: cur.versionId });
    if (!doc) return;
    const schema = JSON.parse(doc.schemaJson) as object;
    this.registry.register(cur.versionId, schema);
    this.registry.register(cur.key, schema);
  }

  /** Makes the pinned versions among `keys` known here (deployed by another process of this store). */
  async ensure(keys: Array<string | undefined>): Promise<void> {
    const missing = [...new Set(keys)].filter(
      (k): k is string => !!k && isPinnedFormKey(k) && !this.registry.hasExact(k),
    );
    if (!missing.length) return;
    for (const doc of await this.versions.find({ _id: { $in: missing } }))
      this.registry.register(doc._id, JSON.parse(doc.schemaJson) as object);
  }

  /** The versions of a key, newest first (id, when, by whom). */
  async history(key: string): Promise<Array<{ id: string; at: number; by: string }>> {
    const docs = await this.versions.find({ key }, { sort: { at: -1 }, fields: ['at', 'by'] });
    return docs.map((d) => ({ id: d._id, at: d.at, by: d.by }));
  }

  /**
   * The pins of a deployment: each form key the processes refer to, with the schema the deployment brings
   * (which also becomes the current one) or else the current one. Keys with no schema at all are left out
   * (the deploy's reference check has refused them already).
   */
  async pin(
    keys: string[],
    brought: Record<string, object>,
    by: string,
    now: number,
  ): Promise<Record<string, string>> {
    const pins: Record<string, string> = {};
    for (const k of keys.map(bareFormKey)) {
      const schema = brought[k] ?? this.registry.schema(k);
      if (!schema) continue;
      pins[k] = await this.put(k, schema, by, now);
    }
    for (const [k, schema] of Object.entries(brought))
      await this.makeCurrent(k, pins[k] ?? (await this.put(k, schema, by, now)), schema, by, now);
    return pins;
  }
}
