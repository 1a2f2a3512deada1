// One task: facts, claim/unclaim, pause/resume, the case file (案卷: report and earlier steps), and its form
// (completion), pre-filled from the case variables.
import { useState } from 'react';
import { api } from '../../api';
import { CaseLabel } from '../../components/CaseLabel';
import { CaseFilePanel } from '../../components/casefile/CaseFilePanel';
import { DelegateActions } from './DelegateDialog';
import { Link } from '../../components/Link';
import { SlaBadge } from '../../components/SlaBadge';
import { Async } from '../../components/States';
import { useI18n } from '../../i18n';
import { useLiveEvent } from '../../lib/events';
import { formatDateTime } from '../../lib/format';
import { useRequest, useThrottled } from '../../lib/hooks';
import { levelLabel, roleLabel } from '../../lib/labels';
import { sessionStore } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { useUnitName } from '../../lib/unitNames';
import type { Task } from '../../types';
import { DispatchDialog } from './DispatchDialog';
import { PauseDialog } from './PauseDialog';
import { RequestDialog, type RequestKind } from './RequestDialog';
import { TaskForm } from './TaskForm';

export function TaskPanel({
  id,
  onChanged,
  onDone,
  onBack,
}: {
  id: string;
  onChanged: () => void;
  onDone: () => void;
  /** back to the list (shown on narrow screens, where the panel replaces the list) */
  onBack?: () => void;
}) {
  const { t } = useI18n();
  const unitName = useUnitName();
  const detail = useRequest(() => api.task(id), [id]);
  const [pausing, setPausing] = useState(false);
  const [asking, setAsking] = useState<RequestKind | null>(null);
  const [dispatching, setDispatching] = useState(false);
  const refresh = () => {
    detail.reload();
    onChanged();
  };
  useLiveEvent(
    'task',
    useThrottled(() => detail.reload(), 400),
  );
  const run = async (op: () => Promise<unknown>, done: string) => {
    try {
      await op();
      toast('success', done);
    } catch {
      // reported by the fetch wrapper
    }
    refresh();
  };
  const back = onBack && (
    <button className="btn btn--ghost task-panel__back" data-testid="task-back" onClick={onBack}>
      ‹ {t('inbox.back')}
    </button>
  );
  return (
    <>
      {back}
      <Async state={detail}>
        {({ task, formSchema, variables, chain }) => {
          const me = sessionStore.get()?.user.username;
          const mine = task.assignee === me;
          const open = task.status === 'open';
          // 退单 / 延期 / 挂账 are for whoever holds the step while it is at a unit (not waiting, not parked)
          const holder = open && (mine || (!task.assignee && !!task.can?.act) || !!task.can?.supervise);
          const askable = holder && !task.returned && !task.parked && !task.request;
          return (
            <article className="task-panel" data-testid="task-panel">
              <Link className="task-panel__case" href={`/cases/${encodeURIComponent(task.instanceId)}`}>
                <CaseLabel
                  caseNo={task.caseNo}
                  title={task.caseTitle}
                  id={task.instanceId}
                  grid={task.gridUnit ? unitName(task.gridUnit) : undefined}
                />
              </Link>
              <header className="task-panel__head">
                <h2>{task.name ?? task.nodeId}</h2>
                <SlaBadge
                  state={task.slaState}
                  dueAt={task.assessDueAt ?? task.dueAt}
                  paused={!!task.paused}
                  parked={!!task.parked}
                  supervised={task.supervised}
                />
              </header>
              <TaskFacts task={task} />
              {task.paused && (
                <div className="banner banner--info">
                  {t('task.pausedSince', { at: formatDateTime(task.paused.since) })}
                  {task.paused.reason && <> — {task.paused.reason}</>}
                </div>
              )}
              {task.returned && (
                <div className="banner banner--warning" data-testid="task-returned">
                  {t('task.returnedBanner', {
                    unit: unitName(task.returned.unit),
                    at: formatDateTime(task.returned.at),
                    reason: task.returned.reason,
                  })}
                </div>
              )}
              {task.parked && (
                <div className="banner banner--info" data-testid="task-parked">
                  {t('task.parkedBanner', { at: formatDateTime(task.parked.reviewAt) })}
                </div>
              )}
              {task.request && (
                <div className="banner banner--info" data-testid="task-request">
                  {t(`task.requestPending.${task.request.kind}`, {
                    at: formatDateTime(task.request.dueAt ?? task.request.reviewAt),
                  })}{' '}
                  — {task.request.reason}
                </div>
              )}
              {open ? (
                <div className="actions">
                  {!task.assignee && (
                    <button
                      className="btn btn--primary"
                      data-action="claim"
                      onClick={() => run(() => api.claim(id), t('task.claimed'))}
                    >
                      {t('task.claim')}
                    </button>
                  )}
                  {mine && (
                    <button
                      className="btn"
                      data-action="unclaim"
                      onClick={() => run(() => api.unclaim(id), t('task.unclaimed.done'))}
                    >
                      {t('task.unclaim')}
                    </button>
                  )}
                  {/* 委派 (delegation) and 办完交回 */}
                  <DelegateActions task={task} me={me ?? ''} onChanged={refresh} />
                  {(mine || task.can?.act) &&
                    (task.paused ? (
                      <button className="btn" onClick={() => run(() => api.resume(id), t('task.resumed'))}>
                        {t('task.resume')}
                      </button>
                    ) : (
                      <button className="btn" onClick={() => setPausing(true)}>
                        {t('task.pause')}
                      </button>
                    ))}
                  {askable && (
                    <>
                      <button className="btn" data-action="return" onClick={() => setAsking('return')}>
                        {t('request.return.button')}
                      </button>
                      {task.dueAt !== undefined && (
                        <button
                          className="btn"
                          data-action="extension"
                          onClick={() => setAsking('extension')}
                        >
                          {t('request.extension.button')}
                        </button>
                      )}
                      <button className="btn" data-action="backlog" onClick={() => setAsking('backlog')}>
                        {t('request.backlog.button')}
                      </button>
                    </>
                  )}
                  {task.returned && task.can?.supervise && (
                    <button
                      className="btn btn--primary"
                      data-action="dispatch"
                      onClick={() => setDispatching(true)}
                    >
                      {t('dispatch.button')}
                    </button>
                  )}
                </div>
              ) : (
                <div className="banner banner--info">
                  {t('task.closed', { status: t(`status.${task.status}`) })}
                </div>
              )}
              <details className="task-panel__file" open data-testid="task-case-file">
                <summary>
                  <h3>{t('file.title')}</h3>
                </summary>
                <CaseFilePanel instanceId={task.instanceId} version={task.status} />
              </details>
              {open && (
                <section className="task-panel__form">
                  <h3>{formSchema?.title ?? t('task.form')}</h3>
                  {!mine && <p className="muted">{t('task.claimFirst')}</p>}
                  <TaskForm
                    taskId={id}
                    instanceId={task.instanceId}
                    schema={formSchema ?? undefined}
                    variables={variables}
                    disabled={!mine}
                    onCompleted={() => {
                      toast('success', t('task.completed'));
                      onDone();
                    }}
                  />
                </section>
              )}
              {asking && (
                <RequestDialog
                  kind={asking}
                  onClose={() => setAsking(null)}
                  onSubmit={async (reason, date) => {
                    if (asking === 'return') await api.returnTask(id, reason);
                    else if (asking === 'extension') await api.requestExtension(id, reason, date!);
                    else await api.requestBacklog(task.instanceId, id, reason, date!);
                    setAsking(null);
                    toast('success', t(`request.${asking}.done`));
                    // a returned step leaves the unit: it is no longer in this inbox
                    if (asking === 'return') onDone();
                    else refresh();
                  }}
                />
              )}
              {dispatching && task.returned && (
                <DispatchDialog
                  chain={chain ?? []}
                  returned={task.returned}
                  onClose={() => setDispatching(false)}
                  onDispatch={async (unit, roles) => {
                    await api.dispatch(id, unit, roles);
                    setDispatching(false);
                    toast('success', t('dispatch.done'));
                    refresh();
                  }}
                />
              )}
              {pausing && (
                <PauseDialog
                  onClose={() => setPausing(false)}
                  onPause={async (reason) => {
                    await api.pause(id, reason);
                    setPausing(false);
                    toast('success', t('task.paused'));
                    refresh();
                  }}
                />
              )}
            </article>
          );
        }}
      </Async>
    </>
  );
}

