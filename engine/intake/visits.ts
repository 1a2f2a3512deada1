// 回访: the follow-up with the reporter after a case from intake closed. Each case round gets one visit
// record, opened with its reply (replies.ts) and listed in the 回访 queue of the intake staff whose area
// the report lies in (`scope`, as the intake record's) until someone records the answer: 满意 / 基本满意 /
// 不满意, a note, and how it was taken (a phone call, or the reporter's SMS answer).
//
// 不满意 with a reason may reopen the case: a new round — a new instance of the same process, in the same
// grid, under the same case number and receipt (variables reopenOf, round) — while the closed round stays
// as it closed, with its history. The reopen is counted as 返工 (a rework fact of the closed round) and as
// `reopened`; 满意率 comes from these records (stats/facts.ts citizenOutcomeOf).
//
// Exactly once: the visit is claimed on a version-checked write naming the new round's id (derived from
// the case), then the effects run, each idempotent (deterministic history and fact ids, the start of an
// existing id found) — a request repeated after a lost answer or a crash completes what is missing.
import type { InstanceState } from '../runtime/types.js';
import { CommandError } from '../runtime/transition.js';
import type { Store } from '../store/types.js';
import type { CitizenOutcome } from '../stats/tally.js';
import { IntakeEntries, type IntakeEntry } from './entries.js';
import type { ErrorCode } from '../error-codes.js';
import { HistoryLog } from '../queue/history.js';

