// What an admin can switch off for new cases (POST /instances, /reports): a retired process or version
// (409 definition.retired) and a disabled unit (409 unit.disabled). Running cases are not affected.
import { DefinitionRetired } from '../model/repository.js';
import type { ApiContext } from './context.js';
import { codedError, notFound } from './errors.js';

/** The version a new case starts on; 404 when unknown, 409 `definition.retired` when retired by an admin. */
export async function startableDefinition(ctx: ApiContext, key: string, version?: number) {
  try {
    const def = await ctx.engine.definitions.startable(key, version);
    if (!def) throw notFound('definition.not-found');
    return def;
  } catch (err) {
    if (err instanceof DefinitionRetired)
      throw codedError(409, 'definition.retired', err.message, {
        key: err.key,
        ...(err.version !== undefined ? { version: err.version } : {}),
      });
    throw err;
  }
}

/** 409 `unit.disabled` when an admin disabled the unit. */
export async function refuseDisabledUnit(ctx: ApiContext, code: string): Promise<void> {
  if ((await ctx.engine.org.unit(code))?.disabled)
    throw codedError(409, 'unit.disabled', `unit ${code} is disabled`, { unit: code });
}
