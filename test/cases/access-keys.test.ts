import { expect } from 'chai';
import { accessKeysOf } from '../../engine/cases/access-keys.js';
import type { TaskState } from '../../engine/runtime/types.js';

const task = (over: Partial<TaskState>): TaskState =>
  ({
    id: 't',
    unit: 'G1',
    unitPath: ['G1', 'C'],
    candidateRoles: ['handler'],
    watchers: [],
    ...over,
  }) as TaskState;

describe('case access keys', () => {
  it('names every user who held, delegated or watched a task, ever', () => {
    const keys = accessKeysOf({
      gridUnit: 'G1',
      tasks: {
        a: task({ id: 'a', assignee: 'ann', owner: 'bob', watchers: ['cat'] }),
        b: task({ id: 'b', assignee: 'ann' }),
      },
    });
    expect(keys).to.deep.equal(['u:ann', 'u:bob', 'u:cat']);
  });

  it('admits candidates at units above the grid, not at the grid itself (gridUnit admits those)', () => {
    const keys = accessKeysOf({
      gridUnit: 'G1',
      tasks: {
        a: task({ id: 'a', unit: 'G1' }),
        b: task({ id: 'b', unit: 'C', candidateRoles: ['mediator', 'head'] }),
      },
    });
    expect(keys).to.deep.equal(['c:C:head', 'c:C:mediator']);
  });

  it('names the starter too (the cases one opened are among those one handled)', () => {
    const keys = accessKeysOf({
      gridUnit: 'G1',
      startedBy: 'dan',
      tasks: { b: task({ id: 'b', assignee: 'ann' }) },
    });
    expect(keys).to.deep.equal(['u:ann', 'u:dan']);
  });

  it('is empty for a case without tasks', () => {
    expect(accessKeysOf({ gridUnit: 'G1', tasks: {} })).to.deep.equal([]);
  });
});
