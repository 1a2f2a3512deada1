// 督办单 (duban) and 交办单 (jiaoban): written orders from a supervisor to a unit or department about a case,
// with a reply deadline. Stored in `supervisions` as open/replied; `overdue` is computed on read, and the
// deadline's reminder and overdue notice run as timer jobs (engine/queue/orders.ts).
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { orderNotice } from '../queue/orders.js';
import { roleKey, type Unit } from '../grid/org.js';
import type { InstanceState } from '../runtime/types.js';
import { canCancelInstance, rolesAt, supervisesPath, unitsOf, type Principal } from './access.js';
import { audit } from './audit.js';
import { op, pageOf, paging, type ApiContext } from './context.js';
import { badRequest, conflict, fieldDetail, notFound } from './errors.js';
import { roleCatalogue } from './routes-auth.js';
import { supervisionView, visibleInstance, type SupervisionDoc } from './views.js';

interface OrderBody {
  kind: 'duban' | 'jiaoban';
  to: string;
  content: string;
  replyDueAt?: string;
  replySla?: string;
}

export function supervisionRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const orders = engine.supervision;

  /**
   * Units an order on the case may go to: the case's unit chain, within the issuer's supervised subtrees
   * (a chain unit is in the subtree of U when U is the unit itself or one of its ancestors).
   */
  const reachableUnits = (p: Principal, s: InstanceState): string[] => {
    const codes = s.unitChain.map((u) => u.code);
    if (p.admin) return codes;
    return codes.filter((_c, i) => p.supervises.some((u) => codes.indexOf(u) >= i));
  };

  /**
   * `to`: a unit code, `role@unit`, or a role found on the case's unit chain (innermost first) — always a
   * unit on the case's chain within the issuer's jurisdiction. Unknown units and units out of reach get the
   * same answer, so the check reveals nothing about units the issuer may not see.
   */
  const resolveTarget = async (
    to: string,
    s: InstanceState,
    p: Principal,
  ): Promise<{ unit: Unit; role?: string }> => {
    const bad = (detail = fieldDetail('/to', 'field.out-of-reach')) =>
      badRequest('order.invalid-target', [detail]);
    const reachable = reachableUnits(p, s);
    const unitIn = async (code: string) => {
      const unit = reachable.includes(code) ? await engine.org.unit(code) : undefined;
      if (!unit) throw bad();
      return unit;
    };
    if (await engine.org.unit(to)) return { unit: await unitIn(to) };
    const at = to.indexOf('@');
    if (at > 0) return { unit: await unitIn(to.slice(at + 1)), role: to.slice(0, at) };
    const { roles } = await roleCatalogue(engine);
    // neither a unit within reach nor a known role: the same answer as a unit out of reach
    if (Object.keys(roles).length && !(to in roles)) throw bad();
    for (const code of reachable) {
      if ((await engine.org.usersWithRoles(code, [to])).length) return { unit: await unitIn(code), role: to };
    }
    throw bad(fieldDetail('/to', 'field.no-role-holder', { role: to }));
  };

  const isTarget = (p: Principal, d: SupervisionDoc) =>
    d.target.role ? rolesAt(p, d.target.unit).includes(d.target.role) : rolesAt(p, d.target.unit).length > 0;

  const canSee = (p: Principal, d: SupervisionDoc) =>
    p.admin ||
    d.createdBy === p.username ||
    unitsOf(p).includes(d.target.unit) ||
    supervisesPath(p, d.unitPath);

  const notify = (to: string[], d: SupervisionDoc, key: 'issued' | 'replied', body: string) =>
    orders.notify(to, d, {
      key,
      kind: 'info',
      ...orderNotice(`order.${key}`, d, d.businessKey ?? d.instanceId),
      body,
      at: ctx.now(),
    });

  op<OrderBody>(
    r,
    ctx,
    {
      method: 'post',
      path: '/instances/:id/supervision-orders',
      summary: "Issue a 督办单/交办单 on a case (supervisor of the case's units, or admin)",
      tag: 'supervision',
      body: 'SupervisionOrderBody',
      status: 201,
    },
    async ({ params, body, user }) => {
      const s = await visibleInstance(ctx, user, params.id);
      if (!canCancelInstance(user, s)) throw notFound('instance.not-found');
      const now = ctx.now();
      let replyDueAt: number;
      if (body.replySla) {
        try {
          replyDueAt = engine.calendar.addDuration(now, body.replySla, 'workday');
        } catch {
          throw badRequest('order.invalid-deadline', [
            { path: '/replySla', message: 'not a usable ISO-8601 duration' },
          ]);
        }
      } else {
        replyDueAt = Date.parse(body.replyDueAt!);
        if (!(replyDueAt > now))
          throw badRequest('order.invalid-deadline', [
            { path: '/replyDueAt', message: 'must be in the future' },
          ]);
      }
      const { unit, role } = await resolveTarget(body.to, s, user);
      const doc: SupervisionDoc = {
        _id: `so${randomUUID().replace(/-/g, '').slice(0, 16)}`,
        instanceId: s._id,
        kind: body.kind,
        to: body.to,
        target: { unit: unit.code, unitName: unit.name, ...(role ? { role } : {}) },
        content: body.content,
        status: 'open',
        replyDueAt,
        createdAt: now,
        createdBy: user.username,
        unitPath: s.unitPath,
        gridUnit: s.gridUnit,
        businessKey: s.businessKey,
        caseNo: s.caseNo,
        caseTitle: s.title,
        definitionKey: s.definitionKey,
      };
      await orders.issue(doc, role ? roleKey(role, unit.code) : unit.code);
      await audit(
        ctx,
        user.username,
        'order-issued',
        { type: 'supervision-order', id: doc._id },
        {
          kind: doc.kind,
          instanceId: s._id,
          to: doc.target,
          replyDueAt,
        },
      );
      await notify(await orders.recipients(doc.target), doc, 'issued', body.content);
      return supervisionView(doc, now);
    },
  );

  op<
    unknown,
    { status?: 'open' | 'replied' | 'overdue'; instanceId?: string; page: number; pageSize: number }
  >(
    r,
    ctx,
    {
      method: 'get',
      path: '/supervision-orders',
      summary: 'Supervision orders issued by, addressed to, or under the supervision of the caller',
      tag: 'supervision',
      query: 'SupervisionListQuery',
    },
    async ({ query, user }) => {
      const pg = paging(query);
      const now = ctx.now();
      const viewer = user.admin
        ? null
        : { username: user.username, units: unitsOf(user), supervises: user.supervises };
      const { items, total } = await orders.page(
        viewer,
        { status: query.status, instanceId: query.instanceId },
        now,
        pg,
      );
      return pageOf(
        items.map((d) => ({
          ...supervisionView(d, now),
          canReply: d.status === 'open' && (user.admin || isTarget(user, d)),
        })),
        total,
        pg,
      );
    },
  );

  op(
    r,
    ctx,
    { method: 'get', path: '/supervision-orders/:id', summary: 'One supervision order', tag: 'supervision' },
    async ({ params, user }) => {
      const d = await orders.get(params.id);
      if (!d || !canSee(user, d)) throw notFound('order.not-found');
      return {
        ...supervisionView(d, ctx.now()),
        canReply: d.status === 'open' && (user.admin || isTarget(user, d)),
      };
    },
  );

  op<{ content: string }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/supervision-orders/:id/reply',
      summary:
        'Reply to an order (someone holding the target role/unit); replies after the deadline are marked late',
      tag: 'supervision',
      body: 'SupervisionReplyBody',
    },
    async ({ params, body, user }) => {
      const d = await orders.get(params.id);
      if (!d || !canSee(user, d) || !(user.admin || isTarget(user, d))) throw notFound('order.not-found');
      const now = ctx.now();
      const reply = { content: body.content, at: now, by: user.username, late: now > d.replyDueAt };
      if (!(await orders.reply(d, reply))) throw conflict('order.already-replied');
      await audit(
        ctx,
        user.username,
        'order-replied',
        { type: 'supervision-order', id: d._id },
        {
          kind: d.kind,
          instanceId: d.instanceId,
          late: reply.late,
        },
      );
      const updated = { ...d, status: 'replied' as const, reply };
      await notify([d.createdBy], updated, 'replied', body.content);
      return supervisionView(updated, now);
    },
  );

  return r;
}