function TaskFacts({ task }: { task: Task }) {
  const { t } = useI18n();
  const unitName = useUnitName();
  return (
    <dl className="facts">
      <dt>{t('task.process')}</dt>
      <dd>
        {task.processName ?? task.definitionKey}
        {task.definitionVersion !== undefined && <span className="muted"> v{task.definitionVersion}</span>}
      </dd>
      <dt>{t('task.case')}</dt>
      <dd>
        <Link href={`/cases/${encodeURIComponent(task.instanceId)}`}>{task.caseNo ?? task.instanceId}</Link>
        {task.businessKey && <span className="muted"> · {task.businessKey}</span>}
      </dd>
      <dt>{t('task.unit')}</dt>
      <dd>
        {task.unitName ?? unitName(task.unit)} · {levelLabel(task.level)}
      </dd>
      <dt>{t('task.roles')}</dt>
      <dd>{(task.candidateRoles ?? []).map(roleLabel).join('、') || '—'}</dd>
      <dt>{t('task.assignee')}</dt>
      <dd>{task.assignee ?? t('task.unclaimed')}</dd>
      <dt>{t('task.created')}</dt>
      <dd>{formatDateTime(task.createdAt)}</dd>
      <dt>{t('task.due')}</dt>
      <dd>{formatDateTime(task.dueAt)}</dd>
    </dl>
  );
}
