// The grid hierarchy and its people. Everyone sees their own subtrees (and the names of the units above);
// admins see and edit everything. Edits invalidate the org cache and keep `roleKeys` in sync.
import { checkIsoDuration } from '../model/validate.js';
import { Router } from 'express';
import { roleKey, type RoleAssignment, type Unit, type User } from '../grid/org.js';
import { hashPassword } from '../grid/passwords.js';
import { jurisdictionRoots, type Principal } from './access.js';
import { audit } from './audit.js';
import type { UserAuthFields } from './auth.js';
import { op, pageOf, paging, type ApiContext } from './context.js';
import { badRequest, codedError, conflict, fieldDetail, notFound, type Detail } from './errors.js';
import { roleCatalogue } from './routes-auth.js';

interface UnitBody {
  disabled?: boolean;
  code: string;
  name: string;
  level: string;
  parent?: string;
  info?: Record<string, unknown>;
  timeLimits?: Record<string, string>;
}

interface UserBody {
  username: string;
  displayName: string;
  password: string;
  roles: RoleAssignment[];
  phone?: string;
  disabled?: boolean;
}

export function publicUser(u: User) {
  const { passwordHash: _h, sessionsValidAfter: _s, sessionGen: _g, ...rest } = u as User & UserAuthFields;
  return { ...rest, username: u._id };
}

/** `{field: {from, to}}` for the fields an edit sets (for the audit trail). */
function changes(
  before: Record<string, any>,
  set: Record<string, unknown>,
  skip: string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, to] of Object.entries(set)) if (!skip.includes(k)) out[k] = { from: before[k], to };
  return out;
}

