// Form validation (engine/model/forms.ts): read-only fields cannot be set by whoever completes a task.
import { expect } from 'chai';
import { FormRegistry } from '../../engine/model/forms.js';
import { createCalendar } from '../../engine/sla/calendar.js';
import { CommandError } from '../../engine/runtime/transition.js';
import { bpmnXml, flow } from '../fixtures/bpmn.js';
import { GRID1, testEngine } from '../helpers/engine.js';

const DURATION = '^P(?!$)(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$';

const REPORT = {
  type: 'object',
  properties: {
    summary: { type: 'string', minLength: 2 },
    urgent: { type: 'boolean', default: false },
    checkSla: { type: 'string', pattern: DURATION, default: 'P3D', readOnly: true },
    caseNo: { type: 'string', readOnly: true },
    contact: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        level: { type: 'string', default: 'grid', readOnly: true },
      },
    },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { what: { type: 'string' }, limit: { type: 'integer', default: 5, readOnly: true } },
      },
    },
  },
  required: ['summary'],
  additionalProperties: false,
};

function registry(): FormRegistry {
  const forms = new FormRegistry();
  forms.register('report', REPORT);
  return forms;
}

describe('form validation: read-only fields', () => {
  it('refuses a read-only value other than its default, with a field error at its path', () => {
    const forms = registry();
    const data = { summary: '楼道堆物', checkSla: 'P30D' };
    expect(forms.validate('report', data)).to.deep.equal([
      {
        path: '/data/checkSla',
        message: 'is read-only: omit it or leave it at "P3D"',
        code: 'field.read-only',
        params: { field: 'data/checkSla', value: 'P3D' },
      },
    ]);
  });

  it('refuses any value of a read-only field without a default', () => {
    const forms = registry();
    expect(forms.validate('report', { summary: '楼道堆物', caseNo: 'XF-1' })).to.deep.equal([
      {
        path: '/data/caseNo',
        message: 'is read-only: it cannot be set on this form',
        code: 'field.read-only',
        params: { field: 'data/caseNo' },
      },
    ]);
  });

  it('accepts the default echoed back and drops it, so a form never writes a read-only value', () => {
    const forms = registry();
    const data: Record<string, unknown> = { summary: '楼道堆物', checkSla: 'P3D' };
    expect(forms.validate('report', data)).to.deep.equal([]);
    expect(data).to.deep.equal({ summary: '楼道堆物', urgent: false });
  });

  it('does not fill in the default of a read-only field that was left out; other defaults still are', () => {
    const forms = registry();
    const data: Record<string, unknown> = { summary: '楼道堆物' };
    expect(forms.validate('report', data)).to.deep.equal([]);
    expect(data).to.deep.equal({ summary: '楼道堆物', urgent: false });
  });

  it('checks read-only properties of nested objects and of array items', () => {
    const forms = registry();
    const bad = {
      summary: '楼道堆物',
      contact: { name: '王伟', level: 'district' },
      items: [{ what: 'a' }, { what: 'b', limit: 50 }, { what: 'c', limit: 5 }],
    };
    expect(forms.validate('report', bad).map((e) => e.path)).to.deep.equal([
      '/data/contact/level',
      '/data/items/1/limit',
    ]);
    const ok: Record<string, unknown> = {
      summary: '楼道堆物',
      contact: { name: '王伟', level: 'grid' },
      items: [{ what: 'a', limit: 5 }],
    };
    expect(forms.validate('report', ok)).to.deep.equal([]);
    expect(ok).to.deep.equal({
      summary: '楼道堆物',
      urgent: false,
      contact: { name: '王伟' },
      items: [{ what: 'a' }],
    });
  });

  it('reports read-only errors together with the schema errors, and leaves invalid data alone', () => {
    const forms = registry();
    const data = { checkSla: 'P30D', extra: 1 };
    expect(forms.validate('report', data).map((e) => e.path)).to.deep.equal([
      '/data/checkSla',
      '/data/summary',
      '/data',
    ]);
    expect(data.checkSla).to.equal('P30D');
  });

  it('without a schema for the form key nothing is checked or removed', () => {
    const forms = registry();
    const data = { checkSla: 'P30D' };
    expect(forms.validate('unknown', data)).to.deep.equal([]);
    expect(forms.validate(undefined, data)).to.deep.equal([]);
    expect(data).to.deep.equal({ checkSla: 'P30D' });
  });

  describe('completing a task through the engine', function () {
    this.timeout(20000);
    const xml = bpmnXml(
      `<bpmn:startEvent id="s"/>${flow('f1', 's', 'report')}
       <bpmn:userTask id="report" name="上报" grid:level="grid" grid:formKey="ro-report"
         grid:sla="=if checkSla = null then &quot;P3D&quot; else checkSla"/>
       ${flow('f2', 'report', 'check')}
       <bpmn:userTask id="check" name="核查" grid:level="grid" grid:formKey="ro-report"
         grid:sla="=if checkSla = null then &quot;P3D&quot; else checkSla"/>
       ${flow('f3', 'check', 'e')}<bpmn:endEvent id="e"/>`,
      { id: 'ro_form' },
    );

    it('a grid worker cannot stretch a configured time limit from the form', async () => {
      const t = await testEngine();
      try {
        t.engine.forms.register('ro-report', REPORT);
        await t.engine.deploy(xml);
        // the place configures 2 working days at start; the form shows the schema default
        const s = await t.engine.start(
          'ro_form',
          { gridUnit: GRID1, variables: { checkSla: 'P2D' } },
          'wangwei',
        );
        await t.engine.waitForIdle(s._id);
        const [task] = await t.engine.openTasksOfCase(s._id);
        let err: unknown;
        try {
          await t.engine.completeTask(task._id, 'wangwei', { summary: '楼道堆物', checkSla: 'P30D' });
        } catch (e) {
          err = e;
        }
        expect(err).to.be.instanceOf(CommandError);
        expect((err as CommandError).code).to.equal('invalid');
        expect((err as CommandError).details.map((d) => d.path)).to.deep.equal(['/data/checkSla']);
        expect((await t.engine.getTask(task._id))?.status).to.equal('open');

        // the default echoed back by a form UI is accepted but does not reset the configured value
        await t.engine.completeTask(task._id, 'wangwei', { summary: '楼道堆物', checkSla: 'P3D' });
        const after = await t.engine.waitForIdle(s._id);
        expect(after.variables).to.include({ checkSla: 'P2D', summary: '楼道堆物' });
        const [next] = await t.engine.openTasksOfCase(s._id);
        expect(next.nodeId).to.equal('check');
        expect(next.sla).to.deep.equal({ duration: 'P2D', calendar: 'workday' });
      } finally {
        await t.close();
      }
    });
  });
});

