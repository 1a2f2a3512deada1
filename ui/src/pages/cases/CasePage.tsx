// 案件详情: facts, diagram (lazy viewer), tasks with supervisor actions (a completed one opens what it
// submitted), the case file (案卷), history, escalations.
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { api, taskId } from '../../api';
import { CaseLabel } from '../../components/CaseLabel';
import { CaseFileView } from '../../components/casefile/CaseFileView';
import { CaseLocation } from './CaseLocation';
import { CaseVisitPanel } from './CaseVisit';
import { Async, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { useLiveEvent } from '../../lib/events';
import { formatDateTime } from '../../lib/format';
import { useRequest, useThrottled } from '../../lib/hooks';
import { statusLabel } from '../../lib/labels';
import type { CaseFileStep, Task } from '../../types';
import { CaseActions } from './CaseActions';
import { CalledCases } from './CalledCases';
import { CaseTasks } from './CaseTasks';
import { EscalationList } from './EscalationList';
import { CaseHistory } from './CaseHistory';
import { StepDialog } from './StepDialog';
import { SupervisionOrders } from './SupervisionOrders';

const CaseDiagram = lazy(() => import('./CaseDiagram'));

export function CasePage({ id }: { id: string }) {
  const { t } = useI18n();
  const inst = useRequest(() => api.instance(id), [id]);
  const diagram = useRequest(() => api.diagram(id), [id]);
  const file = useRequest(() => api.caseFile(id), [id]);
  // a completed step picked in the task list or on the diagram: what it submitted
  const [shown, setShown] = useState<{ name: string; step?: CaseFileStep } | null>(null);
  const showTask = (x: Task) =>
    setShown({ name: x.name ?? x.nodeId, step: file.data?.steps.find((st) => st.taskId === taskId(x)) });
  const showNode = (nodeId: string) => {
    const step = file.data?.steps.filter((st) => st.nodeId === nodeId).pop();
    if (step) setShown({ name: step.name ?? nodeId, step });
  };
  const pickable = useMemo(() => [...new Set(file.data?.steps.map((st) => st.nodeId))], [file.data]);
  const refresh = useThrottled(() => {
    inst.reload();
    diagram.reload();
    file.reload();
  }, 500);
  const mine = (d: Record<string, unknown>) => d.instanceId === id || d.id === id;
  useLiveEvent('task', (d) => (mine(d) || d.reset === true) && refresh());
  useLiveEvent('escalation', (d) => mine(d) && refresh());
  useLiveEvent('instance', (d) => mine(d) && refresh());
  // a case opened a moment ago may not have its first task yet (steps run as jobs): look again shortly
  const retries = useRef(0);
  useEffect(() => {
    const s = inst.data;
    if (!s || s.status !== 'active' || s.tasks.length || retries.current >= 5) return;
    retries.current += 1;
    const timer = window.setTimeout(refresh, 600);
    return () => window.clearTimeout(timer);
  }, [inst.data, refresh]);

  return (
    <div className="page">
      <Async state={inst}>
        {(s) => (
          <>
            <header className="page__head">
              <h1>
                <CaseLabel caseNo={s.caseNo} title={s.title || s.processName || s.definitionKey} id={s.id} />
              </h1>
              <span className={`tag tag--${s.status}`}>{statusLabel(s.status)}</span>
              {s.supervised && <span className="tag tag--supervised">{t('sla.supervised')}</span>}
              <CaseActions s={s} onChanged={refresh} />
            </header>
            <dl className="facts facts--row">
              <dt>{t('case.process')}</dt>
              <dd>
                {s.processName ?? s.definitionKey}
                {s.businessKey && <span className="muted"> · {s.businessKey}</span>}
              </dd>
              <dt>{t('case.unit')}</dt>
              <dd>
                {(s.unitChain ?? [])
                  .map((u) => u.name)
                  .reverse()
                  .join(' › ') || s.gridUnit}
              </dd>
              <dt>{t('case.started')}</dt>
              <dd>
                {formatDateTime(s.startedAt)} {s.startedBy && <>· {s.startedBy}</>}
              </dd>
              {s.endedAt && (
                <>
                  <dt>{t('case.ended')}</dt>
                  <dd>{formatDateTime(s.endedAt)}</dd>
                </>
              )}
              <dt>{t('case.version')}</dt>
              <dd>v{s.definitionVersion}</dd>
            </dl>
          </>
        )}
      </Async>
      {inst.data && <CalledCases s={inst.data} />}
      <CaseLocation id={id} />
      <CaseVisitPanel id={id} />
      <section className="card">
        <h2>{t('case.diagram')}</h2>
        <Async state={diagram}>
          {(d) => (
            <Suspense fallback={<Loading label={t('case.loadingViewer')} />}>
              <CaseDiagram
                xml={d.xml}
                active={d.activeNodeIds ?? []}
                completed={d.completedNodeIds ?? []}
                pickable={pickable}
                onPick={showNode}
              />
            </Suspense>
          )}
        </Async>
      </section>
      <section className="card" data-testid="case-file-card">
        <h2>{t('file.title')}</h2>
        <Async state={file}>
          {(f) => (
            <CaseFileView
              file={f}
              onChanged={() => {
                file.reload();
                inst.reload(); // the comment is in the history too
              }}
            />
          )}
        </Async>
      </section>
      {inst.data && (
        <div className="grid-2">
          <section className="card">
            <h2>{t('case.tasks')}</h2>
            <CaseTasks
              instance={inst.data}
              tasks={inst.data.tasks}
              onChanged={refresh}
              onShowStep={showTask}
            />
            <h2>{t('case.escalations')}</h2>
            <EscalationList items={inst.data.escalations ?? []} />
            <h2>{t('case.orders')}</h2>
            <SupervisionOrders
              orders={inst.data.supervisionOrders ?? []}
              onChanged={refresh}
              caseRef={{
                caseNo: inst.data.caseNo,
                title: inst.data.title || inst.data.processName || inst.data.definitionKey,
                businessKey: inst.data.businessKey,
              }}
            />
          </section>
          <section className="card">
            <h2>{t('case.history')}</h2>
            <CaseHistory
              instanceId={id}
              newest={inst.data.history ?? []}
              total={inst.data.historyTotal}
              cursor={inst.data.historyCursor}
              names={Object.fromEntries(inst.data.tasks.map((x) => [x.nodeId, x.name ?? x.nodeId]))}
            />
          </section>
        </div>
      )}
      {shown && (
        <StepDialog
          name={shown.name}
          step={shown.step}
          people={file.data?.people}
          onClose={() => setShown(null)}
        />
      )}
    </div>
  );
}
