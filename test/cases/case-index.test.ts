// The case-list fields derived from a case's state (engine/cases/case-index.ts): due and breach instants of
// the open steps, escalated, current levels, incident, and the search bigrams.
import { expect } from 'chai';
import { bigrams, caseIndexOf, normalizeSearchText, withCaseIndex } from '../../engine/cases/case-index.js';
import type { TaskState } from '../../engine/runtime/types.js';

const task = (over: Partial<TaskState>): TaskState => ({
  id: 't',
  nodeId: 'n',
  tokenId: 'k',
  status: 'open',
  unit: 'g1',
  unitPath: ['g1'],
  candidateRoles: ['handler'],
  createdAt: 0,
  slaState: 'ontime',
  ladderStep: 0,
  watchers: [],
  escalations: [],
  slaEpoch: 0,
  ...over,
});

type S = Parameters<typeof caseIndexOf>[0];
const state = (tasks: TaskState[], over: Partial<S> = {}): S => ({
  status: 'active',
  tasks: Object.fromEntries(tasks.map((t, i) => [`t${i}`, t])),
  incidents: {},
  title: '堵塞消防通道 · 幸福路12号',
  variables: { location: '幸福路12号' },
  ...over,
});

describe('case-list fields of a case', () => {
  it('takes the earliest due date and breach of the open steps; an escalated step breached at its first due date', () => {
    const f = caseIndexOf(
      state([
        task({ level: 'grid', dueAt: 500 }),
        task({
          level: 'community',
          dueAt: 900,
          escalations: [
            {
              fromLevel: 'grid',
              toLevel: 'community',
              fromUnit: 'g1',
              toUnit: 'c1',
              dueAt: 300,
              firedAt: 310,
              latenessMs: 10,
            },
          ],
        }),
        task({ status: 'completed', level: 'street', dueAt: 100 }),
      ]),
    );
    expect(f).to.include({ dueAt: 500, breachAt: 300, escalated: true, incident: false });
    expect(f.openLevels).to.deep.equal(['community', 'grid']);
  });

  it('a closed case keeps no due date or breach (a stale one is dropped), but stays escalated', () => {
    const closed = state(
      [
        task({
          status: 'completed',
          dueAt: 5,
          escalations: [
            {
              fromLevel: 'grid',
              toLevel: 'community',
              fromUnit: 'g',
              toUnit: 'c',
              dueAt: 1,
              firedAt: 2,
              latenessMs: 1,
            },
          ],
        }),
      ],
      { status: 'completed' },
    );
    const out = withCaseIndex({ ...closed, dueAt: 5, breachAt: 1 } as S & {
      dueAt: number;
      breachAt: number;
    });
    expect(out).to.not.have.property('dueAt');
    expect(out).to.not.have.property('breachAt');
    expect(out).to.include({ escalated: true });
    expect(out.openLevels).to.deep.equal([]);
  });

  it('flags an open incident only', () => {
    const inc = (status: 'open' | 'resolved') => ({
      i1: { id: 'i1', tokenId: 'k', nodeId: 'n', message: 'x', phase: 'execute' as const, at: 0, status },
    });
    expect(caseIndexOf(state([], { incidents: inc('open') })).incident).to.equal(true);
    expect(caseIndexOf(state([], { incidents: inc('resolved') })).incident).to.equal(false);
  });

  it('indexes the bigrams of title and address, normalised', () => {
    expect(normalizeSearchText(' 幸福路 12-号！ABC ')).to.equal('幸福路12号abc');
    expect(bigrams('幸福路12号')).to.deep.equal(['幸福', '福路', '路1', '12', '2号']);
    const terms = caseIndexOf(state([])).searchTerms;
    for (const t of ['堵塞', '消防', '通道', '幸福', '12', '2号']) expect(terms).to.include(t);
    expect(terms).to.deep.equal([...terms].sort());
    expect(caseIndexOf(state([], { title: undefined, variables: {} })).searchTerms).to.deep.equal([]);
  });
});
