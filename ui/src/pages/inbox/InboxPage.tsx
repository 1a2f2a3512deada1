// 我的待办: open tasks of my units sorted by due time (live), the selected task's panel, start a case.
// Wide screens show the list and the task side by side; narrow ones (≤ 900 px) one at a time: the list, or
// the selected task full-width with a way back. `/tasks/<id>` (and `#/tasks/<id>`) open a task directly.
import { useEffect, useState } from 'react';
import { api, taskId } from '../../api';
import { DraftsBanner } from '../../components/DraftsBanner';
import { Async } from '../../components/States';
import { useI18n } from '../../i18n';
import { useLiveEvent } from '../../lib/events';
import { useRequest, useThrottled } from '../../lib/hooks';
import { navigate, useLocation } from '../../lib/router';
import type { Task } from '../../types';
import { CaseSearch } from './CaseSearch';
import { InvolvedList } from './InvolvedList';
import { StartCaseDialog } from './StartCaseDialog';
import { TaskList } from './TaskList';
import { TaskPanel } from './TaskPanel';

/** Earliest due first; tasks without a due date last, then oldest first. */
export function byDue(a: Task, b: Task): number {
  const da = a.dueAt ?? Number.POSITIVE_INFINITY;
  const db = b.dueAt ?? Number.POSITIVE_INFINITY;
  return da === db ? a.createdAt - b.createdAt : da - db;
}

export function InboxPage({ taskRoute }: { taskRoute?: string } = {}) {
  const { t } = useI18n();
  const { query } = useLocation();
  const selected = taskRoute ?? query.get('task');
  const [starting, setStarting] = useState(false);
  const [mineOnly, setMineOnly] = useState(false);
  // 待办 (my tasks) or 我经手的 (cases I opened or handled), as `?tab=involved` so it survives a reload
  const involved = query.get('tab') === 'involved';
  // my units' open tasks (candidate roles) plus those assigned to me; mine=1 narrows to the latter
  const tasks = useRequest(async () => {
    const page = await api.tasks({ mine: mineOnly, status: 'open' });
    return page.items.filter((x) => x.status === 'open').sort(byDue);
  }, [mineOnly]);
  useLiveEvent('task', useThrottled(tasks.reload, 400));
  useEffect(() => {
    // back online, or a report written offline just opened its case: look again
    const again = () => tasks.reload();
    window.addEventListener('online', again);
    window.addEventListener('grid:drafts-sent', again);
    return () => {
      window.removeEventListener('online', again);
      window.removeEventListener('grid:drafts-sent', again);
    };
  }, [tasks.reload]);
  const select = (id: string | null) =>
    navigate(id ? `/inbox?task=${encodeURIComponent(id)}` : '/inbox', { replace: true });

  return (
    <div className={`page page--split ${selected ? 'page--detail-open' : ''}`}>
      <section className="pane pane--list">
        <header className="pane__head">
          <h1>
            {t('inbox.title')}
            {tasks.data && <span className="count">{tasks.data.length}</span>}
          </h1>
          <label className="toggle">
            <input type="checkbox" checked={mineOnly} onChange={(e) => setMineOnly(e.target.checked)} />
            {t('inbox.mineOnly')}
          </label>
          <button className="btn btn--primary" onClick={() => setStarting(true)}>
            + {t('start.button')}
          </button>
        </header>
        <DraftsBanner />
        <div className="tabs" role="tablist">
          <button
            role="tab"
            aria-selected={!involved}
            className={`tabs__tab ${involved ? '' : 'tabs__tab--on'}`}
            onClick={() => navigate('/inbox', { replace: true })}
          >
            {t('inbox.tabTasks')}
          </button>
          <button
            role="tab"
            aria-selected={involved}
            data-testid="tab-involved"
            className={`tabs__tab ${involved ? 'tabs__tab--on' : ''}`}
            onClick={() => navigate('/inbox?tab=involved', { replace: true })}
          >
            {t('inbox.tabInvolved')}
          </button>
        </div>
        <CaseSearch />
        {involved ? (
          <InvolvedList />
        ) : (
          <Async
            state={tasks}
            empty={(l) => !l.length}
            emptyTitle={t('inbox.empty')}
            emptyHint={t('inbox.emptyHint')}
          >
            {(list) => <TaskList tasks={list} selected={selected} onSelect={(x) => select(taskId(x))} />}
          </Async>
        )}
      </section>
      <section className="pane pane--detail">
        {selected ? (
          <TaskPanel
            key={selected}
            id={selected}
            onChanged={tasks.reload}
            onBack={() => select(null)}
            onDone={() => {
              tasks.reload();
              select(null);
            }}
          />
        ) : (
          <div className="state state--empty">
            <div className="state__title">{t(involved ? 'involved.pick' : 'inbox.pick')}</div>
          </div>
        )}
      </section>
      {starting && (
        <StartCaseDialog
          onClose={() => setStarting(false)}
          onStarted={(id, firstTaskId) => {
            setStarting(false);
            tasks.reload();
            // the first step is the starter's, pre-filled: open it to review and complete
            navigate(
              firstTaskId
                ? `/inbox?task=${encodeURIComponent(firstTaskId)}`
                : `/cases/${encodeURIComponent(id)}`,
            );
          }}
        />
      )}
    </div>
  );
}
