// 例会签到: a head records a meeting of a unit they supervise (date, topic, the people invited from its
// subtree); each invited person signs in from their phone on the meeting's day. Heads list their
// subtrees' meetings, attendees the ones they are invited to.
import { Router } from 'express';
import type { Principal } from './access.js';
import { op, pageOf, paging, Reply, type ApiContext } from './context.js';
import { codedError, notFound } from './errors.js';
import { MeetingRefused, type MeetingDoc, type MeetingRefusal } from '../patrol/meetings.js';

const STATUS: Record<MeetingRefusal, number> = {
  'meeting.not-found': 404,
  'meeting.not-invited': 404,
  'meeting.not-today': 409,
  'meeting.unknown-attendee': 400,
  'meeting.bad-date': 400,
};

const refused = (err: unknown): never => {
  if (err instanceof MeetingRefused) throw codedError(STATUS[err.code], err.code, err.message, err.params);
  throw err;
};

export function meetingRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const meetings = engine.meetings;

  /** A head of `unit` or above (or an admin). */
  const heads = async (p: Principal, unit: string): Promise<boolean> => {
    if (p.admin) return true;
    const chain = (await engine.org.chain(unit)).map((u) => u.code);
    return chain.length > 0 && p.supervises.some((u) => chain.includes(u));
  };
  const view = (m: MeetingDoc) => ({ ...m, id: m._id });

  op<{ unit: string; date: string; topic: string; attendees: string[] }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/meetings',
      summary: '例会: record a meeting of a unit the caller heads, with the people invited (of its subtree)',
      description:
        '400 meeting.unknown-attendee names usernames that hold no role in the unit or below; 404 for a unit ' +
        "outside the caller's subtrees. Attendance becomes the figures meetingsInvited, meetingsAttended, " +
        'meetingAttendanceRate (persons) and meetingsHeld (units) of GET /assessment.',
      tag: 'meetings',
      body: 'MeetingBody',
      status: 201,
    },
    async ({ body, user }) => {
      if (!(await heads(user, body.unit))) throw notFound('unit.not-found');
      try {
        return new Reply(201, view(await meetings.record(user.username, body.unit, body)));
      } catch (err) {
        return refused(err);
      }
    },
  );

  op<unknown, { unit: string }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/meetings/candidates',
      summary: 'The people a meeting of a unit may invite (a role in it or below), for the head to pick from',
      tag: 'meetings',
      query: 'MeetingCandidatesQuery',
    },
    async ({ query, user }) => {
      if (!(await heads(user, query.unit))) throw notFound('unit.not-found');
      return { items: await meetings.candidates(query.unit) };
    },
  );

  op<unknown, { unit?: string; invited?: string; page?: number; pageSize?: number }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/meetings',
      summary:
        "Meetings newest first, paged: a head's subtrees (or `unit`'s), or with invited=1 (and for anyone " +
        'who heads nothing) the ones the caller is invited to',
      tag: 'meetings',
      query: 'MeetingListQuery',
    },
    async ({ query, user }) => {
      const pg = paging(query);
      const invitedOnly = query.invited === '1' || query.invited === 'true';
      let scope: string[] | undefined;
      let invited: string | undefined;
      if (query.unit) {
        if (!(await heads(user, query.unit))) throw notFound('unit.not-found');
        scope = [query.unit];
      } else if (invitedOnly || (!user.admin && !user.supervises.length)) invited = user.username;
      else if (!user.admin) scope = user.supervises;
      const { items, total } = await meetings.page({ scope, invited, skip: pg.skip, limit: pg.limit });
      return pageOf(items.map(view), total, pg);
    },
  );

  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/meetings/:id/sign-in',
      summary: 'An invited person signs in at a meeting, on its day (a repeat answers the first sign-in)',
      description: '404 meeting.not-invited (also for a meeting that does not exist); 409 meeting.not-today.',
      tag: 'meetings',
    },
    async ({ params, user }) => {
      try {
        return view(await meetings.signIn(params.id, user.username));
      } catch (err) {
        return refused(err);
      }
    },
  );

  return r;
}
