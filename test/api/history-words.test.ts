// The case history in people's words (GET /api/instances/:id/history and the case detail): element names
// from the definition, display names of people and units from the org directory (resolved in one batch per
// page), and data changes listing the changed fields by their form titles, old → new, values cut short.
import { expect } from 'chai';
import type { User } from '../../engine/grid/org.js';
import { GRID1 } from '../helpers/engine.js';
import { flow, processXml } from './fixtures.js';
import { harness, waitFor, type Harness } from './helpers.js';

const REPORT = {
  title: '隐患登记',
  type: 'object',
  properties: {
    location: { type: 'string', title: '隐患地址', minLength: 2 },
    severity: {
      type: 'string',
      title: '严重程度',
      enum: ['general', 'major'],
      'x-enumNames': ['一般隐患', '重大火灾隐患'],
    },
    description: { type: 'string', title: '隐患描述', maxLength: 5000 },
    photos: { type: 'array', title: '现场照片', items: { type: 'string' } },
  },
};

/** start → 隐患登记上报 (grid handler, hw-report) → 整改复查 (community reviewer) → end */
const FLOW = processXml(
  'hwcase',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'report')}
   <bpmn:userTask id="report" name="隐患登记上报" grid:level="grid" grid:candidateRoles="handler" grid:formKey="hw-report"/>
   ${flow('f1', 'report', 'review')}
   <bpmn:userTask id="review" name="整改复查" grid:level="community" grid:candidateRoles="reviewer"/>
   ${flow('f2', 'review', 'e')}
   <bpmn:endEvent id="e"/>`,
  '',
  '历史测试',
);

interface Change {
  name: string;
  title: string;
  value: unknown;
  previous?: unknown;
  labels?: string[];
  previousLabels?: string[];
}
interface Rec {
  action: string;
  actor: string;
  elementId?: string;
  elementName?: string;
  actorName?: string;
  unitName?: string;
  changes?: Change[];
  details?: Record<string, unknown>;
}

describe("API: case history in people's words", () => {
  let h: Harness;
  let caseId: string;
  let wangwei: User;
  before(async () => {
    h = await harness();
    h.t.engine.forms.register('hw-report', REPORT);
    await h.t.engine.deploy(FLOW);
    wangwei = (await h.t.engine.org.user('wangwei'))!;
    const res = await h.post('wangwei', '/api/instances', {
      definitionKey: 'hwcase',
      gridUnit: GRID1,
      variables: { location: '明天路1号', severity: 'general' },
      claimFirstTask: true,
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    caseId = res.body.id;
    const done = await h.post('wangwei', `/api/tasks/${res.body.firstTask.id}/complete`, {
      data: {
        location: '明天路1号东门',
        severity: 'major',
        description: '长'.repeat(1000),
        photos: Array.from({ length: 30 }, (_, i) => `https://img.example/${i}.jpg`),
      },
    });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    await waitFor(
      async () => (await h.t.engine.openTasksOfCase(caseId, { nodeId: 'review' }))[0],
      'review task',
    );
  });
  after(() => h.close());

  it('names elements, people and units instead of ids, logins and codes', async () => {
    const res = await h.get('wangwei', `/api/instances/${caseId}/history`);
    expect(res.status).to.equal(200);
    const items = res.body.items as Rec[];
    const created = items.find((r) => r.action === 'task-created' && r.elementId === 'report')!;
    expect(created.elementName).to.equal('隐患登记上报');
    expect(created.unitName).to.equal('明天社区第1网格');
    const review = items.find((r) => r.action === 'task-created' && r.elementId === 'review')!;
    expect(review.elementName).to.equal('整改复查');
    expect(review.unitName).to.equal('明天社区');
    const completed = items.find((r) => r.action === 'task-completed')!;
    expect(completed.actor).to.equal('wangwei');
    expect(wangwei.displayName).to.be.a('string').and.not.equal('wangwei');
    expect(completed.actorName).to.equal(wangwei.displayName);
    // the case detail carries the same words
    const detail = await h.get('wangwei', `/api/instances/${caseId}`);
    const same = (detail.body.history as Rec[]).find((r) => r.action === 'task-completed')!;
    expect(same).to.include({ elementName: '隐患登记上报', actorName: wangwei.displayName });
  });

  it('lists the changed fields of a data change by their titles, old → new, enum values by their labels', async () => {
    const res = await h.get('wangwei', `/api/instances/${caseId}/history`);
    const update = (res.body.items as Rec[]).find(
      (r) => r.action === 'variables-updated' && r.elementId === 'report',
    )!;
    expect(update.elementName).to.equal('隐患登记上报');
    const byName = Object.fromEntries(update.changes!.map((c) => [c.name, c]));
    // only what changed: the severity and location changed, nothing else is listed twice
    expect(Object.keys(byName).sort()).to.deep.equal(['description', 'location', 'photos', 'severity']);
    expect(byName.location).to.include({ title: '隐患地址', previous: '明天路1号', value: '明天路1号东门' });
    expect(byName.severity).to.deep.include({
      title: '严重程度',
      previous: 'general',
      value: 'major',
      labels: ['重大火灾隐患'],
      previousLabels: ['一般隐患'],
    });
    // new fields have no previous value
    expect(byName.description).to.not.have.property('previous');
  });

  it('keeps the record small: long texts and lists are cut in the history, the case keeps them whole', async () => {
    const res = await h.get('wangwei', `/api/instances/${caseId}/history`);
    const update = (res.body.items as Rec[]).find(
      (r) => r.action === 'variables-updated' && r.elementId === 'report',
    )!;
    const vars = update.details!.variables as { description: string; photos: string[] };
    expect([...vars.description].length).to.equal(201);
    expect(vars.description.endsWith('…')).to.equal(true);
    expect(vars.photos).to.have.length(11);
    expect(vars.photos[10]).to.equal('… +20');
    const s = await h.t.engine.getInstance(caseId);
    expect((s!.variables.description as string).length).to.equal(1000);
    expect(s!.variables.photos as string[]).to.have.length(30);
  });

  it('reads the names of the people on a page in one batch, not once per record', async () => {
    const org = h.t.engine.org;
    const calls: string[][] = [];
    const original = org.displayNames.bind(org);
    org.displayNames = async (names: string[]) => {
      calls.push(names);
      return original(names);
    };
    try {
      const res = await h.get('wangwei', `/api/instances/${caseId}/history`);
      expect((res.body.items as Rec[]).length).to.be.greaterThan(5);
      expect(calls).to.have.length(1);
      expect(calls[0]).to.include('wangwei');
    } finally {
      org.displayNames = original;
    }
  });
});
