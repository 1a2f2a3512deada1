import { expect } from 'chai';
import { compileDefinition } from '../../engine/model/compile.js';
import { DeploymentError } from '../../engine/model/types.js';
import {
  filterHistory,
  keepsHistory,
  levelOfAction,
  type HistoryLevel,
} from '../../engine/retention/history-level.js';
import type { HistoryRecord } from '../../engine/runtime/types.js';
import { GRID1, testEngine, type TestEngine } from '../helpers/engine.js';
import { retentionProcess } from './fixtures.js';

describe('retention: history levels', () => {
  describe('the level table', () => {
    it('keeps lifecycle records at every level, who-did-what from audit up, data only at full', () => {
      const cases: Array<[string, HistoryLevel]> = [
        ['instance-started', 'activity'],
        ['leave', 'activity'],
        ['task-completed', 'activity'],
        ['task-claimed', 'audit'],
        ['task-reassigned', 'audit'],
        ['escalated', 'audit'],
        ['supervision-duban-replied', 'audit'],
        ['variables-updated', 'full'],
        // unknown kinds: never lost at the default level, dropped only at the leanest
        ['something-new', 'audit'],
      ];
      for (const [action, lowest] of cases) expect(levelOfAction(action), action).to.equal(lowest);
      expect(keepsHistory('activity', 'task-claimed')).to.equal(false);
      expect(keepsHistory('audit', 'task-claimed')).to.equal(true);
      expect(keepsHistory('audit', 'variables-updated')).to.equal(false);
      expect(keepsHistory(undefined, 'variables-updated')).to.equal(true);
      const recs = ['enter', 'variables-updated', 'task-claimed'].map((action) => ({ action }));
      expect(filterHistory('activity', recs).map((r) => r.action)).to.deep.equal(['enter']);
      expect(filterHistory('full', recs)).to.equal(recs);
    });
  });

  describe('deploy validation', () => {
    const codes = async (attrs: string) => {
      try {
        await compileDefinition(retentionProcess('rv', attrs));
      } catch (err) {
        expect(err).to.be.instanceOf(DeploymentError);
        return (err as DeploymentError).details.map((d) => ({ code: d.code, elementId: d.elementId }));
      }
      return [];
    };

    it('refuses an unknown level and a time to live that is not P<n>D, naming the process', async () => {
      expect(await codes('grid:historyLevel="verbose"')).to.deep.equal([
        { code: 'history.level', elementId: 'rv' },
      ]);
      for (const bad of ['180', 'P6M', 'PT24H', 'P-1D', 'P99999D', ''])
        expect(await codes(`grid:historyTimeToLive="${bad}"`), bad).to.deep.equal([
          { code: 'history.ttl', elementId: 'rv' },
        ]);
      expect(await codes('grid:historyLevel="none" grid:historyTimeToLive="1 year"')).to.have.deep.members([
        { code: 'history.level', elementId: 'rv' },
        { code: 'history.ttl', elementId: 'rv' },
      ]);
    });

    it('compiles the level and the days; absent attributes leave both unset', async () => {
      const c = await compileDefinition(
        retentionProcess('rv', 'grid:historyLevel=" audit " grid:historyTimeToLive="P180D"'),
      );
      expect(c).to.include({ historyLevel: 'audit', historyTtlDays: 180 });
      expect(
        (await compileDefinition(retentionProcess('rv', 'grid:historyTimeToLive="P0D"'))).historyTtlDays,
      ).to.equal(0);
      const plain = await compileDefinition(retentionProcess('rv'));
      expect(plain.historyLevel).to.equal(undefined);
      expect(plain.historyTtlDays).to.equal(undefined);
    });
  });

  describe('records written per level', () => {
    let t: TestEngine;
    before(async () => {
      t = await testEngine();
    });
    after(() => t.close());

    /** Runs one case of the process at `level`: start with data, claim, complete with form data. */
    async function runAt(level: HistoryLevel | undefined) {
      const key = `lvl_${level ?? 'default'}`;
      await t.engine.deploy(retentionProcess(key, level ? `grid:historyLevel="${level}"` : ''));
      const s = await t.engine.start(key, { gridUnit: GRID1, variables: { note: '楼道堆物' } }, 'wangwei');
      await t.engine.waitForIdle(s._id);
      const [task] = await t.engine.openTasksOfCase(s._id);
      await t.engine.claim(task._id, 'wangwei');
      await t.engine.completeTask(task._id, 'wangwei', { result: '已清理' });
      const done = await t.engine.waitForIdle(s._id);
      expect(done.status).to.equal('completed');
      return { s: done, history: await t.engine.history(s._id) };
    }

    it('writes the subset of the full history that each level keeps', async () => {
      const full = await runAt('full');
      const kinds = (h: HistoryRecord[]) => h.map((r) => r.action);
      // the case did all three kinds of thing
      expect(kinds(full.history)).to.include.members([
        'instance-started',
        'task-created',
        'task-claimed',
        'task-completed',
        'variables-updated',
        'instance-completed',
      ]);
      expect(kinds((await runAt(undefined)).history)).to.deep.equal(kinds(full.history));
      for (const level of ['audit', 'activity'] as const) {
        const run = await runAt(level);
        const expected = kinds(full.history).filter((a) => keepsHistory(level, a));
        expect(kinds(run.history), level).to.deep.equal(expected);
        expect(expected.length).to.be.lessThan(full.history.length);
      }
      const activity = kinds((await runAt('activity')).history);
      expect(activity).to.not.include.members(['task-claimed']);
      expect(activity).to.not.include('variables-updated');
      expect(activity).to.include('task-completed');
    });

    it('keeps the case file and the history pages working at the leanest level', async () => {
      const { s, history } = await runAt('activity');
      const file = await t.engine.caseFile(s);
      expect(file.steps.map((x) => [x.nodeId, x.completedBy])).to.deep.equal([['handle', 'wangwei']]);
      expect(file.steps[0].fields.map((f) => f.value)).to.include('已清理');
      const page = await t.engine.historyPage(s._id, { limit: 100 });
      expect(page.total).to.equal(history.length);
      expect(page.items.map((r) => r._id)).to.deep.equal(history.map((r) => r._id));
      // the case itself still carries its variables: the level trims the history, not the case
      expect(s.variables).to.include({ result: '已清理', note: '楼道堆物' });
    });
  });
});
