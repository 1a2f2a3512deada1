// GET /api/stats: assessment figures of a unit subtree (the definitions of the figures are
// engine/sla/assessment.ts; they are read from the rollups kept as facts land, engine/stats/query.ts).
import { Router } from 'express';
import { jurisdictionRoots, type Principal } from './access.js';
import { op, type ApiContext } from './context.js';
import { badRequest, notFound } from './errors.js';
import { parseWhen } from './time.js';

const DAY = 86_400_000;
const MAX_DAYS = 366;

export function statsRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const org = engine.org;

  const defaultUnit = async (p: Principal): Promise<string | undefined> => {
    if (p.admin) return (await org.allUnits()).find((u) => !u.parent)?.code;
    return p.supervises[0] ?? jurisdictionRoots(p)[0];
  };

  const inJurisdiction = async (p: Principal, code: string): Promise<boolean> => {
    if (p.admin) return true;
    const chain = (await org.chain(code)).map((u) => u.code);
    return jurisdictionRoots(p).some((u) => chain.includes(u));
  };

  op<unknown, { unit?: string; from?: string; to?: string }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/stats',
      summary:
        'Assessment of a unit subtree over [from, to): cases received/closed, 按期结案率 per case (onTimeRate) and per ' +
        'task (taskOnTimeRate), overdue, escalations by level, working-hour handling times without paused time, ' +
        "rework (返工) and its rate, per-child breakdown by the cases' grid, task figures by handling unit and level " +
        '(byUnit, byLevel), daily escalation series (default: last 30 days)',
      tag: 'stats',
      query: 'StatsQuery',
    },
    async ({ query, user }) => {
      const code = query.unit ?? (await defaultUnit(user));
      const unit = code ? await org.unit(code) : undefined;
      if (!unit || !(await inJurisdiction(user, unit.code))) throw notFound('unit not found');
      const tz = engine.config.timezone;
      const now = ctx.now();
      const to = parseWhen(query.to, tz, true) ?? now;
      const from = parseWhen(query.from, tz) ?? to - 30 * DAY;
      if (from >= to) throw badRequest('invalid period', [{ path: '/from', message: 'must be before to' }]);
      if (to - from > MAX_DAYS * DAY)
        throw badRequest('invalid period', [
          { path: '/from', message: `period longer than ${MAX_DAYS} days` },
        ]);

      const codes = await org.subtree(unit.code);
      const all = await org.allUnits();
      const children = [];
      for (const c of all
        .filter((u) => u.parent === unit.code)
        .sort((a, b) => a.code.localeCompare(b.code))) {
        children.push({ code: c.code, name: c.name, level: c.level, codes: await org.subtree(c.code) });
      }

      const units = all.map((u) => ({ code: u.code, name: u.name, level: u.level }));
      // closed work comes from the rollups (engine/stats); only the open tasks are read
      return engine.assess({
        unit: { code: unit.code, name: unit.name, level: unit.level },
        children,
        units,
        codes,
        from,
        to,
        now,
        timezone: tz,
      });
    },
  );

  return r;
}