export function gridRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const org = engine.org;
  const accounts = engine.accounts;

  /** Codes the user may see in full, and the ancestors shown by name only. */
  const visibleUnits = async (p: Principal): Promise<{ full: Set<string> | null; names: Set<string> }> => {
    if (p.admin) return { full: null, names: new Set() };
    const full = new Set<string>();
    const names = new Set<string>();
    for (const root of jurisdictionRoots(p)) {
      for (const c of await org.subtree(root)) full.add(c);
      for (const a of (await org.chain(root)).slice(1)) names.add(a.code);
    }
    for (const c of full) names.delete(c);
    return { full, names };
  };

  /** `keep`: role keys the user already holds (kept even where the unit was disabled since) */
  const checkRoles = async (roles: RoleAssignment[], keep = new Set<string>()): Promise<Detail[]> => {
    const { roles: known } = await roleCatalogue(engine);
    const errs: Detail[] = [];
    const knownNames = Object.keys(known);
    for (const [i, ra] of roles.entries()) {
      if (knownNames.length && !knownNames.includes(ra.role))
        errs.push(fieldDetail(`/roles/${i}/role`, 'field.unknown-role'));
      const unit = await org.unit(ra.unit);
      if (!unit) errs.push(fieldDetail(`/roles/${i}/unit`, 'field.unknown-unit'));
      else if (unit.disabled && !keep.has(roleKey(ra.role, ra.unit)))
        errs.push({
          path: `/roles/${i}/unit`,
          message: 'unit is disabled',
          code: 'unit.disabled',
          params: { unit: ra.unit },
        });
    }
    return errs;
  };

  const dedupeRoles = (roles: RoleAssignment[]) => {
    const seen = new Set<string>();
    return roles.filter((x) => {
      const k = roleKey(x.role, x.unit);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  };

  op<unknown, { format: 'flat' | 'tree' }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/grid/units',
      summary:
        "Grid units in the caller's jurisdiction (flat with level/parent, or format=tree); ancestors by name only",
      tag: 'grid',
      query: 'UnitListQuery',
    },
    async ({ query, user }) => {
      const all = await org.allUnits();
      const { full, names } = await visibleUnits(user);
      const levels = engine.config.levels;
      const items = all
        .filter((u) => !full || full.has(u.code) || names.has(u.code))
        .map((u) =>
          !full || full.has(u.code)
            ? {
                code: u.code,
                name: u.name,
                level: u.level,
                parent: u.parent,
                info: u.info,
                disabled: !!u.disabled,
                ancestorOnly: false,
              }
            : { code: u.code, name: u.name, level: u.level, parent: u.parent, ancestorOnly: true },
        )
        .sort((a, b) => levels.indexOf(b.level) - levels.indexOf(a.level) || a.code.localeCompare(b.code));
      if (query.format !== 'tree') return { items };
      type Node = (typeof items)[number] & { children: Node[] };
      const nodes = new Map<string, Node>(items.map((u) => [u.code, { ...u, children: [] }]));
      const roots: Node[] = [];
      for (const n of nodes.values()) {
        const parent = n.parent ? nodes.get(n.parent) : undefined;
        if (parent) parent.children.push(n);
        else roots.push(n);
      }
      return { items: roots };
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/grid/units/:code',
      summary: 'A unit with its chain, children and people',
      tag: 'grid',
    },
    async ({ params, user }) => {
      const u = await org.unit(params.code);
      const { full } = await visibleUnits(user);
      if (!u || (full && !full.has(u.code))) throw notFound('unit.not-found');
      const all = await org.allUnits();
      const { roles: roleNames } = await roleCatalogue(engine);
      const people = await accounts.atUnit(u.code);
      return {
        ...u,
        chain: await org.chain(u.code),
        children: all
          .filter((c) => c.parent === u.code)
          .map((c) => ({ code: c.code, name: c.name, level: c.level }))
          .sort((a, b) => a.code.localeCompare(b.code)),
        people: people
          .filter((x) => !x.disabled || user.admin)
          .map((x) => ({
            username: x._id,
            displayName: x.displayName,
            phone: x.phone,
            disabled: x.disabled,
            roles: (x.roles ?? [])
              .filter((ra) => ra.unit === u.code)
              .map((ra) => ({ role: ra.role, roleName: roleNames[ra.role] ?? ra.role })),
          })),
      };
    },
  );

  op<UnitBody>(
    r,
    ctx,
    {
      method: 'post',
      path: '/grid/units',
      summary: 'Create a unit (admin)',
      tag: 'grid',
      auth: 'admin',
      body: 'UnitCreateBody',
      status: 201,
    },
    async ({ body, user }) => {
      const errs: Detail[] = [];
      if (!engine.config.levels.includes(body.level))
        errs.push(fieldDetail('/level', 'field.enum', { allowed: engine.config.levels }));
      const parent = body.parent ? await org.unit(body.parent) : undefined;
      if (body.parent && !parent) errs.push(fieldDetail('/parent', 'field.unknown-unit'));
      else if (parent?.disabled) errs.push(disabledParent(parent.code));
      errs.push(...timeLimitErrors(body.timeLimits));
      if (errs.length) throw badRequest('unit.invalid', errs);
      if (await org.storedUnit(body.code)) throw conflict('unit.exists', { code: body.code });
      const doc: Unit = {
        _id: body.code,
        code: body.code,
        name: body.name,
        level: body.level,
        parent: body.parent,
        info: body.info,
        ...(body.timeLimits ? { timeLimits: body.timeLimits } : {}),
      };
      await org.createUnit(doc);
      await audit(
        ctx,
        user.username,
        'unit-created',
        { type: 'unit', id: doc.code },
        {
          name: doc.name,
          level: doc.level,
          parent: doc.parent,
        },
      );
      return doc;
    },
  );

  op<Partial<UnitBody>>(
    r,
    ctx,
    {
      method: 'patch',
      path: '/grid/units/:code',
      summary: 'Rename / move / re-level a unit (admin); running cases keep the unit chain they started with',
      tag: 'grid',
      auth: 'admin',
      body: 'UnitPatchBody',
    },
    async ({ params, body, user }) => {
      const u = await org.unit(params.code);
      if (!u) throw notFound('unit.not-found');
      const errs: Detail[] = [];
      if (body.level && !engine.config.levels.includes(body.level))
        errs.push(fieldDetail('/level', 'field.enum', { allowed: engine.config.levels }));
      if (body.parent !== undefined) {
        const parent = await org.unit(body.parent);
        if (!parent) errs.push(fieldDetail('/parent', 'field.unknown-unit'));
        else if ((await org.subtree(u.code)).includes(body.parent))
          errs.push(fieldDetail('/parent', 'field.cycle'));
        else if (parent.disabled && !body.disabled) errs.push(disabledParent(parent.code));
      }
      errs.push(...timeLimitErrors(body.timeLimits));
      if (errs.length) throw badRequest('unit.invalid', errs);
      if (body.disabled === true && !u.disabled) {
        // a disabled unit has no active units below it: disable (or move) them first
        const active = (await org.allUnits()).filter((c) => c.parent === u.code && !c.disabled);
        if (active.length)
          throw codedError(409, 'unit.active-children', `unit ${u.code} has active units below it`, {
            unit: u.code,
            children: active.map((c) => c.code).sort(),
          });
      }
      if (body.disabled === false && u.disabled && u.parent && (await org.unit(u.parent))?.disabled)
        throw badRequest('unit.invalid', [disabledParent(u.parent, '/disabled')]);
      const $set: Record<string, unknown> = {};
      for (const k of ['name', 'level', 'parent', 'info', 'timeLimits'] as const)
        if (body[k] !== undefined) $set[k] = body[k];
      if (body.disabled !== undefined) $set.disabled = body.disabled;
      const { disabled, ...edits } = $set;
      if (Object.keys($set).length) await org.updateUnit(u.code, $set);
      if (Object.keys(edits).length)
        await audit(ctx, user.username, 'unit-updated', { type: 'unit', id: u.code }, changes(u, edits));
      if (disabled !== undefined && disabled !== !!u.disabled)
        await audit(ctx, user.username, disabled ? 'unit-disabled' : 'unit-enabled', {
          type: 'unit',
          id: u.code,
        });
      return org.storedUnit(u.code);
    },
  );

  op<unknown, { unit?: string; role?: string; page: number; pageSize: number }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/users',
      summary: 'Users (admin)',
      tag: 'users',
      auth: 'admin',
      query: 'UserListQuery',
    },
    async ({ query }) => {
      const pg = paging(query);
      const { items, total } = await accounts.page({ unit: query.unit, role: query.role }, pg);
      return pageOf(items.map(publicUser), total, pg);
    },
  );

  op<UserBody>(
    r,
    ctx,
    {
      method: 'post',
      path: '/users',
      summary: 'Create a user (admin)',
      tag: 'users',
      auth: 'admin',
      body: 'UserCreateBody',
      status: 201,
    },
    async ({ body, user }) => {
      const roles = dedupeRoles(body.roles);
      const errs = await checkRoles(roles);
      if (errs.length) throw badRequest('user.invalid-roles', errs);
      if (await accounts.get(body.username)) throw conflict('user.exists', { username: body.username });
      const doc: User = {
        _id: body.username,
        username: body.username,
        displayName: body.displayName,
        passwordHash: await hashPassword(body.password),
        roles,
        roleKeys: roles.map((x) => roleKey(x.role, x.unit)),
        phone: body.phone,
        disabled: body.disabled ?? false,
      };
      await accounts.create(doc);
      await audit(
        ctx,
        user.username,
        'user-created',
        { type: 'user', id: doc._id },
        {
          displayName: doc.displayName,
          roles: doc.roles,
          disabled: doc.disabled,
        },
      );
      return publicUser(doc);
    },
  );

  op<Partial<UserBody>>(
    r,
    ctx,
    {
      method: 'patch',
      path: '/users/:username',
      summary:
        "Change roles, disable/enable, reset the password (admin); a reset or disable ends the user's sessions",
      tag: 'users',
      auth: 'admin',
      body: 'UserPatchBody',
    },
    async ({ params, body, user }) => {
      const u = await accounts.get(params.username);
      if (!u) throw notFound('user.not-found');
      const $set: Record<string, unknown> = {};
      if (body.roles) {
        const roles = dedupeRoles(body.roles);
        const errs = await checkRoles(roles, new Set(u.roleKeys ?? []));
        if (errs.length) throw badRequest('user.invalid-roles', errs);
        $set.roles = roles;
        $set.roleKeys = roles.map((x) => roleKey(x.role, x.unit));
      }
      if (body.disabled !== undefined) {
        if (body.disabled && u._id === user.username)
          throw badRequest('user.cannot-disable-self', [fieldDetail('/disabled', 'field.is-yourself')]);
        $set.disabled = body.disabled;
      }
      if (body.displayName !== undefined) $set.displayName = body.displayName;
      if (body.phone !== undefined) $set.phone = body.phone;
      if (body.password !== undefined) $set.passwordHash = await hashPassword(body.password);
      // a reset password or a disabled account ends every session of the user, for good (re-enabling
      // does not revive them)
      const endSessions = body.password !== undefined || body.disabled === true;
      await accounts.update(u._id, $set, { endSessions });
      if (endSessions) ctx.auth.sessionsEnded(u._id);
      const target = { type: 'user' as const, id: u._id };
      const { disabled, passwordHash, ...edits } = $set;
      if (Object.keys(edits).length)
        await audit(ctx, user.username, 'user-updated', target, changes(u, edits, ['roleKeys']));
      if (disabled !== undefined && disabled !== !!u.disabled)
        await audit(ctx, user.username, disabled ? 'user-disabled' : 'user-enabled', target);
      if (passwordHash !== undefined) await audit(ctx, user.username, 'user-password-reset', target);
      return publicUser((await accounts.get(u._id))!);
    },
  );

  return r;
}

/** A unit placed (or re-enabled) under a disabled one. */
function disabledParent(code: string, path = '/parent'): Detail {
  return { path, message: 'unit is disabled', code: 'unit.disabled', params: { unit: code } };
}

/** Each time limit must be a usable ISO-8601 duration within the horizon (engine/sla/duration.ts). */
function timeLimitErrors(limits: Record<string, string> | undefined): Detail[] {
  const out: Detail[] = [];
  for (const [name, value] of Object.entries(limits ?? {})) {
    const why = checkIsoDuration(value, 'natural')?.message;
    if (why)
      out.push({
        path: `/timeLimits/${name}`,
        message: why,
        code: 'unit.time-limit',
        params: { name, value },
      });
  }
  return out;
}