describe('form validation: workdayDaytime (no enforcement at night or on statutory holidays)', () => {
  const forms = new FormRegistry();
  const calendar = createCalendar({ timezone: 'Asia/Shanghai' });
  forms.useCalendar({ isWorkday: (ms) => calendar.isWorkday(ms), timezone: 'Asia/Shanghai' });
  forms.register('sched', {
    type: 'object',
    properties: { at: { type: 'string', format: 'date-time', workdayDaytime: true } },
  });
  const errs = (at: string) => forms.validate('sched', { at }).map((e) => e.path);

  it('accepts a working day between 08:00 and 18:00, 调休 Saturdays included', () => {
    expect(errs('2026-10-09T08:00:00+08:00')).to.deep.equal([]); // Fri
    expect(errs('2026-10-09T18:00:00+08:00')).to.deep.equal([]);
    expect(errs('2026-10-10T10:00:00+08:00')).to.deep.equal([]); // Sat, a 调休 working day after 国庆
  });

  it('refuses night, weekends and statutory holidays, in Shanghai time whatever the offset written', () => {
    expect(errs('2026-10-09T07:59:00+08:00')).to.deep.equal(['/data/at']);
    expect(errs('2026-10-09T18:01:00+08:00')).to.deep.equal(['/data/at']);
    expect(errs('2026-10-09T13:00:00Z')).to.deep.equal(['/data/at']); // 21:00 in Shanghai
    expect(errs('2026-10-11T10:00:00+08:00')).to.deep.equal(['/data/at']); // Sunday
    expect(errs('2026-10-05T10:00:00+08:00')).to.deep.equal(['/data/at']); // 国庆, a Monday
    expect(errs('2026-05-01T10:00:00+08:00')).to.deep.equal(['/data/at']); // 劳动节
  });
});

describe('form validation: distinctFrom (two different enforcement officers)', () => {
  const forms = new FormRegistry();
  forms.register('pair', {
    type: 'object',
    properties: {
      officer1: { type: 'string' },
      officer2: { type: 'string', distinctFrom: 'officer1' },
    },
    required: ['officer1', 'officer2'],
  });
  const check = (officer1: unknown, officer2: unknown) => forms.validate('pair', { officer1, officer2 });

  it('accepts two different names', () => {
    expect(check('张三', '李四')).to.deep.equal([]);
  });

  it('refuses the same name at the second field, white space and padding ignored', () => {
    expect(check('张三', '张三')).to.deep.equal([
      {
        path: '/data/officer2',
        message: 'must differ from officer1',
        code: 'field.distinctFrom',
        params: { field: 'data/officer2', other: 'officer1' },
      },
    ]);
    expect(check('王 小明', ' 王  小明 ')).to.deep.equal([
      {
        path: '/data/officer2',
        message: 'must differ from officer1',
        code: 'field.distinctFrom',
        params: { field: 'data/officer2', other: 'officer1' },
      },
    ]);
  });

  it('leaves a missing or mistyped sibling to the other rules', () => {
    expect(forms.validate('pair', { officer2: '张三' }).map((e) => e.path)).to.deep.equal(['/data/officer1']);
    expect(check(7, '张三').map((e) => e.path)).to.deep.equal(['/data/officer1']);
  });
});
