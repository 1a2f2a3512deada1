// The UI's wording of server codes (ui/src/i18n/render.ts), in both languages: error codes with their params
// turned into words (statuses, retry minutes), field details, notifications by type with the stored title as
// the fallback, and deploy problems from their codes. Pure, under node.
import { expect } from 'chai';
import { langStore } from '../../ui/src/i18n/index.js';
import { codeText, notificationBody, notificationTitle, problemText } from '../../ui/src/i18n/render.js';

describe('UI: server codes in words (zh and en)', () => {
  afterEach(() => langStore.set('zh'));

  it('words an error code from its params in the chosen language', () => {
    langStore.set('zh');
    expect(codeText('task.closed', { taskId: 't1', status: 'completed' })).to.equal('任务已办结');
    expect(codeText('too-many-sign-ins', { retryAfterS: 125 })).to.equal('登录失败次数过多，请 3 分钟后再试');
    langStore.set('en');
    expect(codeText('task.closed', { taskId: 't1', status: 'completed' })).to.equal('The task is completed');
    expect(codeText('task.claimed-by-other', { assignee: 'wangwei' })).to.equal(
      'The task is held by wangwei',
    );
    expect(codeText('no.such.code')).to.equal(undefined);
  });

  it('words field details, the field named or left to the form beside it', () => {
    const d = {
      path: '/gridUnit',
      message: 'must match pattern',
      code: 'field.pattern',
      params: { field: 'gridUnit' },
    };
    expect(problemText(d)).to.equal('gridUnit 格式不正确');
    expect(problemText(d, '网格')).to.equal('网格 格式不正确');
    langStore.set('en');
    expect(problemText(d, 'Grid')).to.equal('Grid has the wrong format');
    // a query parameter's problem is a field code of its own, worded inside (once, not recursively)
    const query = {
      code: 'invalid-parameter',
      params: { field: 'lat', limit: 90, problem: 'field.maximum' },
    };
    langStore.set('zh');
    expect(problemText({ message: 'x', ...query })).to.equal('参数 lat 无效：lat 不能大于 90');
    langStore.set('en');
    expect(problemText({ message: 'x', ...query })).to.equal('Invalid parameter lat: lat must be at most 90');
    // a detail without a code: the server's text is all there is
    expect(problemText({ message: 'whatever' })).to.equal('whatever');
  });

  it('deploy problems from their codes: element types, nested reasons, rungs and positions in words', () => {
    const worker = {
      path: 'task',
      message: 'service task needs grid:workerType',
      code: 'service-task.worker-type',
    };
    expect(problemText(worker)).to.equal('服务任务需要设置执行器类型（grid:workerType）');
    // a nested reason is a code of its own, worded in the same language
    const cycle = {
      path: 'b',
      message: 'bad timer cycle "R3/P1X": bad ISO-8601 duration "P1X"',
      code: 'cycle.duration',
      params: { value: 'R3/P1X', cause: { code: 'duration.invalid', params: { value: 'P1X' } } },
    };
    expect(problemText(cycle)).to.equal('无效的定时周期 "R3/P1X"：无效的 ISO-8601 时长 "P1X"');
    const step = { code: 'level.unknown', params: { level: 'planet', known: ['grid', 'street'], step: 2 } };
    expect(codeText(step.code, step.params)).to.equal(
      '升级阶梯第 2 级：未知的网格层级 "planet"（可用：grid；street）',
    );
    expect(codeText('unsupported.element', { bpmnType: 'bpmn:ScriptTask' })).to.equal(
      '不支持的元素：脚本任务（bpmn:ScriptTask）',
    );
    expect(codeText('node.no-incoming', { nodeKind: 'userTask' })).to.equal('用户任务没有流入的连线');
    expect(codeText('id.duplicate', { id: 'a', line: 3, column: 7 })).to.equal(
      'ID "a" 重复（第 3 行第 7 列）',
    );
    expect(codeText('id.duplicate', { id: 'a' })).to.equal('ID "a" 重复');
    langStore.set('en');
    expect(problemText(cycle)).to.equal('Invalid timer cycle "R3/P1X": Invalid ISO-8601 duration "P1X"');
    expect(codeText(step.code, step.params)).to.equal(
      'Escalation step 2: Unknown grid level "planet" (known: grid; street)',
    );
    expect(codeText('unsupported.element', { bpmnType: 'bpmn:ScriptTask' })).to.equal(
      'Unsupported element: bpmn:ScriptTask',
    );
    expect(codeText('id.duplicate', { id: 'a', line: 3, column: 7 })).to.equal(
      'Duplicate id "a" (line 3, column 7)',
    );
    expect(codeText('node.no-incoming', { nodeKind: 'userTask' })).to.equal(
      'The user task has no incoming flow',
    );
  });

  it('the fallback for an unexpected uncoded deploy problem: its text as written, in either language', () => {
    const d = { path: 'task', message: 'odd', code: 'deploy.problem', params: { message: 'odd' } };
    expect(problemText(d)).to.equal('odd');
    langStore.set('en');
    expect(problemText(d)).to.equal('odd');
  });

  it('notifications by type, the stored title for those without one', () => {
    const typed = {
      title: '超期升级：清理垃圾（第1网格 → 明天社区）',
      message: {
        type: 'sla.escalated',
        params: { taskName: '清理垃圾', fromUnit: '第1网格', toUnit: '明天社区', level: 'community' },
      },
    };
    const order = {
      title: '督办单即将到期：C-1',
      body: '请于 … 前回复：请核查',
      message: { type: 'order.warn', params: { kind: 'duban', caseNo: 'C-1', content: '请核查', dueAt: 0 } },
    };
    const old = { title: '旧通知', body: '正文' };
    expect(notificationTitle(typed)).to.equal('超期升级：清理垃圾（第1网格 → 明天社区）');
    expect(notificationTitle(order)).to.equal('督办单即将到期：C-1');
    langStore.set('en');
    expect(notificationTitle(typed)).to.equal('Escalated: 清理垃圾 (第1网格 → 明天社区)');
    expect(notificationTitle(order)).to.equal('Supervision order due soon: C-1');
    expect(notificationBody(order)).to.match(/^Reply by .+: 请核查$/);
    expect(notificationTitle(old)).to.equal('旧通知');
    expect(notificationBody(old)).to.equal('正文');
  });
});