export const SATISFACTIONS = ['satisfied', 'basic', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
export const VISIT_VIA = ['phone', 'sms'] as const;
export type VisitVia = (typeof VISIT_VIA)[number];

export interface VisitDoc {
  /** the case round's instance id */
  _id: string;
  instanceId: string;
  /** the first round (the case as 立案 opened it) */
  rootId: string;
  round: number;
  receipt: string;
  caseNo?: string;
  title?: string;
  definitionKey: string;
  gridUnit: string;
  /** the intake staff's units (the intake record's scope), multikey */
  scope: string[];
  closedAt: number;
  status: 'due' | 'done';
  satisfaction?: Satisfaction;
  note?: string;
  via?: VisitVia;
  by?: string;
  at?: number;
  /** the next round's instance id when this visit reopened the case */
  reopenedAs?: string;
  version: number;
}

export interface VisitInput {
  satisfaction: Satisfaction;
  note?: string;
  via: VisitVia;
  /** 不满意 only, with a note: reopen the case */
  reopen?: boolean;
}

export interface VisitDeps {
  store: Store;
  now: () => number;
  /** rounds a case may have at most (the first included): a budget on reopening */
  maxRounds: number;
  instance: (id: string) => Promise<InstanceState | null>;
  /** starts the next round (same process, grid and case number); DuplicateKeyError when it exists */
  startRound: (
    prev: InstanceState,
    args: { instanceId: string; round: number; reason: string },
    actor: string,
  ) => Promise<InstanceState>;
  recordFacts: (
    s: InstanceState,
    events: Array<{ id: string; outcome: CitizenOutcome; at: number }>,
  ) => Promise<void>;
}

/** The id of round `round` (≥ 2) of the case whose first round is `rootId`. */
export const roundId = (rootId: string, round: number) => `${rootId}r${round}`;

const invalid = (code: ErrorCode, path: string, message: string) =>
  new CommandError('invalid', message, [{ path, message }], code);

export class CitizenVisits {
  readonly col;
  private readonly entries: IntakeEntries;
  constructor(private readonly d: VisitDeps) {
    this.col = d.store.collection<VisitDoc>('citizenVisits');
    this.entries = new IntakeEntries(d.store);
  }

  /** Opens the 回访 of a closing case round (idempotent). */
  async open(s: InstanceState, entry: IntakeEntry, at: number): Promise<void> {
    const round = typeof s.variables.round === 'number' ? s.variables.round : 1;
    await this.col.insertManyIgnoreDuplicates([
      {
        _id: s._id,
        instanceId: s._id,
        rootId: typeof s.variables.reopenOf === 'string' ? s.variables.reopenOf : s._id,
        round,
        receipt: entry.receipt,
        ...(s.caseNo ? { caseNo: s.caseNo } : {}),
        ...(s.title ? { title: s.title } : {}),
        definitionKey: s.definitionKey,
        gridUnit: s.gridUnit,
        scope: entry.scope,
        closedAt: at,
        status: 'due',
        version: 1,
      },
    ]);
  }

  get(instanceId: string): Promise<VisitDoc | null> {
    return this.col.findOne({ _id: instanceId });
  }

  /** A page of the visits in these scopes (undefined: all) in a state, oldest closing first. */
  async list(
    scopes: string[] | undefined,
    status: VisitDoc['status'],
    skip: number,
    limit: number,
  ): Promise<{ items: VisitDoc[]; total: number }> {
    const q: Record<string, unknown> = { status };
    if (scopes) q.scope = { $in: scopes };
    const sort = status === 'due' ? { closedAt: 1 as const } : { closedAt: -1 as const };
    const [items, total] = await Promise.all([
      this.col.find(q, { sort, skip, limit }),
      this.col.count(q, { limit: 10_000 }),
    ]);
    return { items, total };
  }

  /** Records the answer of a 回访 (and reopens the case when asked and allowed). */
  async record(v: VisitDoc, input: VisitInput, actor: string): Promise<VisitDoc> {
    const note = input.note?.trim() ?? '';
    if (input.reopen && input.satisfaction !== 'dissatisfied')
      throw invalid('visit.reopen-needs-dissatisfied', '/reopen', 'only 不满意 reopens a case');
    if (input.reopen && !note)
      throw invalid('visit.reason-required', '/note', 'a reopen needs the reason (the note)');
    if (v.status === 'done') {
      const same = v.satisfaction === input.satisfaction && !!v.reopenedAs === !!input.reopen;
      if (!same)
        throw new CommandError('conflict', 'this 回访 is already recorded', [], 'visit.already-recorded');
      await this.effects(v);
      return v;
    }
    const s = await this.d.instance(v.instanceId);
    if (!s) throw new CommandError('not-found', 'case not found', [], 'visit.case-missing');
    if (s.status === 'active')
      throw new CommandError('conflict', 'the case has not closed yet', [], 'visit.case-open');
    if (input.reopen && v.round >= this.d.maxRounds)
      throw new CommandError(
        'conflict',
        `the case has had ${v.round} rounds already`,
        [{ path: '/reopen', message: `at most ${this.d.maxRounds} rounds` }],
        'visit.reopen-limit',
      );
    const set: Partial<VisitDoc> = {
      status: 'done',
      satisfaction: input.satisfaction,
      ...(note ? { note } : {}),
      via: input.via,
      by: actor,
      at: this.d.now(),
      ...(input.reopen ? { reopenedAs: roundId(v.rootId, v.round + 1) } : {}),
    };
    const won = await this.col.updateOne(
      { _id: v._id, version: v.version },
      { $set: { ...set, version: v.version + 1 } },
    );
    if (won.matched !== 1)
      throw new CommandError('conflict', 'this 回访 was recorded meanwhile', [], 'visit.already-recorded');
    const done = { ...v, ...set, version: v.version + 1 } as VisitDoc;
    await this.effects(done);
    return done;
  }

  /** The effects of a recorded visit, each idempotent (see the header). */
  private async effects(v: VisitDoc): Promise<void> {
    const s = await this.d.instance(v.instanceId);
    if (!s || !v.satisfaction || v.at === undefined) return;
    const history = new HistoryLog(this.d.store);
    const visitedId = `${v.instanceId}.visit`;
    await history.append([
      {
        _id: visitedId,
        instanceId: v.instanceId,
        at: v.at,
        actor: v.by ?? 'system',
        action: 'citizen-visited',
        details: {
          receipt: v.receipt,
          satisfaction: v.satisfaction,
          via: v.via,
          ...(v.note ? { note: v.note } : {}),
        },
      },
    ]);
    const events: Array<{ id: string; outcome: CitizenOutcome; at: number }> = [
      { id: visitedId, outcome: v.satisfaction, at: v.at },
    ];
    if (v.reopenedAs) {
      let next = await this.d.instance(v.reopenedAs);
      if (!next) {
        try {
          next = await this.d.startRound(
            s,
            { instanceId: v.reopenedAs, round: v.round + 1, reason: v.note ?? '' },
            v.by ?? 'system',
          );
        } catch (err) {
          if ((err as Error | null)?.name !== 'DuplicateKeyError') throw err;
          next = await this.d.instance(v.reopenedAs);
        }
      }
      const reopenedId = `${v.instanceId}.reopened`;
      await history.append([
        {
          _id: reopenedId,
          instanceId: v.instanceId,
          at: v.at,
          actor: v.by ?? 'system',
          action: 'case-reopened',
          details: { receipt: v.receipt, round: v.round + 1, next: v.reopenedAs, reason: v.note ?? '' },
        },
      ]);
      events.push({ id: reopenedId, outcome: 'reopened', at: v.at });
      // the receipt follows the newest round
      const e = await this.entries.get(v.receipt);
      if (e && !(e.rounds ?? []).includes(v.reopenedAs))
        await this.entries.update(e, { rounds: [...(e.rounds ?? []), v.reopenedAs] });
      void next;
    }
    await this.d.recordFacts(s, events);
  }
}
