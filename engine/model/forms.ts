// Task form schemas (JSON Schema, one file per formKey under processes/forms/) validated with ajv.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface FieldError {
  path: string;
  message: string;
}

export class FormRegistry {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly schemas = new Map<string, object>();

  constructor() {
    addFormats(this.ajv);
  }

  /** Loads every `<formKey>.json` of a folder. */
  async loadDir(dir: string): Promise<void> {
    let files: string[];
    try {
      files = await readdir(dir);
    } catch {
      return; // no forms folder: every task accepts any object
    }
    for (const f of files.filter((f) => f.endsWith('.json'))) {
      this.register(path.basename(f, '.json'), JSON.parse(await readFile(path.join(dir, f), 'utf8')));
    }
  }

  register(formKey: string, schema: object): void {
    this.validators.set(formKey, this.ajv.compile(schema));
    this.schemas.set(formKey, schema);
  }

  schema(formKey: string | undefined): object | undefined {
    return formKey ? this.schemas.get(formKey) : undefined;
  }

  keys(): string[] {
    return [...this.schemas.keys()];
  }

  /** Returns field-level errors; an unknown formKey accepts any object. */
  validate(formKey: string | undefined, data: unknown): FieldError[] {
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      return [{ path: '/data', message: 'must be an object' }];
    const v = formKey ? this.validators.get(formKey) : undefined;
    if (!v || v(data)) return [];
    return (v.errors ?? []).map(toFieldError);
  }
}

export function toFieldError(e: ErrorObject): FieldError {
  const missing =
    e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '';
  return { path: `/data${e.instancePath}${missing}`, message: e.message ?? e.keyword };
}
