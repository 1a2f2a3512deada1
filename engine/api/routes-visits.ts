// The citizen loop after closure: the replies sent to the reporters of a case and its 回访 (satisfaction,
// note, reopen), the 回访 queue of the caller's units, and the messages the recording SMS gateway kept
// (development installs, admins). Intake staff see the visits of the reports in their units' areas (the
// intake record's scope), supervisors those of their subtree; a case the caller may not see is 404.
import { Router } from 'express';
import type { VisitDoc, VisitInput } from '../intake/visits.js';
import type { ReplyDoc } from '../intake/replies.js';
import { supervisesPath, type Principal } from './access.js';
import { op, pageOf, paging, type ApiContext } from './context.js';
import { codedError, notFound } from './errors.js';
import { intakeUnits } from './routes-intake.js';
import { visibleInstance } from './views.js';

/** The units whose visits the caller works on: intake staff's and supervisors' (undefined: all, admins). */
const visitUnits = (p: Principal): string[] | undefined =>
  p.admin ? undefined : [...new Set([...intakeUnits(p), ...p.supervises])];

const mayRecord = (p: Principal, v: Pick<VisitDoc, 'scope'>, unitPath: readonly string[]) =>
  p.admin || intakeUnits(p).some((u) => v.scope.includes(u)) || supervisesPath(p, unitPath);

const visitView = (v: VisitDoc) => {
  const { version, scope, ...rest } = v;
  void version;
  void scope;
  return rest;
};

const replyView = (r: ReplyDoc) => ({
  receipt: r.receipt,
  channel: r.channel,
  to: r.to,
  text: r.text,
  status: r.status,
  createdAt: r.createdAt,
  sentAt: r.sentAt ?? null,
  counted: r.counted,
});

export function visitRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;

  op<unknown, { status: VisitDoc['status']; page: number; pageSize: number }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/visits',
      summary:
        '回访 queue: the visits of closed cases from intake in the caller’s units (intake staff, ' +
        'supervisors), status=due (default, oldest closing first) or done (newest first), paged',
      tag: 'intake',
      query: 'VisitListQuery',
    },
    async ({ user, query }) => {
      const units = visitUnits(user);
      if (units && !units.length) throw notFound();
      const pg = paging(query);
      const { items, total } = await engine.visits.list(units, query.status, pg.skip, pg.limit);
      return pageOf(items.map(visitView), total, pg);
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/instances/:id/visit',
      summary:
        'The reply (反馈) and 回访 of a case round from intake: replies with the text and the phone masked, ' +
        'the visit (null: none — the case is not from intake or has not closed), and whether the caller ' +
        'may record it',
      tag: 'intake',
    },
    async ({ user, params }) => {
      const s = await visibleInstance(ctx, user, params.id);
      const [visit, replies] = await Promise.all([engine.visits.get(s._id), engine.replies.ofCase(s._id)]);
      return {
        visit: visit ? visitView(visit) : null,
        replies: replies.map(replyView),
        mayRecord: !!visit && visit.status === 'due' && mayRecord(user, visit, s.unitPath),
        reopenedFrom: typeof s.variables.reopenOf === 'string' ? s.variables.reopenOf : null,
        round: typeof s.variables.round === 'number' ? s.variables.round : 1,
      };
    },
  );

  op<VisitInput>(
    r,
    ctx,
    {
      method: 'post',
      path: '/instances/:id/visit',
      summary:
        '回访: record the reporter’s satisfaction (satisfied 满意 / basic 基本满意 / dissatisfied 不满意), a ' +
        'note, how it was taken (phone, sms); `reopen` with 不满意 and a note starts a new round of the case ' +
        '(same case number; 409 visit.reopen-limit after VISIT_MAX_ROUNDS). 409 visit.case-open before the ' +
        'case closed, visit.already-recorded for a different second answer; a repeat of the same answer ' +
        'returns the record',
      tag: 'intake',
      body: 'VisitBody',
    },
    async ({ user, params, body }) => {
      const s = await visibleInstance(ctx, user, params.id);
      const visit = await engine.visits.get(s._id);
      if (!visit)
        throw codedError(404, 'visit.none', 'this case has no 回访 (not from intake, or not closed)');
      if (!mayRecord(user, visit, s.unitPath))
        throw codedError(
          403,
          'visit.not-allowed',
          'only intake staff of the area and supervisors record 回访',
        );
      const done = await engine.visits.record(visit, body, user.username);
      return { visit: visitView(done), reopenedAs: done.reopenedAs ?? null };
    },
  );

  op<unknown, { page: number; pageSize: number }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/sms-outbox',
      summary:
        'The SMS the recording gateway kept (no SMS_GATEWAY_URL: development and tests), newest first, ' +
        'phone masked',
      tag: 'admin',
      auth: 'admin',
      query: 'SmsOutboxQuery',
    },
    async ({ query }) => {
      const pg = paging(query);
      const { items, total } = await engine.replies.recordedSms(pg.skip, pg.limit);
      return {
        gateway: engine.smsGateway.name,
        ...pageOf(
          items.map((m) => ({ id: m._id, to: m.to, text: m.text, at: m.at })),
          total,
          pg,
        ),
      };
    },
  );

  return r;
}
